"""Registry of data sources, and detection of which source can read a file.

To add a source: create `tenderbridge/lib/sources/<name>.py` defining a module-level `SOURCE`
object that implements `base.Source` (with `SOURCE.name == "<name>"`), then add "<name>" to
`_MODULES` below. Order matters: `detect` asks the sources in this order, so put specific
formats before generic ones.

The modules are imported on first use of get/names/detect, not when this package is imported: source
modules import `tenderbridge.lib.sources.base`, which imports this package first, so importing them
here eagerly would be circular. Import errors are not caught: a broken source module fails loudly.
"""

import importlib
from pathlib import Path

from tenderbridge.lib.sources.base import FileRejected, Rejection, Source
from tenderbridge.lib.sources.containers import ARCHIVE_ERRORS, LimitExceeded, iter_contents, read_head

# Add new source modules here (by module name); each must define SOURCE.
_MODULES = ["ocds", "ungm", "ted", "asr", "nato"]

_registry: dict[str, Source] = {}
_loaded = False


def register(source: Source) -> None:
    """Add a source; a second source with the same name is a programming error."""
    existing = _registry.get(source.name)
    if existing is not None and existing is not source:
        raise ValueError(f"A source named {source.name!r} is already registered.")
    _registry[source.name] = source


def get(name: str) -> Source:
    _load_modules()
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"No source named {name!r}; known sources: {', '.join(names())}.") from None


def names() -> list[str]:
    _load_modules()
    return list(_registry)


def award_sources() -> list[str]:
    """The names of the sources that only report contracts awarded (Source.awards_only)."""
    _load_modules()
    return [name for name, source in _registry.items() if source.awards_only]


def detect(path: Path) -> Source:
    """The first registered source (in `_MODULES` order) whose sniff() claims the file."""
    _load_modules()
    path = Path(path)
    head = _head(path)
    for source in _registry.values():
        if source.sniff(path, head):
            return source
    raise FileRejected(
        "unsupported_format",
        f"The file {path.name} is not in a format TenderBridge can read "
        f"(tried: {', '.join(names())}).",
    )


def _head(path: Path) -> bytes:
    """The first 64 KiB of the (decompressed) content; FileRejected if the file must not or cannot be read."""
    for content in iter_contents(path):
        if isinstance(content, Rejection):  # too large, a zip bomb, unreadable: no source may read it
            raise FileRejected(content.code, content.reason, content.position)
        break
    try:
        return read_head(path)
    except LimitExceeded as exc:
        raise FileRejected(exc.code, exc.reason) from exc
    except (OSError, *ARCHIVE_ERRORS) as exc:
        raise FileRejected("corrupt_archive", f"The file {path.name} is damaged and cannot be read ({exc}).") from exc


def _load_modules() -> None:
    global _loaded
    if _loaded:
        return
    for module_name in _MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        source = getattr(module, "SOURCE", None)
        if source is not None:
            register(source)
        elif module_name not in _registry:
            raise ImportError(f"Source module {module.__name__} must define a module-level SOURCE.")
    _loaded = True  # only once every module imported: a failed import fails again on the next use
