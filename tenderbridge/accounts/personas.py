"""The people TenderBridge is built for, as accounts: used by the demo loader and by the tests.

Every persona shares one demo password so a newcomer can try each role (see README).
"""

from dataclasses import dataclass

from django.db import transaction

from .models import Membership, Organisation, User

DEMO_PASSWORD = "demo-tenderbridge-2026"


@dataclass(frozen=True)
class Persona:
    email: str
    full_name: str
    organisation: str
    kind: str
    country: str
    role: str = Membership.Role.OWNER
    staff: bool = False


SUPPLIER_OWNER = Persona(
    "demo@tenderbridge.local",
    "Li Na 李娜",
    "Suzhou Medtex Co., Ltd. 苏州美德纺织有限公司",
    Organisation.Kind.SUPPLIER,
    "CN",
)
OTHER_SUPPLIER = Persona(
    "member@othersupplier.local",
    "Wang Fang 王芳",
    "Ningbo Solar Light Co. 宁波光能有限公司",
    Organisation.Kind.SUPPLIER,
    "CN",
    role=Membership.Role.MEMBER,
)
UN_BUYER = Persona(
    "buyer@unicef.local", "Amina Diallo", "UNICEF Supply Division", Organisation.Kind.BUYER, "DK"
)
OPERATOR = Persona(
    "operator@tenderbridge.local",
    "Chen Jing 陈静",
    "SME Procurement Bridge Programme",
    Organisation.Kind.OPERATOR,
    "CN",
    staff=True,
)

ALL = [SUPPLIER_OWNER, OTHER_SUPPLIER, UN_BUYER, OPERATOR]


@transaction.atomic
def ensure(persona: Persona, password: str = DEMO_PASSWORD) -> User:
    """Create the persona's organisation and user if missing; return the user (idempotent)."""
    organisation, _ = Organisation.objects.get_or_create(
        name=persona.organisation, defaults={"kind": persona.kind, "country": persona.country}
    )
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        user = User.objects.create_user(
            email=persona.email,
            password=password,
            full_name=persona.full_name,
            is_staff=persona.staff,
            is_superuser=persona.staff,
        )
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": persona.role})
    return user
