"""Writes for accounts and organisations; each runs in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, Membership, Organisation, User, hash_token


@dataclass(frozen=True)
class SignUp:
    organisation_name: str
    country: str
    full_name: str
    email: str
    password: str
    kind: str = Organisation.Kind.SUPPLIER


@transaction.atomic
def do_sign_up(data: SignUp) -> User:
    """Create an organisation and its first user, who owns it."""
    organisation = Organisation.objects.create(
        name=data.organisation_name, kind=data.kind, country=data.country
    )
    user = User.objects.create_user(email=data.email, password=data.password, full_name=data.full_name)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return user


@transaction.atomic
def do_set_time_zone(user: User, zone: str) -> None:
    """Save the zone every date is shown in ("" = automatic: the browser's, else the language's)."""
    user.time_zone = zone
    user.save(update_fields=["time_zone"])


@transaction.atomic
def do_add_member(organisation: Organisation, user: User, role: str = Membership.Role.MEMBER) -> Membership:
    return Membership.objects.create(user=user, organisation=organisation, role=role)


@transaction.atomic
def do_create_api_token(
    organisation: Organisation, name: str, created_by: User | None = None
) -> tuple[ApiToken, str]:
    """Return the token row and the raw secret, which is shown once and never stored."""
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        organisation=organisation, name=name, digest=hash_token(raw), hint=raw[:8], created_by=created_by
    )
    return token, raw


@transaction.atomic
def do_revoke_api_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked=None).update(revoked=timezone.now())


def token_organisation(raw: str) -> Organisation | None:
    """The organisation a raw token belongs to, or None when it is unknown or revoked."""
    token = ApiToken.objects.active().select_related("organisation").filter(digest=hash_token(raw)).first()
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.organisation
