"""Shared fixtures: personas for each role, the real-data folder, and no network."""

import os
import socket
from pathlib import Path

import pytest

from tenderbridge.accounts import personas
from tenderbridge.search import discover, snapshot

REPO = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The real public data folder (../shared/data next to the checkout, or TENDERBRIDGE_DATA_DIR)."""
    configured = os.environ.get("TENDERBRIDGE_DATA_DIR")
    return Path(configured) if configured else (REPO.parent / "shared" / "data").resolve()


@pytest.fixture
def real_data() -> Path:
    path = data_dir()
    if not path.is_dir():
        pytest.skip(f"the real data folder {path} is not here")
    return path


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests may talk to this machine only (live server, PostgreSQL, a local HTTP server)."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise RuntimeError(f"tests must not reach the network (tried {address!r})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """The in-memory search index follows the database by version; a test's database is rolled back (or
    flushed) after it, so each test starts with an empty index, as a new process would."""
    snapshot.reset()
    discover.matches.clear()
    discover.documents.clear()
    yield
    snapshot.reset()
    discover.matches.clear()
    discover.documents.clear()


@pytest.fixture
def supplier_owner(db):
    return personas.ensure(personas.SUPPLIER_OWNER)


@pytest.fixture
def other_supplier_member(db):
    return personas.ensure(personas.OTHER_SUPPLIER)


@pytest.fixture
def un_buyer(db):
    return personas.ensure(personas.UN_BUYER)


@pytest.fixture
def operator(db):
    return personas.ensure(personas.OPERATOR)
