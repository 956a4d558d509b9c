"""Writes of the readiness check, each in one transaction: loading a requirement set, starting a firm's check
(answers prefilled from its profile and carried over from its previous version), saving answers, and evidence
documents. Bad input is refused with a ValidationError naming the item; nothing of a refused request is stored.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenderbridge.accounts.models import Organisation, User
from tenderbridge.lib import uploads
from tenderbridge.suppliers import services as supplier_services
from tenderbridge.suppliers.models import SupplierProfile

from . import scoring
from .models import Answer, Evidence, Level, ReadinessCheck, Requirement, RequirementSet, Snapshot
from .prefill import answered_by_profile

DATA_DIR = Path(__file__).resolve().parent / "data"
REQUIREMENT_FIELDS = (
    "level", "weight", "text_en", "text_zh", "help_en", "help_zh", "action_en", "action_zh", "source_title",
    "source_url", "lesson", "evidence_required", "prefill",
)
MAX_EVIDENCE_PER_ITEM = 10


class NoRequirementSet(Exception):
    """No requirement set is published yet (run manage.py load_requirements)."""


# --- requirement sets -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    version: str
    status: str  # "created", "updated", "unchanged" (answered sets are never rewritten)
    requirements: int


def _parsed_requirements(data: dict, source: str) -> list[dict]:
    rows, keys = [], set()
    for index, item in enumerate(data.get("requirements") or []):
        where = f"{source}: requirements[{index}]"
        missing = [name for name in ("key", "level", "text_en", "source_title") if not item.get(name)]
        if missing:
            raise ValueError(f"{where} lacks {', '.join(missing)}")
        if item["level"] not in Level.values or item["key"] in keys:
            raise ValueError(f"{where}: unknown level {item['level']!r} or repeated key {item['key']!r}")
        if item.get("prefill", "") not in Requirement.Prefill.values:
            raise ValueError(f"{where}: unknown prefill rule {item['prefill']!r}")
        keys.add(item["key"])
        rows.append({"key": item["key"], "order": index, **{name: item.get(name, "") for name in REQUIREMENT_FIELDS}})
    if not rows:
        raise ValueError(f"{source}: no requirements")
    for row in rows:
        row["weight"], row["evidence_required"] = int(row["weight"] or 1), bool(row["evidence_required"])
    return rows


@transaction.atomic
def load_requirement_set(path: Path) -> LoadResult:
    """Load a requirement set data file; a version firms have answered is left as it is (make a new one)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data.get("version"):
        raise ValueError(f"{path}: a requirement set needs a version")
    rows = _parsed_requirements(data, str(path))
    fields = {"title_en": data.get("title_en", ""), "title_zh": data.get("title_zh", ""), "notes": data.get("notes", "")}
    found = RequirementSet.objects.select_for_update().filter(version=str(data["version"])).first()
    if found is not None and found.is_answered():
        return LoadResult(found.version, "unchanged", found.requirements.count())
    status = "updated" if found else "created"
    found = found or RequirementSet.objects.create(version=str(data["version"]), published=True, **fields)
    RequirementSet.objects.filter(pk=found.pk).update(**fields)
    found.requirements.all().delete()
    Requirement.objects.bulk_create([Requirement(requirement_set=found, **row) for row in rows])
    return LoadResult(found.version, status, len(rows))


def load_all_requirement_sets() -> list[LoadResult]:
    return [load_requirement_set(path) for path in sorted(DATA_DIR.glob("requirements-*.yaml"))]


@transaction.atomic
def do_copy_as_new_version(source: RequirementSet, version: str) -> RequirementSet:
    """A copy of a set under a new version, unpublished, for operators to edit and then publish."""
    if RequirementSet.objects.filter(version=version).exists():
        raise ValidationError(_("The version %(version)s exists already.") % {"version": version}, code="exists")
    copy = RequirementSet.objects.create(
        version=version, title_en=source.title_en, title_zh=source.title_zh, published=False,
        notes=_("Copied from version %(version)s.") % {"version": source.version},
    )  # fmt: skip
    rows = source.requirements.all()
    Requirement.objects.bulk_create(
        [Requirement(requirement_set=copy, key=r.key, order=r.order, **{f: getattr(r, f) for f in REQUIREMENT_FIELDS})
         for r in rows]
    )  # fmt: skip
    return copy


# --- a firm's check ---------------------------------------------------------------------------------------------


def current_set() -> RequirementSet:
    found = RequirementSet.objects.current()
    if found is None:
        raise NoRequirementSet
    return found


def _profile(organisation: Organisation) -> SupplierProfile | None:
    """The firm's profile (created from its sign-up data on first use, as the company pages do)."""
    try:
        profile = supplier_services.profile_for(organisation)
    except supplier_services.NotASupplier:
        return None
    return SupplierProfile.objects.with_details().get(pk=profile.pk)


@transaction.atomic
def do_start_check(organisation: Organisation, user: User | None = None) -> ReadinessCheck:
    """The firm's check against the current set, created on first use: each item answered from the previous
    version's answer with the same key, else from the profile, else left unanswered."""
    requirement_set = current_set()
    check, created = ReadinessCheck.objects.get_or_create(organisation=organisation, requirement_set=requirement_set)
    if not created:
        return check
    previous = (
        ReadinessCheck.objects.filter(organisation=organisation).exclude(pk=check.pk).order_by("-started").first()
    )
    carried = {a.requirement.key: a for a in previous.answers.select_related("requirement")} if previous else {}
    profile = _profile(organisation)
    for requirement in requirement_set.requirements.all():
        _first_answer(check, requirement, carried.get(requirement.key), profile, user)
    _snapshot(check)
    return check


def _first_answer(check, requirement, earlier: Answer | None, profile, user) -> Answer:
    if earlier is not None:
        answer = Answer.objects.create(
            check_run=check, requirement=requirement, status=earlier.status, note=earlier.note,
            from_profile=earlier.from_profile, answered_by=earlier.answered_by, answered_at=earlier.answered_at,
        )  # fmt: skip
        Evidence.objects.bulk_create(
            [Evidence(answer=answer, path=e.path, name=e.name, extension=e.extension, size=e.size,
                      sha256=e.sha256, uploaded_by=e.uploaded_by, uploaded=e.uploaded)
             for e in earlier.evidence.all()]
        )  # fmt: skip
        return answer
    if answered_by_profile(requirement, profile):
        return Answer.objects.create(
            check_run=check, requirement=requirement, status=Answer.Status.MET, from_profile=True,
            answered_at=timezone.now(),
        )  # fmt: skip
    return Answer.objects.create(check_run=check, requirement=requirement)


@transaction.atomic
def do_prefill(check: ReadinessCheck) -> int:
    """Answer from the profile the items still unanswered; returns how many."""
    profile, count = _profile(check.organisation), 0
    for answer in check.answers.select_related("requirement").filter(status=Answer.Status.UNANSWERED):
        if answered_by_profile(answer.requirement, profile):
            answer.status, answer.from_profile, answer.answered_at = Answer.Status.MET, True, timezone.now()
            answer.save(update_fields=["status", "from_profile", "answered_at"])
            count += 1
    if count:
        _touch(check)
    return count


@dataclass(frozen=True)
class AnswerInput:
    key: str
    status: str
    note: str = ""


@transaction.atomic
def do_save_answers(check: ReadinessCheck, answers: list[AnswerInput], user: User | None) -> scoring.Result:
    """Save the answers sent (others stay). Every key must be an item of the check's set and every status a
    known one: otherwise nothing is saved and the error names the item."""
    check = ReadinessCheck.objects.select_for_update().get(pk=check.pk)
    rows = {a.requirement.key: a for a in check.answers.select_related("requirement")}
    errors = []
    for given in answers:
        if given.key not in rows:
            errors.append(_("“%(key)s” is not a requirement of this check.") % {"key": given.key})
        elif given.status not in Answer.Status.values:
            errors.append(_("The answer to “%(key)s” must be one of: %(choices)s.") % {
                "key": given.key, "choices": ", ".join(Answer.Status.values)})  # fmt: skip
        elif len(given.note) > 2000:
            errors.append(_("The note on “%(key)s” can be at most 2000 characters.") % {"key": given.key})
    if errors:
        raise ValidationError(errors, code="invalid")
    for given in answers:
        _apply(rows[given.key], given, user)
    _touch(check)
    return result_for(check)


def _apply(answer: Answer, given: AnswerInput, user: User | None) -> None:
    if (answer.status, answer.note) == (given.status, given.note):
        return
    answer.status, answer.note, answer.from_profile = given.status, given.note, False
    answer.answered_by, answer.answered_at = user, timezone.now()
    answer.save(update_fields=["status", "note", "from_profile", "answered_by", "answered_at"])


def _touch(check: ReadinessCheck) -> None:
    ReadinessCheck.objects.filter(pk=check.pk).update(updated=timezone.now())
    _snapshot(check)


def _snapshot(check: ReadinessCheck) -> None:
    """Record the result when it differs from the last one recorded: the firm's progress over time."""
    result = result_for(check)
    last = check.snapshots.order_by("-taken", "-pk").first()
    if last is None or (last.ready_level, last.score) != (result.ready_level, result.score):
        Snapshot.objects.create(check_run=check, ready_level=result.ready_level, score=result.score)


# --- evidence ---------------------------------------------------------------------------------------------------


def upload_limit() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def refusal_message(error: uploads.UploadRefused) -> str:
    return _(uploads.MESSAGES[error.code]) % error.params


def do_add_evidence(check: ReadinessCheck, key: str, user: User | None, name: str, stream) -> Evidence:
    """Check and store a document for one item. Refused (ValidationError, code = the upload's refusal code)
    when the file breaks a rule of lib/uploads; the file is removed again if the database write fails."""
    answer = check.answers.select_related("requirement").filter(requirement__key=key).first()
    if answer is None:
        raise ValidationError(_("“%(key)s” is not a requirement of this check.") % {"key": key}, code="unknown")
    try:
        upload = uploads.check_upload(name, stream, upload_limit())
    except uploads.UploadRefused as error:
        raise ValidationError(refusal_message(error), code=error.code) from None
    relative = uploads.store(Path(settings.PRIVATE_MEDIA_ROOT), f"readiness/{check.organisation_id}", upload)
    try:
        return _save_evidence(answer, upload, relative, user)
    except BaseException:
        uploads.remove(Path(settings.PRIVATE_MEDIA_ROOT), relative)
        raise


@transaction.atomic
def _save_evidence(answer: Answer, upload: uploads.CheckedUpload, relative: str, user) -> Evidence:
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.evidence.count() >= MAX_EVIDENCE_PER_ITEM:
        raise ValidationError(
            _("An item can have at most %(limit)d documents.") % {"limit": MAX_EVIDENCE_PER_ITEM}, code="too_many"
        )
    evidence = Evidence.objects.create(
        answer=answer, path=relative, name=upload.name, extension=upload.kind.extension, size=upload.size,
        sha256=upload.sha256, uploaded_by=user,
    )  # fmt: skip
    _touch(answer.check_run)
    return evidence


@transaction.atomic
def do_delete_evidence(check: ReadinessCheck, evidence_id: int) -> None:
    evidence = Evidence.objects.filter(answer__check_run=check, pk=evidence_id).first()
    if evidence is None:
        raise Evidence.DoesNotExist(evidence_id)
    path = evidence.path
    evidence.delete()
    # A file carried over to a newer version's check is shared: remove it only when no row refers to it.
    if not Evidence.objects.filter(path=path).exists():
        transaction.on_commit(lambda: uploads.remove(Path(settings.PRIVATE_MEDIA_ROOT), path))
    _touch(check)


# --- reads shared by the pages, the API and the PDF -------------------------------------------------------------


def item_states(check: ReadinessCheck) -> list[scoring.ItemState]:
    answers = (
        check.answers.select_related("requirement")
        .prefetch_related("evidence")
        .order_by("requirement__order", "requirement__pk")
    )
    return [
        scoring.ItemState(a.requirement, a.status, a.from_profile, len(a.evidence.all()), a) for a in answers
    ]


def result_for(check: ReadinessCheck) -> scoring.Result:
    return scoring.compute(item_states(check))
