"""Login throttling: a fixed window of failed attempts per account and per client address.

Counts live in the shared database cache, so every app process sees the same numbers.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(email: str, ip: str) -> list[str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:email:{digest}", f"login-fail:ip:{ip}"]


def _limits() -> list[int]:
    # An address may cover a whole office behind one NAT, so it gets more room than one account.
    return [settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT * 4]


def is_locked(email: str, ip: str) -> bool:
    counts = [cache.get(key, 0) for key in _keys(email, ip)]
    return any(count >= limit for count, limit in zip(counts, _limits(), strict=True))


def record_failure(email: str, ip: str) -> None:
    for key in _keys(email, ip):
        if cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def clear(email: str, ip: str) -> None:
    cache.delete(_keys(email, ip)[0])


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")
