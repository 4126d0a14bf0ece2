"""A browser tab's Streamlit session seen from outside: its id (read from the websocket's messages) and an
upload forged with it, as an attacker with a tab of their own would send one. Used by tests and the bench."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid

from playwright.sync_api import Page, WebSocket
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SessionSpy:
    """Collects the session id the server announces at the start of every script run of this tab."""

    def __init__(self, page: Page) -> None:
        self.ids: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        try:
            message = ForwardMsg.FromString(payload)
        except Exception:  # a frame that is not a whole ForwardMsg (none seen so far): not ours to judge
            return
        if message.WhichOneof("type") == "new_session":
            session_id = message.new_session.initialize.session_id
            if session_id and session_id not in self.ids:
                self.ids.append(session_id)

    @property
    def current(self) -> str:
        assert self.ids, "no session announced yet"
        return self.ids[-1]


def forged_upload(page: Page, base_url: str, session_id: str, size: int, file_id: str = "forged") -> tuple[int, str]:
    """PUT a file of `size` bytes to Streamlit's upload endpoint for `session_id` with the tab's cookies and
    XSRF token, as the uploader widget would; (status, response text). Sent with urllib: Playwright's own
    request API passes a body through its driver as base64, a minute for 25 MB on a busy machine."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    boundary = "----forged" + uuid.uuid4().hex
    body = b"".join([
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="register.xlsx"\r\n'
        f"Content-Type: {XLSX_MIME}\r\n\r\n".encode(), b"\0" * size, f"\r\n--{boundary}--\r\n".encode()])
    request = urllib.request.Request(
        f"{base_url}/_stcore/upload_file/{session_id}/{file_id}", data=body, method="PUT",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": cookies["_streamlit_xsrf"],
                 "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8", "replace")
