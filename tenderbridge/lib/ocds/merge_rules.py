"""OCDS 1.1.5 merge rules, as a literal constant, and a ready-to-use ocdsmerge Merger.

ocdsmerge computes its rules from the release schema, and by default downloads the schema (and the list of
OCDS versions) from standard.open-contracting.org. The product must never depend on the network at run
time, so the rules are written out here. They are exactly what
`ocdsmerge.rules.get_merge_rules(".../ocds-schema-1.1.5/release-schema.json")` returns; the test
tests/lib/test_ocds_merge_rules.py recomputes them from the schema file and checks they are equal.

Paths not listed here follow the default OCDS rules: objects merge field by field, arrays of objects with
`id` merge by `id`, and any other value is replaced by the newer release's value.
"""

import warnings
from functools import cache

import ocdsmerge
from ocdsmerge.exceptions import DuplicateIdValueWarning

# Real publishers repeat ids inside arrays (one company as two parties); ocdsmerge then keeps the last object,
# which is the right outcome, but it warns once per release. Those warnings would flood the ingest logs.
warnings.filterwarnings("ignore", category=DuplicateIdValueWarning)

OMIT = "omitWhenMerged"
WHOLE = "wholeListMerge"

MERGE_RULES: dict[tuple[str, ...], str] = {
    ("awards", "amendment", "changes"): WHOLE,
    ("awards", "amendments", "changes"): WHOLE,
    ("awards", "items", "additionalClassifications"): WHOLE,
    ("awards", "suppliers", "additionalIdentifiers"): WHOLE,
    ("buyer", "additionalIdentifiers"): WHOLE,
    ("contracts", "amendment", "changes"): WHOLE,
    ("contracts", "amendments", "changes"): WHOLE,
    ("contracts", "implementation", "transactions", "payee", "additionalIdentifiers"): WHOLE,
    ("contracts", "implementation", "transactions", "payer", "additionalIdentifiers"): WHOLE,
    ("contracts", "items", "additionalClassifications"): WHOLE,
    ("contracts", "relatedProcesses", "relationship"): WHOLE,
    ("date",): OMIT,
    ("id",): OMIT,
    ("parties", "additionalIdentifiers"): WHOLE,
    ("parties", "roles"): WHOLE,
    ("relatedProcesses", "relationship"): WHOLE,
    ("tag",): OMIT,
    ("tender", "additionalProcurementCategories"): WHOLE,
    ("tender", "amendment", "changes"): WHOLE,
    ("tender", "amendments", "changes"): WHOLE,
    ("tender", "items", "additionalClassifications"): WHOLE,
    ("tender", "procuringEntity", "additionalIdentifiers"): WHOLE,
    ("tender", "submissionMethod"): WHOLE,
    ("tender", "tenderers", "additionalIdentifiers"): WHOLE,
}


@cache
def merger() -> ocdsmerge.Merger:
    """A Merger using MERGE_RULES; passing the rules stops ocdsmerge from fetching the schema."""
    return ocdsmerge.Merger(merge_rules=MERGE_RULES)


def compile_releases(releases: list[dict]) -> dict:
    """The compiled release of one ocid's releases (sorted by date by ocdsmerge; newer values win)."""
    return merger().create_compiled_release(releases)
