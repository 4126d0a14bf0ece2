"""What `make run` serves: the dashboard (dashboard.py), the HTTP API of lib.api and the login cookie routes of
lib.auth_routes beside it, and the upload gate.

`streamlit run app.py` finds the `st.App` below and serves its routes and middleware in the same process
as the pages; dashboard.py stays the script every session runs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from lib import api, auth_routes
from lib.access import AccessConfig, AccessConfigError, parse_config
from lib.presenting.drawing import drawing
from lib.secrets_check import unreadable_secrets
from lib.sessions import SIGN_IN_PATH, SIGN_OUT_PATH
from lib.storing.storage import Store, default_location
from ui.german import SCREEN_READER_SCRIPT
from ui.upload_gate import may_upload

LOG = logging.getLogger("massnahmen.api")
# The Übersicht's chart is drawn with matplotlib: loaded before the server answers, not while the first visitor's
# page (and the warm-up) wait for it (docs/performance.md).
drawing()
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]  # all reach lib.api: its 405 is JSON
UPLOAD_PATH = re.compile(r"_stcore/upload_file/(?P<session>[^/]+)/")


@functools.cache
def _store(path: str) -> Store:
    """One handle per database path (each call opens its own connection); a failure is not cached."""
    return Store(path)


class Unreadable(ValueError):
    """A secrets file exists but cannot be read: nothing may run as if it were absent (open mode)."""


def _secrets() -> dict:
    problem = unreadable_secrets(st.get_option("secrets.files"))
    if problem is not None:
        raise Unreadable(problem)
    return st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}


def _access() -> api.ApiAccess:
    secrets = _secrets()
    return api.api_access(parse_config(secrets.get("access")), secrets.get("api"))


def _answer(request: api.Request) -> api.Reply:
    try:
        try:
            access = _access()
        except Unreadable as exc:
            return api.error(503, "configuration", str(exc))
        except (AccessConfigError, api.ApiConfigError) as exc:
            return api.error(503, "configuration", f"Die Einstellungen in .streamlit/secrets.toml sind fehlerhaft: {exc}")
        return api.handle(request, access, lambda: _store(default_location()))
    except Exception:  # a bug must not become an HTML page or a traceback for the caller
        LOG.exception("API request %s %s failed", request.method, request.path)
        return api.error(500, "internal", "Interner Fehler; er steht im Protokoll des Servers.")


def _request(request: Request) -> api.Request:
    return api.Request(request.method, request.url.path, dict(request.query_params.items()),
                       {name.lower(): value for name, value in request.headers.items()}, request.url.scheme)


async def api_endpoint(request: Request) -> Response:
    reply = await run_in_threadpool(_answer, _request(request))
    return Response(reply.body, reply.status, reply.headers)


def _access_config() -> AccessConfig | None:
    try:
        return parse_config(_secrets().get("access"))
    except (Unreadable, AccessConfigError):
        return None  # the page says what is wrong; no cookie meanwhile


def _sign_in(request: api.Request) -> api.Reply:
    config = _access_config()
    if config is None:
        return auth_routes.sign_out(request)
    return auth_routes.sign_in(request, config, lambda: _store(default_location()), dt.datetime.now(dt.UTC))


async def sign_in_endpoint(request: Request) -> Response:
    reply = await run_in_threadpool(_sign_in, _request(request))
    return Response(reply.body, reply.status, reply.headers)


async def sign_out_endpoint(request: Request) -> Response:
    reply = auth_routes.sign_out(_request(request))
    return Response(reply.body, reply.status, reply.headers)


class UploadGate:
    """Refuses a file upload from a session that may not upload before its body is read (403, German)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "PUT" and "upload_file" in scope["path"]:
            found = UPLOAD_PATH.search(scope["path"])
            if found is None or not may_upload(found["session"]):
                await _discard_body(receive)
                refused = Response("Hochladen ist hier nicht erlaubt.", 403, media_type="text/plain; charset=utf-8")
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


# Streamlit's frontend loads the code of a widget kind only when the first such element arrives: on a fresh browser
# it was fetched after the script run had finished. Every page has the sidebar's date field and filters and a table,
# most a chart (an image drawn on the server): their code is fetched with the page (modulepreload). Plotly's 4.7 MB
# are no longer needed: no page draws with it. A selectbox's code (Ämter, the version choice) is left to load when
# one comes: preloaded, it cost the first Übersicht, which has none, about 0.2 s (docs/performance.md).
# The names are Streamlit's build chunks; one that a later Streamlit renames is just left out.
PRELOADED = ("DataFrame", "arrowFormatUtils", "Metric", "Multiselect", "DateInput", "DateField", "loadVegaEmbed",
             "ImageList")


def preload_links(static_js: Path) -> str:
    return "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{path.name}">'
                   for stem in PRELOADED for path in sorted(static_js.glob(f"{stem}.*.js")))


class GermanPage:
    """Every HTML page Streamlit serves (index.html, at each page's address) declared German and carrying the
    script that translates Streamlit's English names for screen readers (ui/german.py), and the preloads above;
    nothing else touched."""

    HEAD = (preload_links(Path(st.__file__).parent / "static" / "static" / "js")
            + f"<script>{SCREEN_READER_SCRIPT}</script></head>").encode()

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(("/api", "/_stcore", "/static")):
            await self.app(scope, receive, send)
            return
        # uncompressed from Streamlit (its gzip sits inside this middleware); the page is 8 kB
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: dict = {}
        body: list[bytes] = []

        async def rewrite(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html") or headers.get(b"content-encoding"):
                    start["passed"] = True
                    await send(message)
                    return
                start.update(message)
                return
            if start.get("passed"):
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body).replace(b'<html lang="en">', b'<html lang="de">', 1).replace(b"</head>", self.HEAD, 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, rewrite)


async def _discard_body(receive: Receive) -> None:
    """Read the refused body chunk by chunk and drop it: a client still sending waits for nobody otherwise
    (measured: 90 s for 25 MB). Beyond Streamlit's own cap the rest is left unread; the server closes then."""
    limit, seen = (st.get_option("server.maxUploadSize") + 1) * 1024 * 1024, 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _warm_up() -> None:
    from ui.warmup import warm_up  # imported in the thread: the pages' modules load while the server already answers

    warm_up()


WARM_UP_WAIT_S = 2.0


@asynccontextmanager
async def warm_start(_app: st.App) -> AsyncIterator[None]:
    """The server answers once the first page's work is done (ui/warmup.py), or after WARM_UP_WAIT_S at the latest
    (a large register or a slow store): a first visitor right after the health check then finds the caches
    filled, instead of sharing the interpreter with the warm-up while the browser fetches the page's code."""
    worker = threading.Thread(target=_warm_up, name="warm-up", daemon=True)
    worker.start()
    await asyncio.to_thread(worker.join, WARM_UP_WAIT_S)
    yield


app = st.App(
    "dashboard.py",
    lifespan=warm_start,
    routes=[Route("/api", api_endpoint, methods=METHODS), Route("/api/{rest:path}", api_endpoint, methods=METHODS),
            Route(SIGN_IN_PATH, sign_in_endpoint, methods=["GET"]),
            Route(SIGN_OUT_PATH, sign_out_endpoint, methods=["GET"])],
    middleware=[Middleware(UploadGate), Middleware(GermanPage)],
)
