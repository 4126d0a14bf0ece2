"""The two HTTP routes of logins that outlive a reload (lib/sessions.py), as plain functions like lib.api.

/auth/anmelden?ticket=…&next=…  redeems a one-time ticket, sets the login cookie, 303 to `next` (a local path)
/auth/abmelden                  clears the cookie, 303 to /

Only the websocket session can check a password, and only an HTTP reply can set an HttpOnly cookie: the
ticket carries the one to the other. Whatever goes wrong here, the browser is sent on without a cookie and
the page asks for the password; nothing is said to a caller who holds no valid ticket.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from urllib.parse import quote

from lib.access import AccessConfig, Mode
from lib.api import Reply, Request
from lib.sessions import Claims, check, clear_cookie_header, local_path, password_fingerprint, set_cookie_header, sign
from lib.storing.audit import StoreLoginLog
from lib.storing.storage import Store, StoreError
from lib.storing.tickets import Tickets, signing_key

LOG = logging.getLogger(__name__)


def _see_other(target: str, cookie: str | None = None) -> Reply:
    # Quoted: the target came from the address bar and must stay one header line of ASCII.
    headers = {"Location": quote(target, safe="/?&=%:@!$'()*+,;~#-._"), "Cache-Control": "no-store",
               "Referrer-Policy": "no-referrer"}
    if cookie is not None:
        headers["Set-Cookie"] = cookie
    return Reply(303, headers, b"")


def sign_in(request: Request, config: AccessConfig, store: Callable[[], Store], now: dt.datetime) -> Reply:
    """Redeem the ticket of a password login and set the login cookie; `store` may raise StoreError."""
    target = local_path(request.query.get("next"))
    ticket = request.query.get("ticket", "")
    if config.mode is not Mode.LOCAL or not ticket:
        return _see_other(target)
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        # Only the app's own page sends the browser here. A link on another site carrying someone's ticket
        # would sign the visitor in as that someone (login CSRF); the ticket stays unused.
        return _see_other(target)
    try:
        opened = store()
        redeemed = Tickets(opened).redeem(ticket, now)
        if redeemed is None:
            return _see_other(target)
        user_name, role, issued_at = redeemed
        account = config.accounts.get(user_name)
        if account is None:
            return _see_other(target)
        claims = Claims(user_name, role, issued_at, password_fingerprint(account[1]))
        verdict = check(config, claims, now, StoreLoginLog(opened).last_logout(user_name))
        if verdict.user is None:
            LOG.info("login ticket for %s refused: %s", user_name, verdict.refusal)
            return _see_other(target)
        value = sign(signing_key(config, opened), claims)
    except StoreError as exc:
        LOG.warning("Anmelde-Cookie nicht gesetzt: %s", exc.message)
        return _see_other(target)
    return _see_other(target, set_cookie_header(value, request.secure))


def sign_out(request: Request) -> Reply:
    """Clear the cookie in this browser; the logout itself is recorded by the session (see ui/access.py)."""
    return _see_other("/", clear_cookie_header(request.secure))
