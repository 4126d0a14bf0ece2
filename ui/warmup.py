"""What a freshly started server does before the first person comes, in a thread of its own so that the health
check is not delayed: the current register read and derived into the caches the pages use, the first page's data
and chart built once, then the heap frozen for the garbage collector.

Why the freeze: Streamlit collects garbage after every script run (`runner.postScriptGC`, a full `gc.collect(2)`),
and a full collection walks every object the process holds — pandas, matplotlib, the app's modules: about
60 ms of CPU per page run on this machine, most of a page's server time. What exists once the server is warm lives
as long as the server; `gc.freeze()` moves it out of the collector's sight, so the collection after each run walks
only what runs created since. Garbage of the runs is still collected.
"""

from __future__ import annotations

import gc
import logging

from lib.access import Role, User
from lib.deriving.diff import compare_versions
from lib.deriving.filters import Filters, apply_filters
from lib.deriving.status import resolve_stichtag
from lib.presenting.changes import progress_trends
from lib.storing.storage import StoreError
from ui.data import overview_of, overview_picture_of
from ui.frame import View, derived_for, load, register_choice, sources, stored_registers

LOG = logging.getLogger("massnahmen.warmup")


class _NotFromThisThread(logging.Filter):
    """Streamlit warns of a missing ScriptRunContext for each cached call outside a session: expected here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != "warm-up"


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NotFromThisThread())


def warm_up() -> None:
    """The pages' caches for the register a first visitor sees (the first one the sidebar offers, its newest
    version, default Stichtag, no filter)."""
    try:
        infos = stored_registers()
        register_id = register_choice(User("", Role.READ), infos)[0]  # the one the sidebar shows first
        newest = {info.name: info.newest_number for info in infos}.get(register_id, 0)
        available, history = sources(register_id, newest if any(info.version_count for info in infos) else 0)
        source = available[0]
        result = load(source.sha256, source.data(), source.file_name)
        if result.ok:
            register = result.register
            stichtag = resolve_stichtag(None, register.stand)
            derived = derived_for(source.sha256, register, stichtag)
            filters = Filters()
            view = View(source, register, stichtag, derived, apply_filters(derived, filters, register.offices),
                        filters, User("", Role.READ), history)
            page = overview_of(view)
            overview_picture_of(view, page)  # loads matplotlib too
            try:
                progress_trends(history, upto=source.version)
                compare_versions(history, newer=source.version)
            except StoreError:  # the first version has nothing to compare with
                pass
    except StoreError as exc:  # the first visitor gets the German sentence; the log gets one line
        LOG.warning("Vorwärmen beim Start: Versionen nicht lesbar: %s", exc.message)
    except Exception:  # a warm-up that fails leaves the first visitor to do the work, with the same outcome
        LOG.exception("Vorwärmen beim Start fehlgeschlagen")
    gc.collect()
    gc.freeze()
