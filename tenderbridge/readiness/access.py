"""Who may read which readiness check: the firm's own users (or its API token) and programme operators.
Anyone else gets "not found", so whether a firm has a check never leaks."""

from tenderbridge.accounts.models import Organisation, User
from tenderbridge.suppliers import access as supplier_access
from tenderbridge.suppliers.services import is_operator

from .models import Evidence, ReadinessCheck


def supplier_organisation(actor: User | Organisation) -> Organisation | None:
    """The supplier organisation a user (or an organisation's API token) acts for."""
    if isinstance(actor, Organisation):
        return actor if actor.kind == Organisation.Kind.SUPPLIER else None
    return supplier_access.supplier_organisation(actor)


def operator(actor: User | Organisation) -> bool:
    if isinstance(actor, Organisation):
        return actor.kind == Organisation.Kind.OPERATOR
    return actor.is_authenticated and is_operator(actor)


def readable_checks(actor: User | Organisation):
    if operator(actor):
        return ReadinessCheck.objects.all()
    organisation = supplier_organisation(actor)
    return ReadinessCheck.objects.filter(organisation=organisation) if organisation else ReadinessCheck.objects.none()


def readable_evidence(actor: User | Organisation, evidence_id: int) -> Evidence | None:
    checks = readable_checks(actor)
    return Evidence.objects.filter(pk=evidence_id, answer__check_run__in=checks).select_related("answer").first()
