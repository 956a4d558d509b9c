"""Small hand-written OCDS packages, taken in through the real ingest pipeline."""

import json
from pathlib import Path

from tenderbridge.ingest import services

BUYER = {
    "id": "B1",
    "name": "UNICEF Supply Division",
    "roles": ["buyer"],
    "address": {"countryName": "Denmark"},
}


def release(
    ocid: str, title: str = "Gloves", published: str | None = "2024-03-01T08:00:00Z", **tender
) -> dict:
    """A tender release of a UN buyer with one item (UNSPSC 42132203, delivered to China); `tender` keys
    replace the defaults."""
    body = {
        "id": f"T-{ocid}",
        "title": title,
        "tenderPeriod": {"endDate": "2024-04-02T17:00:00+08:00"},
        "items": [
            {
                "id": "1",
                "description": "Nitrile examination gloves",
                "classification": {"scheme": "UNSPSC", "id": "42132203", "description": "Medical gloves"},
                "deliveryAddress": {"countryName": "China"},
            }
        ],
        **({"datePublished": published} if published else {}),
        **tender,
    }
    return {
        "ocid": ocid,
        "id": f"{ocid}-r1",
        "date": published or "2024-01-01T00:00:00Z",
        "tag": ["tender"],
        "buyer": {"id": BUYER["id"], "name": BUYER["name"]},
        "parties": [BUYER],
        "tender": body,
    }


def item(code: str, country: str = "China", scheme: str = "UNSPSC", description: str = "Goods") -> dict:
    return {
        "id": "1",
        "description": description,
        "classification": {"scheme": scheme, "id": code},
        "deliveryAddress": {"countryName": country},
    }


def ingest(tmp_path: Path, *releases: dict, name: str = "package.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"version": "1.1", "releases": list(releases)}), encoding="utf-8")
    job = services.ingest([path])
    assert job.files.get().rejected == 0
    return job
