"""A minimal Streamlit client that speaks the app's own websocket protocol (no browser).

It does what the browser's frontend does for one session, and nothing more:

- connects to ws://127.0.0.1:<port>/_stcore/stream with the "streamlit" subprotocol;
- starts the session with a `rerun_script` BackMsg whose ClientState carries the page name from
  the URL path (e.g. "goal"), the query string (e.g. "canvas=<id>"), no page hash yet, and a
  context (timezone, locale, URL), as the browser does on first load;
- reads ForwardMsgs until `script_finished`: `new_session`, then `navigation` (the app uses
  `st.navigation`) give the page hash it sends from then on instead of the page name,
  `page_info_changed` updates the query string, `delta`s build the element tree (keyed by
  delta path; elements a full run did not draw are dropped at its end, as the frontend does);
- knows the value of every input widget on the page (text inputs and areas, number inputs,
  checkboxes, select boxes, radios) from the element protos, and sends all of them with every
  rerun, changing only the one being edited; buttons and other one-shot or table widgets are not
  sent (the server then keeps their last state, as for a trigger that did not fire);
- `set_text(label, value)` is typing into a text input and pressing Enter: a `rerun_script` with
  the new `string_value`, then waiting until the run it started has finished;
- `click(label)` presses a button (its `trigger_value`, sent once, as the browser does); an
  `auth_redirect` the run sends (`st.login`) is kept in `redirect`, where the browser would go;
- behind a proxy or with sign-in, `cookies` go with the handshake as the browser's would (the
  proxy's stickiness cookie, the signed sign-in cookie) with an `Origin` header, and `xsrf` (the
  `_streamlit_xsrf` cookie's value) as the second subprotocol entry, which is how the frontend
  proves the handshake is its own; Streamlit reads the sign-in cookie only when both match.

Heartbeat acks, session status, page config, navigation and other ForwardMsgs are read and
ignored; websocket-level pings are answered by the `websockets` library. Every wait is bounded.

    async with WsSession(port, "goal", "canvas=abc") as s:
        await s.start()
        seconds = await s.set_text("Business name", "New name")
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

HOST = "127.0.0.1"
FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ProtocolError(RuntimeError):
    """The server said something this client cannot go on from (exception, compile error...)."""


@dataclass
class RunResult:
    seconds: float  # request sent -> script_finished received
    messages: int  # ForwardMsgs read for this run
    exceptions: list[str] = field(default_factory=list)  # st.exception elements drawn


def widget_state(element: Element) -> WidgetState | None:
    """The state the browser would hold for an input widget, from its element proto."""
    kind = element.WhichOneof("type")
    if kind is None:
        return None
    proto = getattr(element, kind)
    widget_id = getattr(proto, "id", "")
    if not widget_id:
        return None
    state = WidgetState(id=widget_id)
    if kind in ("text_input", "text_area"):
        if proto.set_value:
            state.string_value = proto.value
        elif proto.HasField("default"):
            state.string_value = proto.default
        else:
            return None
    elif kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind == "number_input":
        has = proto.set_value and proto.HasField("value")
        if not has and not proto.HasField("default"):
            return None
        number = proto.value if has else proto.default
        if proto.data_type == NumberInput.INT:
            state.int_value = int(number)
        else:
            state.double_value = number
    elif kind in ("selectbox", "radio"):
        if proto.set_value:
            if not proto.HasField("raw_value"):
                return None
            state.string_value = proto.raw_value
        elif proto.HasField("default") and 0 <= proto.default < len(proto.options):
            state.string_value = proto.options[proto.default]
        else:
            return None
    else:
        return None  # buttons (triggers), tables, uploads...: the browser sends no value either
    return state


class WsSession:
    """One browser-less session on one page. Use as an async context manager."""

    def __init__(self, port: int, page_name: str, query_string: str, *,
                 timeout: float = 30.0, connect_timeout: float = 10.0,
                 cookies: dict[str, str] | None = None, xsrf: str | None = None) -> None:  # fmt: skip
        self.origin = f"http://{HOST}:{port}"
        self.url = f"ws://{HOST}:{port}/_stcore/stream"
        self.page_url = f"{self.origin}/{page_name}" + (f"?{query_string}" if query_string else "")
        self.cookies = dict(cookies or {})
        self.xsrf = xsrf
        self.redirect: str | None = None  # the last auth_redirect's URL (st.login / st.logout)
        self.page_name = page_name
        self.query_string = query_string
        self.page_script_hash = ""
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.elements: dict[tuple[int, ...], Element] = {}
        self._drawn: set[tuple[int, ...]] = set()
        self._ws: ClientConnection | None = None
        self.runs = 0

    async def __aenter__(self) -> WsSession:
        protocols = [Subprotocol("streamlit")]
        headers = {"Origin": self.origin}
        if self.xsrf:
            protocols.append(Subprotocol(self.xsrf))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._ws = await connect(
            self.url,
            subprotocols=protocols,
            additional_headers=headers,
            open_timeout=self.connect_timeout,
            close_timeout=5,
            max_size=None,
            ping_interval=20,
            ping_timeout=20,
            compression=None,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    # --- what the page shows ------------------------------------------------------------------

    def widgets(self) -> list[tuple[str, Element]]:
        """(kind, element) for every widget drawn, in delta-path order."""
        found = []
        for path in sorted(self.elements):
            element = self.elements[path]
            kind = element.WhichOneof("type")
            if kind and getattr(getattr(element, kind), "id", ""):
                found.append((kind, element))
        return found

    def texts(self, root: int | None = None) -> list[str]:
        """Headings, Markdown and plain text drawn, optionally only under one root container
        (0 main, 1 sidebar)."""
        found = []
        for path in sorted(self.elements):
            if root is not None and (not path or path[0] != root):
                continue
            element = self.elements[path]
            kind = element.WhichOneof("type")
            if kind in ("heading", "markdown", "text"):
                found.append(getattr(element, kind).body)
        return found

    def widget_id(self, label: str, kind: str = "text_input") -> str:
        for found_kind, element in self.widgets():
            proto = getattr(element, found_kind)
            if found_kind == kind and proto.label == label:
                return proto.id
        raise ProtocolError(f"no {kind} labelled {label!r} on the page")

    def widget_states(self, changes: dict[str, WidgetState] | None = None) -> list[WidgetState]:
        states = {}
        for _, element in self.widgets():
            state = widget_state(element)
            if state is not None:
                states[state.id] = state
        states.update(changes or {})
        return list(states.values())

    # --- the protocol -------------------------------------------------------------------------

    async def start(self) -> RunResult:
        """First load of the page: what the browser sends when it opens the URL."""
        return await self.rerun([], first=True)

    async def set_text(self, label: str, value: str) -> RunResult:
        """Type `value` into the text input `label` and press Enter; wait for the rerun."""
        widget_id = self.widget_id(label)
        return await self.rerun(self.widget_states({widget_id: WidgetState(id=widget_id,
                                                                           string_value=value)}))  # fmt: skip

    async def click(self, label: str) -> RunResult:
        """Press the button `label` (a trigger: sent with this rerun only); wait for the run."""
        widget_id = self.widget_id(label, "button")
        trigger = WidgetState(id=widget_id, trigger_value=True)
        return await self.rerun(self.widget_states({widget_id: trigger}))

    async def rerun(self, states: list[WidgetState], *, first: bool = False) -> RunResult:
        assert self._ws is not None, "use `async with WsSession(...)`"
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        if first or not self.page_script_hash:
            client.page_name = self.page_name
        else:
            client.page_script_hash = self.page_script_hash
        client.widget_states.widgets.extend(states)
        client.context_info.timezone = "UTC"
        client.context_info.timezone_offset = 0
        client.context_info.locale = "en-US"
        client.context_info.url = self.page_url
        started = time.perf_counter()
        await asyncio.wait_for(self._ws.send(msg.SerializeToString()), self.timeout)
        return await self._read_run(started)

    async def _read_run(self, started: float) -> RunResult:
        assert self._ws is not None
        deadline = started + self.timeout
        result = RunResult(seconds=float("nan"), messages=0)
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"run not finished after {self.timeout:g} s")
            data = await asyncio.wait_for(self._ws.recv(), left)
            if isinstance(data, str):
                raise ProtocolError("text frame from the server")
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            result.messages += 1
            kind = fwd.WhichOneof("type")
            if kind == "new_session":  # a run started
                self._drawn = set()
                if fwd.new_session.page_script_hash:
                    self.page_script_hash = fwd.new_session.page_script_hash
            elif kind == "delta":
                self._apply_delta(fwd, result)
            elif kind == "navigation":  # st.navigation: the page actually shown
                if fwd.navigation.page_script_hash:
                    self.page_script_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "auth_redirect":
                self.redirect = fwd.auth_redirect.url
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {fwd.page_not_found.page_name!r}")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("script compile error")
                if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun / switch_page: the next run follows on this socket
                if status == FINISHED.FINISHED_SUCCESSFULLY:  # full run: drop stale elements
                    self.elements = {p: e for p, e in self.elements.items() if p in self._drawn}
                result.seconds = time.perf_counter() - started
                self.runs += 1
                return result
            # session_status_changed, heartbeat_ack, page_config_changed, navigation, logo,
            # page_profile, session_event, ...: nothing this client needs to act on.

    def _apply_delta(self, fwd: ForwardMsg, result: RunResult) -> None:
        path = tuple(fwd.metadata.delta_path)
        delta = fwd.delta
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            self.elements[path] = delta.new_element
            self._drawn.add(path)
            if delta.new_element.WhichOneof("type") == "exception":
                exc = delta.new_element.exception
                result.exceptions.append(f"{exc.type}: {exc.message}"[:300])
        elif kind == "add_block":
            self._drawn.add(path)
