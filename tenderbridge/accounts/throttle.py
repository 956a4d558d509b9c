"""Login throttling: a fixed window of failed attempts per (account, client address), and per address.

Why not per account alone: anyone who knows an address could then lock its owner out with five wrong passwords
from anywhere. Counting an account's failures per address throttles a guesser at that address and leaves the owner,
elsewhere, free to sign in. The per-address count (4× the limit: an office behind one NAT) stops one address from
trying passwords across many accounts. The owner is never shut out for long: a password-reset link signs them in
(accounts/views.py) and forgets every count of their account (`forget_account`), whatever the address.

Counts live in the shared database cache, so every app process sees the same numbers.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _account(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _generation(email: str) -> int:
    """The account's generation: a password reset starts a new one, so its old counts no longer apply."""
    return cache.get(f"login-gen:{_account(email)}", 0)


def _keys(email: str, ip: str) -> list[str]:
    pair = hashlib.sha256(f"{_account(email)}|{_generation(email)}|{ip}".encode()).hexdigest()[:32]
    return [f"login-fail:pair:{pair}", f"login-fail:ip:{ip}"]


def _limits() -> list[int]:
    # An address may cover a whole office behind one NAT, so it gets more room than one account there.
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
    """A successful sign-in forgets that account's failures at that address."""
    cache.delete(_keys(email, ip)[0])


def forget_account(email: str) -> None:
    """Forget the account's failures at every address (after the owner reset the password)."""
    key = f"login-gen:{_account(email)}"
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=None)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")
