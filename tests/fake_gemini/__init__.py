"""Fake Gemini: a deterministic local emulator of the Interactions API + Files API.

A real HTTP server (uvicorn + a raw ASGI app) on 127.0.0.1. It speaks the wire
protocol of ``../shared/spec/INTERACTIONS_PROTOCOL.md`` closely enough that the official
google-genai 3.3.0 SDK runs every example of the source page against it
(tests/conformance proves it). Stable API below; additions only.

Fixtures (tests/fake_gemini/pytest_plugin.py, registered suite-wide)
--------------------------------------------------------------------
``fake_gemini`` -> :class:`FakeGemini`, a running server with fresh state per test::

    fake.base_url          "http://127.0.0.1:PORT" (no version path)
    fake.api_key           a valid key ("fake-gemini-key")
    fake.requests          [RecordedRequest]: .method .path .query (dict) .headers
                           (httpx.Headers, case-insensitive) .json (parsed body or None)
                           .body_size (body bytes the server read, upload chunks included)
                           .violation (str | None) .user_agent
    fake.requests_to("/interactions", method="POST")   filtered list
    fake.interactions      {id: InteractionRecord} stored interactions (store != false):
                           .status .model .request (body minus "stream") .input_steps
                           .output_steps .timeline .history .usage .events .output_text
                           .previous_interaction_id .background
    fake.unstored_interactions   the same for store=false interactions (never retrievable)
    fake.files             {"files/<id>": FileRecord}: .size .mime_type .sha256 (bytes)
                           .state .expired .uri .json()  (no bytes are kept)
    fake.violations        create requests that broke the SDK request model
    fake.server_errors     ERRORs the HTTP server logged (the fixture fails on any)
    fake.add_fault(Fault(...) | "spec")   queue a fault, returns the Fault (.hits counts)
    fake.clear_faults()
    fake.expire_file(name)               file answers 403 (GET, DELETE, use in input)
    fake.expire_interaction(id)          interaction answers 404 (GET, previous_interaction_id)
    fake.set_processing_polls(n)         video: n GETs answer PROCESSING, then ACTIVE (default 1)
    fake.set_background_polls(n)         background: n GETs answer in_progress (default 1)
    fake.set_validation(False)           stop validating create bodies
    fake.sdk_client_options()            {"base_url": ..., "api_version": "v1beta"}
    fake.state             the raw State (.uploads sessions, .continuations, .files by id)

``fake_gemini_url`` -> the base URL string (subprocesses can reach the same socket).
``fake_gemini_env`` -> {"GOOGLE_GEMINI_BASE_URL", "GEMINI_API_KEY",
"GOOGLE_GENAI_API_VERSION"} for a subprocess's environment.
Outside pytest: ``with FakeGemini() as fake: ...``, or a child process with
``with tests.fake_gemini.process.emulator_process("spec", ...) as base_url: ...``, or
``python -m tests.fake_gemini --port 8765 [--fault SPEC]...`` (first stdout line:
``fake-gemini listening on http://127.0.0.1:PORT ...``).

Request validation: every ``POST /interactions`` body is validated against the SDK's
``CreateModelInteraction`` model with unknown fields, unknown union variants and
unknown enum strings rejected (open ``model`` and ``mime_type`` strings excepted).
A violation is answered ``400 {"error":{"code":"invalid_request",...}}`` and
recorded; the fixture's teardown FAILS the test if a violating request had a
``user-agent`` starting with ``gemdesk/``.

Keys: missing key -> 403 PERMISSION_DENIED (rpc body). A key starting with ``invalid``
(any case) -> 400 INVALID_ARGUMENT with ``details[0].reason == "API_KEY_INVALID"``. Any
other non-empty key is valid. ``x-goog-api-key`` header or ``?key=``. Upload-session
URLs take no key.

``Api-Revision``: optional (the SDK never sends it); on Interactions routes any value
other than ``2026-05-20`` is answered 400 invalid_request.

Routes: ``/v1/``, ``/v1beta/`` and ``/v1alpha/``. ``POST /interactions`` (JSON, or SSE
when ``body.stream`` is true; ``?alt=sse`` ignored), ``GET /interactions/{id}`` (whole
timeline incl. ``user_input``; ``?stream=true[&last_event_id=]`` replays the stored
events strictly after that id; ``?include_input=true`` echoes ``input``),
``POST /interactions/{id}/cancel`` (background and in progress only, else 400),
``DELETE /interactions/{id}`` -> ``{}``, ``GET /models`` (pageSize default 50;
``nextPageToken``), ``GET /models/{id}``, Files (below). POST answers carry only output
steps. ``previous_interaction_id`` chains server-side history; unknown, deleted,
expired or ``store:false`` ids -> ``404 {"error":{"code":"not_found",...}}``.
``background`` needs ``store`` (400). Background interactions stay ``in_progress`` for
``background_polls`` GETs, then complete; a GET stream completes them at once.

SSE: ``event: <type>`` + one ``data:`` JSON line with ``event_type`` and ``event_id``
per event; order: ``interaction.created``, ``interaction.status_update``
(in_progress), per step ``step.start`` / ``step.delta``* / ``step.stop``,
``interaction.completed`` (status + usage, no steps), then ``event: done`` /
``data: [DONE]`` (not after an ``error`` event). Event ids are opaque and contain
``+``, ``/`` and ``=`` (e.g. ``evt_0003+AbCdEf/x=``): percent-encode ``last_event_id``.
Every interaction keeps its event log (also non-streamed ones).

The deterministic model
-----------------------
Input: every visible step (the previous_interaction_id chain, then this request's
input steps); the newest ``user_input`` step is "the message". The answer text is
these lines, in order (lines in [] only when they apply)::

    I can see {N} user turn(s).                  N = user_input steps visible
    [You told me: {text}]                        each EARLIER user turn containing a
                                                 number (digits or one..ten), oldest first
    [That makes {P} paws.]                       if the message mentions "paw(s)": sum over
                                                 all visible user texts of "<number> <animal>"
                                                 (dog/cat/horse/cow/rabbit/hamster = 4,
                                                 bird/chicken/duck/parrot = 2)
    [I don't know how many animals you have.]    ... when no animals are visible
    [System instruction: {system_instruction}]
    [Generation settings: k=v, k=v.]             generation_config keys sorted; strings
                                                 bare, other values compact JSON
    [Attachment {i}: {type}, {mime}, uri {uri}[, {size} bytes].]      media blocks of the
    [Attachment {i}: {type}, {mime}, inline data, {n} bytes.]        message (size for
                                                                      emulator files)
    You said: {message text}                     text blocks joined with "\\n"

So "How many paws are in my house?" after "I have 2 dogs in my house." answers
"I can see 2 user turn(s).\\nYou told me: I have 2 dogs in my house.\\nThat makes 8
paws.\\nYou said: How many paws are in my house?"; a replay that lost the first turn
says "I can see 1 user turn(s).\\nI don't know how many animals you have.\\n...".

Commands (message text starts with them): ``/markdown [N]`` answers exactly N
characters (default 4000) of Markdown: headings, paragraphs with Turkish text (ş ğ ı
İ ö ü ç), lists, tables, code fences (python, javascript, bash, rust), quotes, rules.
``/echo TEXT`` answers TEXT verbatim. ``/cite`` anywhere in the message adds a
``url_citation`` annotation (url ``https://example.com/fake-gemini/source``) over the
answer's first line; streamed as a ``text_annotation_delta`` after the text deltas.

Thinking: on when ``generation_config.thinking_level`` is set and not ``"minimal"``.
Then the first output step is ``{"type":"thought","signature":...}`` (signature always
present, base64, issued by the emulator) plus ``"summary":[{"type":"text","text":...}]``
only when ``thinking_summaries == "auto"``. The summary text is ``"**Counting the
turns**\\n\\nI can see {N} user turn(s); thinking level {level}. I will answer the
newest one plainly."``. Replayed thought steps (stateless input) must carry a signature
the emulator issued, else 400 invalid_request.

Usage: tokens(s) = ceil(len(s)/4). Input = tokens of every visible text + system
instruction, + 258 per media block; output = tokens(answer); thought =
tokens(summary text) x {low 1, medium 2, high 3, xhigh 4, other 2}; total = sum.
``max_output_tokens``: if output + thought tokens exceed it, the answer is cut to
``(max_output_tokens - thought) * 4`` characters (the model_output step is omitted when
that is empty) and the status is ``incomplete``.

Streaming: text always arrives in several ``text`` deltas of 5-40 characters
(deterministic split seeded by the text); summaries likewise as ``thought_summary``
deltas, then one ``thought_signature`` delta. ``step.start`` carries no content unless
the ``step_start_text`` fault is on.

Files API (§6): ``POST /upload/{v}/files`` with ``X-Goog-Upload-Protocol: resumable``
and ``X-Goog-Upload-Command: start`` -> headers ``X-Goog-Upload-URL`` (absolute, this
server, ``?upload_id=...``), ``X-Goog-Upload-Status: active``,
``X-Goog-Upload-Chunk-Granularity: 262144`` (announced, not enforced). On the session
URL: ``upload`` / ``upload, finalize`` / ``finalize`` need ``X-Goog-Upload-Offset`` equal
to the bytes received so far (else 400, body drained, status headers kept); ``query``
-> ``X-Goog-Upload-Size-Received``; ``cancel`` -> status ``cancelled`` (later commands
400). Finalize checks the declared ``X-Goog-Upload-Header-Content-Length`` and answers
``{"file": File}`` with ``X-Goog-Upload-Status: final``. Only size and SHA-256 are
kept. File JSON is camelCase, ``sizeBytes`` a string, ``expirationTime`` = create + 48 h,
``uri`` = ``https://generativelanguage.googleapis.com/v1beta/files/<id>``. ``video/*``
files start ``PROCESSING`` (see ``set_processing_polls``). Unknown / expired files ->
403 PERMISSION_DENIED; an empty list -> ``{}`` (pageSize default 10). Interaction input
naming an unknown/expired file URI -> 403; a PROCESSING one -> 400 FAILED_PRECONDITION.

Faults (tests/fake_gemini/faults.py)
------------------------------------
``Fault(kind, times=1, method=None, path=None, status=500, dialect="rpc", code=None,
message=None, retry_after=None, retry_after_ms=None, after=0, checkpoint=False,
seconds=1.0, at_byte=0)``. A queued fault hits the next ``times`` matching requests
(``times=0``: all). ``method`` / ``path`` (regex searched in the path) narrow the match;
by default each kind matches the requests it makes sense for:

- ``http_error``: any request (not upload chunks unless ``path`` given). Answers
  ``status`` with an rpc body (``dialect="rpc"``: ``{"error":{"code":429,"message",
  "status":"RESOURCE_EXHAUSTED"}}``), an Interactions body (``"interactions"``:
  ``{"error":{"code":"too_many_requests","message"}}``; ``code`` overrides either) or
  plain text (``"text"``). ``retry_after`` -> ``Retry-After`` header (seconds or
  HTTP-date string), ``retry_after_ms`` -> ``retry-after-ms``.
- ``delay``: any request waits ``seconds`` before it is answered at all.
- Streaming responses only (POST stream=true or GET stream=true); ``after`` counts
  events already sent on that stream:
  ``sse_error`` (event ``error`` with ``code``/``message`` replaces event ``after`` and
  the rest; interaction status failed; no [DONE]), ``drop`` (connection closed after
  ``after`` events: incomplete chunked body; with ``checkpoint=True`` an
  ``interaction.status_update`` carrying ``continuation_token`` is sent first, and a
  create with that token continues with exactly the missing output; the interaction
  itself completes server-side either way, so GET ``?stream=true&last_event_id=`` also
  replays exactly the missing events; the break is deliberate and not logged as
  a server error), ``truncate`` (after ``after`` events the body
  ends cleanly, a proper end of the chunked response, with no ``interaction.completed``,
  ``[DONE]`` or ``error``: what the SDK silently takes for a finished answer),
  ``stall`` (no bytes for ``seconds`` after
  ``after`` events, then continues), ``malformed_event`` (a frame whose data is
  broken JSON before event ``after``), ``unknown_event`` (``interaction.mystery_update``
  at ``after``), ``unknown_delta`` (delta type ``hologram`` at ``after``),
  ``step_start_text`` (each ``step.start`` already carries the first text / summary
  chunk), ``status_variant`` (the ``interaction.status_update`` event is sent as
  ``interaction.in_progress``, the migration guide's variant). On GET streams only
  ``drop``/``truncate``/``stall``/``malformed_event`` apply.
- ``requires_continuation`` (POST create): the answer stops half-way, status
  ``requires_continuation`` + ``continuation_token``; a create with the token returns
  the other half. Each hop's ``usage`` is its own part (the first: input, thinking and
  its output; a continuation, also one from a ``drop`` checkpoint: only the output it
  adds), so summing the hops gives the uninterrupted answer's usage exactly.
- ``previous_expired`` (POST create with previous_interaction_id): 404 as if expired.
- ``upload_break`` (upload chunks): in the chunk request that reaches absolute offset
  ``at_byte`` the server keeps the bytes before it and breaks the connection; ``query``
  then reports ``at_byte``. Earlier chunk requests do not use the fault up, and one
  session never breaks twice at the same offset (so the resumed chunk goes through).
  (Header/model-name specs count every chunk request carrying them: use ``times=0``.)
- ``file_expired`` (GET/DELETE ``/files/<id>``): marks the file expired, 403.
- ``file_failed`` (finalizing upload chunk): the file goes PROCESSING -> FAILED.

Text syntax (``--fault``, ``x-fake-fault`` header, model name ``fault:SPEC``): faults
separated by ``;``, each ``kind[,key=value]...`` with Fault's field names, e.g.
``http_error,status=429,retry_after=1`` or ``drop,after=5,checkpoint=true;stall,after=3,
seconds=2``. A header / model-name spec hits at most ``times`` requests (default 1)
per distinct spec string over the server state's life, so a retry with the same
header succeeds; ``times=0`` hits every request carrying it.
"""

from .faults import Fault, FaultKind, parse_fault_spec
from .server import FakeGemini
from .state import FileRecord, InteractionRecord, RecordedRequest

__all__ = [
    "FakeGemini",
    "Fault",
    "FaultKind",
    "FileRecord",
    "InteractionRecord",
    "RecordedRequest",
    "parse_fault_spec",
]
