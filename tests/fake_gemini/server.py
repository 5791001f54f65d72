"""FakeGemini: the emulator on a real socket, served by uvicorn in a background thread."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from typing import Any

import uvicorn

from .app import FakeGeminiApp
from .faults import Fault, parse_fault_spec
from .state import FileRecord, InteractionRecord, RecordedRequest, State
from .validation import warm_up_validation
from .wire import install_log_filter

DEFAULT_API_KEY = "fake-gemini-key"


class _ServerErrors(logging.Handler):
    """Collects the server's ERROR records into the live state (fault breaks are
    filtered out before they get here: see ``wire.break_connection``)."""

    def __init__(self, fake: FakeGemini) -> None:
        super().__init__(logging.ERROR)
        self._fake = fake

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        self._fake.state.server_errors.append(text)


class FakeGemini:
    """A running emulator. ``reset()`` swaps in fresh state (the fixture does it per test)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, validate: bool = True) -> None:
        self.host = host
        self._validate = validate
        self._requested_port = port
        self.port = 0
        self.api_key = DEFAULT_API_KEY
        self.state = self._fresh_state()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._errors = _ServerErrors(self)

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> FakeGemini:
        if self._validate:
            # Import the SDK's request model now: the first create must not pay seconds
            # of imports inside a test that uses a short client timeout.
            warm_up_validation()
        install_log_filter()
        logging.getLogger("uvicorn.error").addHandler(self._errors)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this. Without it uvicorn's separate writes of head and
        # body meet Nagle + delayed ACK: ~45 ms per request instead of ~2 ms.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.host, self._requested_port))
        self.port = sock.getsockname()[1]
        self._socket = sock
        config = uvicorn.Config(
            FakeGeminiApp(lambda: self.state),
            lifespan="off",
            ws="none",
            http="h11",
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,
            # Long keep-alive: a 5 s idle close races with clients reusing the connection.
            timeout_keep_alive=300,
        )
        self._server = uvicorn.Server(config)
        server = self._server
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve(sockets=[sock])),
            name=f"fake-gemini-{self.port}",
            daemon=True,
        )
        self._thread.start()
        while not server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the fake Gemini server failed to start")
            self._thread.join(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True
        if self._thread is not None:
            self._thread.join(10)
        if self._socket is not None:
            self._socket.close()
        logging.getLogger("uvicorn.error").removeHandler(self._errors)
        self._server = self._thread = self._socket = None

    def __enter__(self) -> FakeGemini:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Fresh state: no requests, interactions, files, faults; default knobs."""
        self.state = self._fresh_state()

    def _fresh_state(self) -> State:
        state = State()
        state.validate_requests = self._validate
        return state

    # -- what tests use ------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.state.requests

    @property
    def interactions(self) -> dict[str, InteractionRecord]:
        return self.state.interactions

    @property
    def unstored_interactions(self) -> dict[str, InteractionRecord]:
        return self.state.unstored

    @property
    def files(self) -> dict[str, FileRecord]:
        """Uploaded files by name (``files/<id>``)."""
        return {record.name: record for record in self.state.files.values()}

    @property
    def server_errors(self) -> list[str]:
        """ERRORs the HTTP server logged since the last reset (an emulator bug each)."""
        return self.state.server_errors

    @property
    def violations(self) -> list[RecordedRequest]:
        """Create requests whose body broke the SDK request model."""
        return self.state.violations

    def add_fault(self, fault: Fault | str) -> Fault:
        """Queue a fault (a :class:`Fault` or one spec string); returns the queued Fault."""
        if isinstance(fault, str):
            parsed = parse_fault_spec(fault)
            if len(parsed) != 1:
                raise ValueError("add_fault takes exactly one fault spec")
            fault = parsed[0]
        return self.state.faults.add(fault)

    def clear_faults(self) -> None:
        self.state.faults.clear()

    def expire_file(self, name: str) -> None:
        """Make a file (``files/<id>`` or ``<id>``) answer 403 as if its 48 h were over."""
        self.state.files[name.removeprefix("files/")].expired = True

    def expire_interaction(self, interaction_id: str) -> None:
        """Make an interaction answer 404 (GET and as previous_interaction_id)."""
        self.state.interactions[interaction_id].expired = True

    def set_processing_polls(self, polls: int) -> None:
        """How many GETs a new video file answers PROCESSING before ACTIVE (default 1)."""
        self.state.processing_polls = polls

    def set_background_polls(self, polls: int) -> None:
        """How many GETs a background interaction answers in_progress (default 1)."""
        self.state.background_polls = polls

    def set_validation(self, enabled: bool) -> None:
        """Turn SDK request-model validation of create bodies on or off."""
        self.state.validate_requests = enabled

    def requests_to(self, path_fragment: str, method: str | None = None) -> list[RecordedRequest]:
        """Recorded requests whose path contains ``path_fragment`` (and method, if given)."""
        return [
            r
            for r in self.requests
            if path_fragment in r.path and (method is None or r.method == method.upper())
        ]

    def sdk_client_options(self) -> dict[str, Any]:
        """``http_options`` pointing google-genai at this server."""
        return {"base_url": self.base_url, "api_version": "v1beta"}
