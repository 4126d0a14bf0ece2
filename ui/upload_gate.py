"""Which sessions may park a file on the server: the one record the upload middleware of app.py consults.

Streamlit accepts `PUT /_stcore/upload_file/<session id>/<file id>` from any live session, whether or not
its page has an uploader, and keeps the bytes in memory until the session ends. The entry file records once
per run whether this session may upload (an editor on the page Hochladen); app.py refuses every other PUT
before its body is read.
"""

from __future__ import annotations

import threading

from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

_allowed: set[str] = set()
_lock = threading.Lock()


def allow_uploads(allowed: bool) -> None:
    """Record for the session of this script run whether it may upload now (called by the entry file)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _lock:
        if allowed:
            _allowed.add(ctx.session_id)
        else:
            _allowed.discard(ctx.session_id)
        if runtime.exists():  # sessions that ended without a last run: their ids are never used again
            live = runtime.get_instance()
            _allowed.difference_update([s for s in _allowed if not live.is_active_session(s)])


def may_upload(session_id: str) -> bool:
    with _lock:
        return session_id in _allowed
