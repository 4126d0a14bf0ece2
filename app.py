"""What `make run` serves: the dashboard (dashboard.py) and the HTTP API of lib.api beside it.

`streamlit run app.py` finds the `st.App` below and serves its routes and middleware in the same process
as the pages; dashboard.py stays the script every session runs.
"""

from __future__ import annotations

import functools
import logging

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lib import api
from lib.access import AccessConfigError, parse_config
from lib.storing.storage import Store, default_path

LOG = logging.getLogger("massnahmen.api")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]  # all reach lib.api: its 405 is JSON


@functools.cache
def _store(path: str) -> Store:
    """One handle per database path (each call opens its own connection); a failure is not cached."""
    return Store(path)


def _access() -> api.ApiAccess:
    secrets = st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}
    return api.api_access(parse_config(secrets.get("access")), secrets.get("api"))


def _answer(request: api.Request) -> api.Reply:
    try:
        access = _access()
    except (AccessConfigError, api.ApiConfigError) as exc:
        return api.error(503, "configuration", f"Die Einstellungen in .streamlit/secrets.toml sind fehlerhaft: {exc}")
    try:
        return api.handle(request, access, lambda: _store(str(default_path())))
    except Exception:  # a bug must not become an HTML page or a traceback for the caller
        LOG.exception("API request %s %s failed", request.method, request.path)
        return api.error(500, "internal", "Interner Fehler; er steht im Protokoll des Servers.")


async def api_endpoint(request: Request) -> Response:
    reply = await run_in_threadpool(_answer, api.Request(
        request.method, request.url.path, dict(request.query_params.items()),
        {name.lower(): value for name, value in request.headers.items()}))
    return Response(reply.body, reply.status, reply.headers)


app = st.App(
    "dashboard.py",
    routes=[Route("/api", api_endpoint, methods=METHODS), Route("/api/{rest:path}", api_endpoint, methods=METHODS)],
)
