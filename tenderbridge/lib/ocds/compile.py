"""Compile the releases of one ocid into its compiled release.

Two or more releases always go through ocdsmerge (rules from merge_rules.py). For a single release — most
ocids in a feed, and every row of a statistics source — what ocdsmerge returns is the release itself, with
`tag: ["compiled"]`, `id: "<ocid>-<date>"`, and the few changes its flatten/unflatten round trip makes: null
fields are dropped (though the object holding them stays), objects and arrays that end up with no field are
dropped, and arrays listed as wholeListMerge are kept verbatim. `_single` reproduces exactly that, about twenty
times faster; a release with two array objects sharing an `id` (which ocdsmerge folds together) still goes through
ocdsmerge. tests/lib/test_ocds_compile.py checks the shortcut against ocdsmerge on every real release we have.
"""

from tenderbridge.lib.ocds.merge_rules import MERGE_RULES, WHOLE, compile_releases

_TOP_OMITTED = ("id", "date", "tag")
_WHOLE = {path for path, rule in MERGE_RULES.items() if rule == WHOLE}
# Paths under which a wholeListMerge path may still lie; below any other path nothing needs a path check, so
# the walk stops building path tuples there (it runs for every release, and most fields are such leaves).
_ON_WAY = {path[:i] for path in _WHOLE for i in range(1, len(path))}


class _NeedsMerge(Exception):
    """The release holds something only ocdsmerge itself handles (duplicate ids in an array)."""


def compile_group(releases: list[dict]) -> dict:
    if len(releases) == 1:
        try:
            return _single(releases[0])
        except _NeedsMerge:
            pass
    return compile_releases(releases)


def _single(release: dict) -> dict:
    compiled = {"tag": ["compiled"], "id": f"{release.get('ocid')}-{release.get('date')}"}
    if release.get("date") is not None:
        compiled["date"] = release["date"]
    body, _ = _object({k: v for k, v in release.items() if k not in _TOP_OMITTED}, ())
    compiled.update(body)
    return compiled


def _object(obj: dict, path: tuple | None) -> tuple[dict, bool]:
    """(the object as ocdsmerge rebuilds it, whether it emitted any field — a null counts).

    `path` is None below the paths that can hold a wholeListMerge field."""
    out, emitted = {}, False
    for key, value in obj.items():
        if value is None:
            emitted = True
            continue
        child_path = None
        if path is not None:
            child_path = (*path, key)
            if child_path not in _ON_WAY and child_path not in _WHOLE:
                child_path = None
        child, child_emitted = _value(value, child_path)
        if child_emitted:
            out[key] = child
            emitted = True
    return out, emitted


def _value(value, path: tuple | None):
    if path is not None and path in _WHOLE:
        return value, True  # one value, kept verbatim (even empty, even an object)
    if isinstance(value, dict):
        return _object(value, path)
    if isinstance(value, list):
        return _array(value, path)
    return value, True


def _array(items: list, path: tuple | None):
    if not items:
        return items, False
    if not all(isinstance(item, dict) for item in items):
        return items, True  # a list of values is one value too
    ids = [str(item["id"]) for item in items if "id" in item and item["id"] is not None]
    if len(ids) != len(set(ids)):
        raise _NeedsMerge
    out = []
    for item in items:
        child, emitted = _object(item, path)
        if emitted:
            out.append(child)
    return out, bool(out)
