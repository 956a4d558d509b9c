"""Every environment variable the settings read must be documented in docs/settings.md."""

import re

from tenderbridge.lib import env
from tests.conftest import REPO


def test_every_setting_is_documented():
    import tenderbridge.settings  # noqa: F401  (reading the settings records the variables)

    documented = set(re.findall(r"^\| `([A-Z0-9_]+)`", (REPO / "docs" / "settings.md").read_text(), re.M))
    assert env.READ, "the settings read no environment variable?"
    assert env.READ - documented == set(), f"undocumented settings: {sorted(env.READ - documented)}"
