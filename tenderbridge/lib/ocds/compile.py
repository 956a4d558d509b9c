"""Compile the releases of one ocid into its compiled release.

Two or more releases always go through ocdsmerge (rules from merge_rules.py). For a single release — most
ocids in a feed, and every row of a statistics source — what ocdsmerge returns is the release itself, with
`tag: ["compiled"]`, `id: "<ocid>-<date>"`, and the few changes its flatten/unflatten round trip makes: null
fields are dropped (though the object holding them stays), objects and arrays that end up with no field are
dropped, and arrays listed as wholeListMerge are kept verbatim. `_single` reproduces exactly that, about twenty
times faster; a release with two array objects sharing an `id` (which ocdsmerge folds together) still goes through
ocdsmerge. Most releases (62% of the benchmark's) have no null and no empty object or array at all — their JSON
text says so — and then nothing needs rebuilding: the body is shared as it is, and only arrays are looked at, for
shared ids (six times cheaper than the rebuilding walk). tests/lib/test_ocds_compile.py checks the shortcut
against ocdsmerge on every real release we have.
"""

import orjson

from tenderbridge.lib.ocds.merge_rules import MERGE_RULES, WHOLE, compile_releases

_TOP_OMITTED = ("id", "date", "tag")
_WHOLE = {path for path, rule in MERGE_RULES.items() if rule == WHOLE}
# Paths under which a wholeListMerge path may still lie; below any other path nothing needs a path check, so
# the walk stops building path tuples there (it runs for every release, and most fields are such leaves).
_ON_WAY = {path[:i] for path in _WHOLE for i in range(1, len(path))}
_CONTAINERS = (dict, list)


class _NeedsMerge(Exception):
    """The release holds something only ocdsmerge itself handles (duplicate ids in an array)."""


def compile_group(releases: list[dict], json_text: bytes | None = None) -> dict:
    """The compiled release. `json_text`: the JSON of a single release as orjson writes it (compact), when the
    caller has it at hand."""
    if len(releases) == 1:
        try:
            return _single(releases[0], json_text)
        except _NeedsMerge:
            pass
    return compile_releases(releases)


def _single(release: dict, json_text: bytes | None) -> dict:
    compiled = {"tag": ["compiled"], "id": f"{release.get('ocid')}-{release.get('date')}"}
    if release.get("date") is not None:
        compiled["date"] = release["date"]
    body = {k: v for k, v in release.items() if k not in _TOP_OMITTED}
    if _plain(release, json_text):
        _check_ids(body)
    else:
        body, _ = _object(body, ())
    compiled.update(body)
    return compiled


def _plain(release: dict, json_text: bytes | None) -> bool:
    """Whether the release holds no null and no empty object or array (a string that merely contains such text
    makes it look not plain, which only costs the slower walk)."""
    if json_text is None:
        try:
            json_text = orjson.dumps(release)
        except orjson.JSONEncodeError:
            return False
    return b"null" not in json_text and b"{}" not in json_text and b"[]" not in json_text


def _check_ids(body: dict) -> None:
    """Raise _NeedsMerge if an array of objects anywhere in the body holds two with one id (the walk's rule; it
    also looks inside arrays the walk keeps whole, which only sends a rare release to ocdsmerge). A loop over a
    stack: this runs for most releases, and a recursive call per container cost twice as much."""
    stack = [body]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(child for child in value.values() if isinstance(child, _CONTAINERS))
            continue
        objects, ids = True, []
        for item in value:
            if isinstance(item, dict):
                if "id" in item:
                    ids.append(str(item["id"]))
                stack.append(item)
            else:
                objects = False
                if isinstance(item, list):
                    stack.append(item)
        if objects and len(ids) != len(set(ids)):
            raise _NeedsMerge


def _object(obj: dict, path: tuple | None) -> tuple[dict, bool]:
    """(the object as ocdsmerge rebuilds it, whether it emitted any field — a null counts).

    `path` is None below the paths that can hold a wholeListMerge field. Copy on write: an object with nothing
    to drop or change below it is returned as it is, so the walk allocates only where ocdsmerge changes something.
    """
    out, emitted = None, False
    for key, value in obj.items():
        if value is None:
            emitted = True
            out = dict(obj) if out is None else out
            del out[key]
            continue
        child_path = None
        if path is not None:
            child_path = (*path, key)
            if child_path not in _ON_WAY and child_path not in _WHOLE:
                child_path = None
        if child_path is None and not isinstance(value, dict | list):
            emitted = True  # a value: kept
            continue
        child, child_emitted = _value(value, child_path)
        if not child_emitted:
            out = dict(obj) if out is None else out
            del out[key]
            continue
        emitted = True
        if child is not value:
            out = dict(obj) if out is None else out
            out[key] = child
    return (obj if out is None else out), emitted


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
    out = None  # copy on write, as in _object
    for index, item in enumerate(items):
        child, emitted = _object(item, path)
        if out is None:
            if emitted and child is item:
                continue
            out = items[:index]
        if emitted:
            out.append(child)
    kept = items if out is None else out
    return kept, bool(kept)
