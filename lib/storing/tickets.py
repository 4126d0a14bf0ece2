"""The store's part of logins that outlive a reload: one-time tickets and the key that signs login cookies.

Both live in the version store because every instance of the app shares it: the instance that checked the
password need not be the one the browser's next request reaches. While the store cannot be used there are
no tickets, so a login then lasts as long as its page (as before cookies existed) and no cookie signs
anybody in: the check against logouts could not be made.
"""

from __future__ import annotations

import datetime as dt

from lib.access import AccessConfig, Role
from lib.sessions import TICKET_LIFETIME, new_cookie_key, new_ticket, ticket_digest
from lib.storing.audit import stamp
from lib.storing.storage import Store

COOKIE_KEY = "login_cookie"


class Tickets:
    """Tickets in the table `login_tickets`: each signs one user in once, within TICKET_LIFETIME."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def issue(self, user_name: str, role: Role, now: dt.datetime) -> str:
        """A new ticket for this user; stale ones go on the way, so the table holds only a minute's worth."""
        ticket = new_ticket()
        self.store._writable()
        with self.store._connect() as db, self.store._write(db):
            db.execute("DELETE FROM login_tickets WHERE issued_at <= ?", (stamp(now - TICKET_LIFETIME),))
            db.execute("INSERT INTO login_tickets (digest, user_name, role, issued_at) VALUES (?, ?, ?, ?)",
                       (ticket_digest(ticket), user_name, role.value, stamp(now)))
        return ticket

    def redeem(self, ticket: str, now: dt.datetime) -> tuple[str, Role, dt.datetime] | None:
        """User name, role and issue time of a valid ticket, which is used up by this; else None."""
        self.store._writable()
        with self.store._connect() as db, self.store._write(db):
            row = db.execute("SELECT user_name, role, issued_at FROM login_tickets WHERE digest = ?",
                             (ticket_digest(ticket),)).fetchone()
            db.execute("DELETE FROM login_tickets WHERE digest = ? OR issued_at <= ?",
                       (ticket_digest(ticket), stamp(now - TICKET_LIFETIME)))
        if row is None:
            return None
        user_name, role, issued = row
        issued_at = dt.datetime.fromisoformat(issued)
        if not now - TICKET_LIFETIME < issued_at <= now:
            return None
        return user_name, Role(role), issued_at


def cookie_key(store: Store) -> bytes:
    """The store's signing key, made by whichever instance needs it first; the others then read the same."""
    with store._connect() as db:
        row = db.execute("SELECT value FROM signing_keys WHERE name = ?", (COOKIE_KEY,)).fetchone()
    if row is None:
        store._writable()
        with store._connect() as db, store._write(db):
            db.execute("INSERT INTO signing_keys (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                       (COOKIE_KEY, new_cookie_key()))
            row = db.execute("SELECT value FROM signing_keys WHERE name = ?", (COOKIE_KEY,)).fetchone()
    return row[0].encode()


def signing_key(config: AccessConfig, store: Store) -> bytes:
    """`access.cookie_secret` when the secrets name one (every instance reads the same file), else the store's."""
    return config.cookie_secret.encode() if config.cookie_secret else cookie_key(store)
