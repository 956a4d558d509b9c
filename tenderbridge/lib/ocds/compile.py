"""Compile the releases of one ocid into its compiled release.

Two or more releases always go through ocdsmerge (rules from merge_rules.py). For a single release — most
ocids in a feed, and every row of a statistics source — ocdsmerge's result is the release itself with
`tag: ["compiled"]` and `id: "<ocid>-<date>"`, *provided* the release has no null, no empty object or array and
no two array objects sharing an `id` (which ocdsmerge would drop or fold together). Checking that is ~20 times
cheaper than a merge, so such releases skip ocdsmerge; tests/lib/test_ocds_compile.py checks the shortcut
gives exactly ocdsmerge's output on every real release we have.
"""

from tenderbridge.lib.ocds.merge_rules import compile_releases

_OMITTED = ("id", "date", "tag")


def compile_group(releases: list[dict]) -> dict:
    if len(releases) == 1 and _plain(releases[0]):
        return _as_compiled(releases[0])
    return compile_releases(releases)


def _as_compiled(release: dict) -> dict:
    compiled = {"tag": ["compiled"], "id": f"{release.get('ocid')}-{release.get('date')}"}
    if "date" in release:
        compiled["date"] = release["date"]
    compiled.update((key, value) for key, value in release.items() if key not in _OMITTED)
    return compiled


def _plain(value) -> bool:
    """No null, no empty container, no duplicate ids among an array's objects, anywhere inside."""
    if isinstance(value, dict):
        return bool(value) and all(v is not None and _plain(v) for v in value.values())
    if isinstance(value, list):
        if not value:
            return False
        ids = [item.get("id") for item in value if isinstance(item, dict) and "id" in item]
        return len(ids) == len(set(map(repr, ids))) and all(v is not None and _plain(v) for v in value)
    return True
