"""What the benchmarks share, so each script opens with one line (`import harness`) instead of its own copy:
the repository on sys.path, Django set up, the data folder, the demo data list, and a fold of the matching
development set read and indexed.

A benchmark runs as a script (`.venv/bin/python benchmarks/<name>.py`), so its own folder is on sys.path and
`import harness` finds this module; importing it puts the repository on sys.path too, so `tenderbridge.…` and
`tests.…` import after it. Keep this module small: what only one benchmark needs stays in that benchmark.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def data_dir() -> Path:
    """The real public data folder: TENDERBRIDGE_DATA_DIR, else ../shared/data beside the checkout."""
    configured = os.environ.get("TENDERBRIDGE_DATA_DIR")
    return Path(configured) if configured else (REPO.parent / "shared" / "data").resolve()


def use_settings(**defaults: str) -> None:
    """Name the settings module (and any other environment defaults) for Django, without setting it up: for the
    scripts that start processes, or set up Django only in `main()`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


def setup_django(**defaults: str) -> None:
    """Django set up from the settings module, so models import after this call."""
    use_settings(**defaults)
    import django

    django.setup()


def demo_data() -> list[str]:
    """The files `manage.py load_demo` loads, relative to the data folder (its list, read from the command)."""
    setup_django()
    from tenderbridge.ops.management.commands.load_demo import DEMO_DATA

    return list(DEMO_DATA)


@dataclass(frozen=True)
class DevFold:
    """One fold of the matching development set (benchmarks/matching_devset.py), read and indexed."""

    s_index: object  # lib.matching.index.SupplierIndex
    n_index: object  # lib.matching.index.NoticeIndex
    truth: object  # the (profile, notice) pairs that are right, as evaluation.read_truth gives them


def read_dev_fold(folder: Path, predict, encoder) -> DevFold:
    """The fold's profiles (with predicted history), notices and truth, indexed with `encoder` (its vector cache
    saved afterwards)."""
    from tenderbridge.lib.matching import evaluation

    profiles, _ = evaluation.read_profiles(folder / "P.jsonl")
    notices, _ = evaluation.read_notices(folder / "N.jsonl", predict)
    truth, _ = evaluation.read_truth(folder / "T.csv", {p.id for p in profiles}, {n.id for n in notices})
    profiles = evaluation.with_predicted_history(profiles, predict)
    s_index, n_index = evaluation.build_indexes(profiles, notices, 0, encoder)
    encoder.save()
    return DevFold(s_index, n_index, truth)
