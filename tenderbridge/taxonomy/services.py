"""Writes for the taxonomy: loading the UNSPSC and CPV code lists from the shared data folder."""

import time
from collections import Counter
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from django.db import models, transaction

from tenderbridge.lib.taxonomy import cpv, unspsc
from tenderbridge.lib.taxonomy.models import CPV_LEVELS, UNSPSC_LEVELS, JoinReport

from .models import CpvCode, UnspscCode

# Every file the two readers open, relative to the data folder.
REQUIRED_FILES = (unspsc.UNGM_CSV, unspsc.V7_CSV, cpv.EN_RO_CSV)

UNSPSC_FIELDS = ("level", "parent", "segment", "family", "title_en", "title_zh")
CPV_FIELDS = ("code", "level", "parent", "title_en", "title_zh")


class TaxonomyDataMissing(FileNotFoundError):
    """The data folder, or one of the files the import reads, is not there."""


@dataclass(frozen=True)
class SyncCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass(frozen=True)
class ImportReport:
    unspsc_by_level: dict[str, int]
    unspsc_zh_by_level: dict[str, int]
    cpv_by_level: dict[str, int]
    unspsc: SyncCounts
    cpv: SyncCounts
    join: JoinReport  # where each Chinese title came from (v7, corrections, supplement)
    seconds: float

    @property
    def unspsc_total(self) -> int:
        return sum(self.unspsc_by_level.values())

    @property
    def unspsc_with_zh(self) -> int:
        return sum(self.unspsc_zh_by_level.values())

    @property
    def cpv_total(self) -> int:
        return sum(self.cpv_by_level.values())

    def as_text(self) -> str:
        lines = [f"UNSPSC: {self.unspsc_total} codes, {self.unspsc_with_zh} with a Chinese title"]
        for level, total in self.unspsc_by_level.items():
            lines.append(f"  {level:<11} {total:>6}  with Chinese title {self.unspsc_zh_by_level[level]:>6}")
        lines.append(f"CPV: {self.cpv_total} codes")
        lines += [f"  {level:<11} {total:>6}" for level, total in self.cpv_by_level.items()]
        for name, counts in (("UNSPSC", self.unspsc), ("CPV", self.cpv)):
            lines.append(
                f"{name} rows: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged, {counts.deleted} deleted"
            )
        lines += ["Chinese titles by source:", self.join.as_table(), f"took {self.seconds:.1f} s"]
        return "\n".join(lines)


def check_data_dir(data_dir: str | PathLike[str]) -> Path:
    """Fail early, naming what is missing, rather than half-way through reading."""
    folder = Path(data_dir)
    if not folder.is_dir():
        raise TaxonomyDataMissing(f"The data folder {folder} does not exist.")
    missing = [str(folder / name) for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise TaxonomyDataMissing(f"These taxonomy files are missing: {', '.join(missing)}")
    return folder


def do_import_taxonomy(data_dir: str | PathLike[str]) -> ImportReport:
    """Load both code lists; rows already in the database that match the files are left untouched.

    The files are read before the transaction opens, so the write lock (SQLite) is held only while writing.
    """
    started = time.monotonic()
    folder = check_data_dir(data_dir)
    unspsc_codes, join = unspsc.unspsc_with_chinese(folder)
    unspsc_rows = [_unspsc_row(code) for code in unspsc_codes]
    cpv_rows = [_cpv_row(code) for code in cpv.read_cpv(folder)]
    with transaction.atomic():
        unspsc_counts = _sync(UnspscCode, unspsc_rows, UNSPSC_FIELDS)
        cpv_counts = _sync(CpvCode, cpv_rows, CPV_FIELDS)
    return ImportReport(
        unspsc_by_level=_count_by_level(unspsc_rows, UNSPSC_LEVELS),
        unspsc_zh_by_level=_count_by_level([r for r in unspsc_rows if r.title_zh], UNSPSC_LEVELS),
        cpv_by_level=_count_by_level(cpv_rows, CPV_LEVELS),
        unspsc=unspsc_counts,
        cpv=cpv_counts,
        join=join,
        seconds=time.monotonic() - started,
    )


def _unspsc_row(code) -> UnspscCode:
    return UnspscCode(
        code=code.code,
        level=code.level,
        parent_id=code.parent,
        segment=unspsc.segment_of(code.code),
        family=unspsc.family_of(code.code) or "",
        title_en=code.title_en,
        title_zh=code.title_zh or "",
    )


def _cpv_row(code) -> CpvCode:
    return CpvCode(
        code8=code.code8,
        code=code.code,
        level=code.level,
        parent_id=code.parent,
        title_en=code.title_en,
        title_zh=code.title_zh or "",
    )


def _count_by_level(rows, levels) -> dict[str, int]:
    counts = Counter(row.level for row in rows)
    return {level: counts[level] for level in levels}


def _sync(model: type[models.Model], rows: list, fields: tuple[str, ...]) -> SyncCounts:
    """Make the table hold exactly `rows`: upsert the new and changed ones, then delete the rest.

    Comparing first means a second run writes nothing. Rows are sorted by code, so a parent (a zero-padded
    prefix of its child's code) is written before its children even where foreign keys are checked early.
    """
    attnames = [model._meta.get_field(name).attname for name in fields]
    existing = {row[0]: row[1:] for row in model.objects.values_list("pk", *attnames)}
    rows = sorted(rows, key=lambda row: row.pk)
    changed = [row for row in rows if existing.get(row.pk) != tuple(getattr(row, a) for a in attnames)]
    if changed:
        model.objects.bulk_create(
            changed,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=[model._meta.pk.name],
            update_fields=list(fields),
        )
    # After the upsert no wanted row points at a stale one, so deleting cascades only to stale descendants.
    stale = existing.keys() - {row.pk for row in rows}
    if stale:
        model.objects.filter(pk__in=stale).delete()
    created = sum(1 for row in changed if row.pk not in existing)
    return SyncCounts(
        created=created,
        updated=len(changed) - created,
        unchanged=len(rows) - len(changed),
        deleted=len(stale),
    )
