"""The HTTP API beside the dashboard (/api/v1/…): plain functions from a request to a reply, no web framework.

Open data for a portal's harvester and automation for the city's other systems. Each body is what the CLI
prints for the same store (`summary --json`, `export --out x.csv`, `versions --json`), built by the same
core functions, so page, document and API never disagree. Errors are JSON with a German message, never
HTML or a traceback. The entry (app.py) only translates between Starlette and these types.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lib.access import AccessConfig, Mode
from lib.deriving.filters import Filters, apply_filters
from lib.deriving.history import measure_counts
from lib.deriving.status import derive, resolve_stichtag, summary
from lib.presenting.export import measure_table, to_csv
from lib.reading.register import read_register
from lib.storing.storage import (
    DEFAULT_REGISTER,
    REGISTER_NAME,
    UNREADABLE,
    RegisterInfo,
    Store,
    StoreError,
    Version,
)

PREFIX = "/api/v1/"
MIN_TOKEN_LENGTH = 32  # a token is a password a machine types: long and random (`secrets.token_urlsafe(32)`)
JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)  # first value of each parameter
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case
    scheme: str = "http"  # as the server saw it; behind a proxy see `secure`

    @property
    def secure(self) -> bool:
        """Whether the browser speaks https: directly, or to the reverse proxy in front (X-Forwarded-Proto).
        Trusting the header can only make a cookie stricter (Secure), never looser."""
        return self.scheme == "https" or self.headers.get("x-forwarded-proto", "").strip().lower() == "https"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class ApiAccess:
    """Who may call which route: everyone in open (local) mode; else the holders of a token, and everyone
    for summary and CSV when the city publishes them as open data. A token of `api.tokens` reads every
    register, one of `api.registers.NAME.tokens` only the registers that list it."""

    open: bool
    token_digests: tuple[bytes, ...] = ()  # sha256 of each token: compared at equal length, in constant time
    open_data: bool = False
    register_tokens: tuple[tuple[bytes, frozenset[str]], ...] = ()  # sha256 of a token → the registers it reads


@dataclass(frozen=True)
class Caller:
    """What the caller of one request may read: `token` when it holds a configured one (or the API is open),
    `registers` None for every register, else those."""

    token: bool
    registers: frozenset[str] | None = None

    def may_read(self, register: str) -> bool:
        return self.registers is None or register in self.registers


class ApiConfigError(ValueError):
    """The [api] table of the secrets is unusable; the message is German."""


def _tokens(value: object, where: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ApiConfigError(f"{where} muss eine Liste von Zeichenfolgen sein, z. B. tokens = [\"…\"].")
    short = [t for t in value if len(t.strip()) < MIN_TOKEN_LENGTH]
    if short:
        raise ApiConfigError(f"{where}: {len(short)} Token kürzer als {MIN_TOKEN_LENGTH} Zeichen; "
                             "bitte zufällig erzeugen, z. B. python -c \"import secrets; print(secrets.token_urlsafe(32))\".")
    return [t.strip() for t in value]


def _register_tokens(table: object) -> dict[bytes, frozenset[str]]:
    """`[api.registers.mainz] tokens = [...]`: each token's digest and the registers that list it."""
    example = "z. B. [api.registers.mainz] mit tokens = [\"…\"]."
    if not isinstance(table, Mapping):
        raise ApiConfigError(f"api.registers: erwartet wird je Register eine Tabelle, {example}")
    readers: dict[bytes, set[str]] = {}
    for name, entry in table.items():
        if not isinstance(name, str) or not REGISTER_NAME.match(name):
            raise ApiConfigError(f"api.registers: „{name}“ ist kein Registername (Kleinbuchstaben a–z, Ziffern "
                                 "und Bindestrich, höchstens 32 Zeichen, z. B. mainz).")
        if not isinstance(entry, Mapping) or set(entry) != {"tokens"}:
            raise ApiConfigError(f"api.registers.{name}: erwartet wird nur tokens = [\"…\"], {example}")
        for token in _tokens(entry["tokens"], f"api.registers.{name}.tokens"):
            readers.setdefault(_digest(token), set()).add(name)
    return {digest: frozenset(names) for digest, names in readers.items()}


def api_access(access: AccessConfig, api: Mapping | None) -> ApiAccess:
    """From the parsed [access] table and the raw [api] table (`tokens = [...]`, `open_data = true|false`,
    `[api.registers.NAME] tokens = [...]`)."""
    api = api or {}
    everywhere = [_digest(t) for t in _tokens(api.get("tokens", []), "api.tokens")]
    scoped = _register_tokens(api.get("registers", {}))
    both = [scoped[d] for d in everywhere if d in scoped]
    if both:
        names = ", ".join(sorted(set().union(*both)))
        raise ApiConfigError(f"Ein Token steht in api.tokens (alle Register) und in api.registers ({names}). "
                             "Bitte in nur einer der beiden Listen eintragen.")
    open_data = api.get("open_data", False)
    if not isinstance(open_data, bool):
        raise ApiConfigError("api.open_data muss true oder false sein.")
    return ApiAccess(access.mode is Mode.OPEN, tuple(everywhere), open_data, tuple(scoped.items()))


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def caller(access: ApiAccess, headers: Mapping[str, str]) -> Caller:
    """Whom the request's `Authorization: Bearer …` names; open mode reads everything without one."""
    if access.open:
        return Caller(True)
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    if scheme.casefold() != "bearer" or not token.strip():
        return Caller(False)
    given = _digest(token.strip())
    # Every configured token is compared, so the time taken does not tell which one nearly matched.
    global_match = [hmac.compare_digest(given, known) for known in access.token_digests]
    scoped_match = [(hmac.compare_digest(given, known), names) for known, names in access.register_tokens]
    if any(global_match):
        return Caller(True)
    for matched, names in scoped_match:
        if matched:
            return Caller(True, names)
    return Caller(False)


# ---------------------------------------------------------------------------- replies
def _json_body(data: object) -> bytes:
    """Exactly what the CLI's `--json` prints (`print` adds the newline)."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json(status: int, data: object, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status, {"Content-Type": JSON_TYPE, "Cache-Control": "no-store", **(headers or {})}, _json_body(data))


def error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    """A JSON error: a machine-readable code and the German sentence for the person reading the log."""
    return _json(status, {"error": code, "message": message}, headers)


def _not_found(path: str) -> Reply:
    return error(404, "not_found", f"Unter „{path}“ gibt es nichts. Angeboten werden {PREFIX}summary.json, "
                                   f"{PREFIX}massnahmen.csv, {PREFIX}versions.json, {PREFIX}registers.json und "
                                   f"{PREFIX}ready.")


def _unavailable(exc: StoreError, detailed: bool) -> Reply:
    # The path of the database is for the people who may see the data, not for anonymous harvesters.
    message = f"{UNREADABLE} {exc.message}" if detailed else f"{UNREADABLE} Bitte später erneut versuchen."
    return _json(503, {"error": "store_unavailable", "fault": exc.fault.value, "message": message},
                 {"Retry-After": "60"})


def _stichtag(query: Mapping[str, str]) -> dt.date | None:
    if "stichtag" not in query:
        return None
    text = query["stichtag"]
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"„{text[:40]}“ ist kein Stichtag: erwartet wird ein Datum wie 2019-12-31 (JJJJ-MM-TT).")


def _matches(headers: Mapping[str, str], etag: str) -> bool:
    # Weak comparison (RFC 9110): the gzip layer may send the same data in another encoding.
    wanted = headers.get("if-none-match", "")
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return etag.removeprefix("W/") in tags or "*" in tags


def _cached(request: Request, etag: str, make: Callable[[], Reply], vary: bool) -> Reply:
    """The reply with its validator; 304 without a body when the caller already holds this one."""
    headers = {"ETag": etag, "Cache-Control": "no-cache"} | ({"Vary": "Authorization"} if vary else {})
    if _matches(request.headers, etag):
        return Reply(304, headers, b"")
    reply = make()
    return Reply(reply.status, {**reply.headers, **headers}, reply.body)


# ---------------------------------------------------------------------------- routes
@dataclass(frozen=True)
class _Route:
    # (request, store of the register, its newest version, stichtag, vary); for a route about the whole
    # store (no ?register= to resolve) it is given the registers the caller may read instead
    build: Callable[[Request, Store, Version | None, dt.date | None, bool], Reply] | Callable[[list[RegisterInfo]], Reply]
    open_data: bool  # open to everyone when the city publishes open data
    needs_version: bool = True
    whole_store: bool = False


def _register(store: Store, version: Version):
    result = read_register(store.original(version.number), version.file_name)
    if not result.ok:  # stored versions are valid by construction; a changed reader might disagree
        raise StoreError(f"Version {version.number} kann nicht mehr gelesen werden: "
                         + "; ".join(p.text() for p in result.errors[:3]))
    return result.register


def _summary(request: Request, store: Store, version: Version, chosen: dt.date | None, vary: bool) -> Reply:
    stichtag = resolve_stichtag(chosen, version.stand)

    def make() -> Reply:
        register = _register(store, version)
        return Reply(200, {"Content-Type": JSON_TYPE}, _json_body(summary(derive(register, stichtag), stichtag)))

    return _cached(request, f'W/"{version.sha256}-{stichtag.isoformat()}"', make, vary)


def _csv(request: Request, store: Store, version: Version, chosen: dt.date | None, vary: bool) -> Reply:
    stichtag = resolve_stichtag(chosen, version.stand)

    def make() -> Reply:
        register = _register(store, version)
        rows = measure_table(apply_filters(derive(register, stichtag), Filters(), register.offices), register)
        return Reply(200, {"Content-Type": CSV_TYPE,
                           "Content-Disposition": f'attachment; filename="massnahmen-{stichtag.isoformat()}.csv"'},
                     to_csv(rows))

    return _cached(request, f'W/"{version.sha256}-{stichtag.isoformat()}"', make, vary)


def _versions(request: Request, store: Store, newest: Version | None, chosen: dt.date | None, vary: bool) -> Reply:
    # Versions are append-only: the register, its newest number and its bytes name the whole list.
    etag = (f'W/"versions-{store.register}-{newest.number}-{newest.sha256}"' if newest
            else f'W/"versions-{store.register}-0"')

    def make() -> Reply:
        versions = store.versions()
        measures = measure_counts(store, versions)
        body = _json_body([{**v.as_json(), "measures": measures[v.number]} for v in versions])
        return Reply(200, {"Content-Type": JSON_TYPE}, body)

    return _cached(request, etag, make, vary)


def _ready(request: Request, store: Store, newest: Version | None, chosen: dt.date | None, vary: bool) -> Reply:
    named = {"register": store.register} if "register" in request.query else {}
    return _json(200, {"status": "ready", **named, "newest_version": newest.number if newest else None})


def _registers(infos: list[RegisterInfo]) -> Reply:
    """What `registers --json` prints, for the registers the caller may read."""
    return _json(200, [{"name": i.name, "title": i.title, "versions": i.version_count, "newest": i.newest_number}
                       for i in infos])


ROUTES: dict[str, _Route] = {
    "summary.json": _Route(_summary, open_data=True),
    "massnahmen.csv": _Route(_csv, open_data=True),
    "versions.json": _Route(_versions, open_data=False, needs_version=False),
    "ready": _Route(_ready, open_data=True, needs_version=False),
    "registers.json": _Route(_registers, open_data=True, needs_version=False, whole_store=True),
}


def _scope(query: Mapping[str, str], infos: list[RegisterInfo]) -> str | Reply:
    """The register `?register=` names, else the only one (the default one in an empty store), as the CLI
    does; a reply when it names none there is, or leaves the choice open among several."""
    names = [info.name for info in infos]
    asked = query.get("register")
    if asked is None:
        if len(names) > 1:
            return error(400, "register_required", f"Die Datenbank enthält {len(names)} Register: "
                                                   f"{', '.join(names)}. Bitte eines mit ?register=NAME angeben.")
        return names[0] if names else DEFAULT_REGISTER
    if asked in names or (not names and asked == DEFAULT_REGISTER):
        return asked
    return error(404, "unknown_register", f"Ein Register „{_shown(asked)}“ gibt es nicht. Vorhanden: "
                                          f"{', '.join(names) or 'keines'}.")


def _shown(asked: str) -> str:
    """A register name from the query as a message may quote it: short, and escaped unless it is a name."""
    return asked[:40] if REGISTER_NAME.match(asked) else asked[:40].encode("unicode_escape").decode("ascii")


def _forbidden(asked: str, who: Caller) -> Reply:
    # The same answer whether or not the register exists: a token for mainz learns nothing about the others.
    return error(403, "forbidden_register", f"Dieses Token gilt nicht für das Register „{_shown(asked)}“, nur für: "
                                            f"{', '.join(sorted(who.registers or ()))}.")


def handle(request: Request, access: ApiAccess, store: Callable[[], Store]) -> Reply:
    """Answer one request under /api. `store` opens the version store (and may raise StoreError)."""
    name = request.path.removeprefix(PREFIX) if request.path.startswith(PREFIX) else None
    route = ROUTES.get(name) if name is not None else None
    if route is None:
        return _not_found(request.path)
    if request.method not in ("GET", "HEAD"):
        return error(405, "method_not_allowed", f"{request.method} ist hier nicht erlaubt; nur GET und HEAD.",
                     {"Allow": "GET, HEAD"})
    who = caller(access, request.headers)
    # The readiness check tells a load balancer only whether the store answers: no token needed.
    open_to_all = name == "ready" or (route.open_data and access.open_data)
    if not who.token and not open_to_all:
        return error(401, "unauthorized", "Für diese Adresse ist ein Token nötig: Kopfzeile "
                                          "„Authorization: Bearer …“ mit einem Token aus api.tokens "
                                          "oder api.registers der Einstellungen.",
                     {"WWW-Authenticate": 'Bearer realm="massnahmen-cockpit"'})
    reach = Caller(who.token) if open_to_all else who  # what anyone may read, a token for some registers may too
    asked = request.query.get("register")
    if asked is not None and not reach.may_read(asked):
        return _forbidden(asked, reach)
    try:
        chosen = _stichtag(request.query) if route.needs_version else None
    except ValueError as exc:
        return error(400, "bad_stichtag", str(exc))
    try:
        opened = store()
        infos = [i for i in opened.registers() if reach.may_read(i.name)]  # one query: names and newest numbers
        if route.whole_store:
            return route.build(infos)
        if name == "ready" and asked is None and len(infos) > 1:
            # A load balancer asks without naming a register: the whole store answers. Registers are named only to
            # whom registers.json would name them: with a token, in open mode, or where the city publishes open data.
            if not who.token and not access.open_data:
                return _json(200, {"status": "ready", "registers": len(infos)})
            named = infos if access.open_data else [i for i in infos if who.may_read(i.name)]
            return _json(200, {"status": "ready", "newest_versions": {i.name: i.newest_number for i in named}})
        scope = _scope(request.query, infos)  # without ?register=: the only register this caller may read
        if isinstance(scope, Reply):
            return scope
        if not reach.may_read(scope):  # an empty store's default register
            return _forbidden(scope, reach)
        opened = opened.at(scope)
        newest = opened.latest()
        if route.needs_version and newest is None:
            return error(404, "no_version", "Es ist noch keine Version des Registers gespeichert.")
        reply = route.build(request, opened, newest, chosen, not access.open)
    except StoreError as exc:
        return _unavailable(exc, detailed=who.token)
    return reply  # to a HEAD the server sends the headers only
