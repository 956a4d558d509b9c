"""The bottom of the JSON API: what every app's `api.py` imports — token auth (`auth`), the one error format
(`errors`), the error schemas (`schemas`) — and the docs page (`docs`). It imports no app but accounts; the
routers are assembled above every app, in `tenderbridge/api_v1.py` (docs/architecture.md, "The layers")."""
