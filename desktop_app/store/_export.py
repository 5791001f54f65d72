"""Export to Markdown, self-contained HTML and JSON; import JSON.

The JSON format carries no database ids: messages refer to their parent by
their position in the ``messages`` list (``ref``), folders by name.  So
export -> import -> export yields the same document.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ._errors import ImportFormatError
from ._models import ALL_STATUSES, Attachment, Conversation, Message

if TYPE_CHECKING:
    from ._store import HistoryStore

CONVERSATION_FORMAT = "gemdesk.conversation"
ARCHIVE_FORMAT = "gemdesk.archive"
FORMAT_VERSION = 1
_INLINE_IMAGE_LIMIT = 5 * 1024 * 1024
_INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def _escape(text: str) -> str:
    # Imported on use: html.entities is a large table the app does not need to start.
    from html import escape

    return escape(text)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(value: Any, what: str) -> int:
    """ISO-8601 text -> unix milliseconds."""
    if not isinstance(value, str):
        raise ImportFormatError(f"{what} is not a date.")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ImportFormatError(f"{what} is not a valid date: {value!r}.") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return round(parsed.timestamp() * 1000)


def dump_json(document: dict[str, Any]) -> str:
    """The canonical text of an export (UTF-8, indented, stable key order)."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ------------------------------------------------------------------------- export


def _attachment_json(att: Attachment, include_data: bool) -> dict[str, Any]:
    data: str | None = None
    if include_data:
        try:
            data = base64.b64encode(att.path.read_bytes()).decode("ascii")
        except FileNotFoundError:
            data = None
    return {
        "sha256": att.sha256,
        "display_name": att.display_name,
        "mime_type": att.mime_type,
        "size": att.size,
        "remote_name": att.remote_name,
        "remote_uri": att.remote_uri,
        "remote_expiry": None if att.remote_expiry is None else iso(att.remote_expiry),
        "data": data,
    }


def conversation_document(
    store: HistoryStore, conversation_id: int, *, include_attachment_data: bool = True
) -> dict[str, Any]:
    conv = store.get_conversation(conversation_id)
    messages = store.messages(conversation_id)
    refs = {m.id: i for i, m in enumerate(messages)}
    folder = None if conv.folder_id is None else store.get_folder(conv.folder_id).name
    return {
        "format": CONVERSATION_FORMAT,
        "version": FORMAT_VERSION,
        "conversation": {
            "title": conv.title,
            "folder": folder,
            "pinned": conv.pinned,
            "archived": conv.archived,
            "quick": conv.quick,
            "created": iso(conv.created),
            "updated": iso(conv.updated),
            "settings": conv.settings.to_json(),
            "active_leaf": refs.get(conv.active_leaf_id) if conv.active_leaf_id else None,
        },
        "messages": [
            {
                "ref": refs[m.id],
                "parent": None if m.parent_id is None else refs[m.parent_id],
                "role": m.role,
                "status": m.status,
                "steps": m.steps,
                "text": m.text,
                "interaction_id": m.interaction_id,
                "error": m.error,
                "usage": m.usage,
                "model": m.model,
                "created": iso(m.created),
                "attachments": [
                    _attachment_json(a, include_attachment_data) for a in m.attachments
                ],
            }
            for m in messages
        ],
    }


def archive_document(
    store: HistoryStore, *, include_attachment_data: bool = True
) -> dict[str, Any]:
    folders = store.list_folders()
    total = store.count_conversations(archived=None)
    conversations: list[Conversation] = []
    while len(conversations) < total:
        page = store.list_conversations(offset=len(conversations), limit=500, archived=None)
        if not page:
            break
        conversations.extend(page)
    # Oldest first, so that an import reproduces the same relative order of ids.
    conversations.sort(key=lambda c: c.id)
    return {
        "format": ARCHIVE_FORMAT,
        "version": FORMAT_VERSION,
        "folders": [
            {"name": f.name, "position": f.position, "created": iso(f.created)} for f in folders
        ],
        "conversations": [
            conversation_document(store, c.id, include_attachment_data=include_attachment_data)
            for c in conversations
        ],
    }


_ROLE_NAMES = {"user": "You", "model": "Gemini"}


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def conversation_markdown(store: HistoryStore, conversation_id: int) -> str:
    conv = store.get_conversation(conversation_id)
    path = store.active_path(conversation_id)
    out = [f"# {conv.title or 'Untitled conversation'}", ""]
    meta = [f"Created {iso(conv.created)}"]
    if conv.settings.model:
        meta.append(f"model `{conv.settings.model}`")
    out += ["*" + " · ".join(meta) + "*", ""]
    if conv.settings.system_instruction:
        out += ["**System instruction:**", ""]
        out += ["> " + line for line in conv.settings.system_instruction.splitlines()] + [""]
    for m in path:
        out += [f"## {_ROLE_NAMES[m.role]}", ""]
        if m.thoughts:
            out += ["> **Thoughts**", ">"]
            out += ["> " + line if line else ">" for line in m.thoughts.splitlines()] + [""]
        if m.text:
            out += [m.text, ""]
        for a in m.attachments:
            out += [f"- Attachment: {a.display_name} ({a.mime_type}, {_human_size(a.size)})"]
        if m.attachments:
            out.append("")
        if m.status != "complete":
            out += [f"*({m.status}{': ' + m.error if m.error else ''})*", ""]
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:820px;
margin:2em auto;padding:0 1em;color:#1f2328;background:#fff}
h1{font-size:1.6em;margin-bottom:.2em}.meta{color:#656d76;font-size:.9em}
.msg{border-radius:10px;padding:.7em 1em;margin:1em 0}
.user{background:#eef4ff}.model{background:#f6f8fa}
.role{font-weight:600;font-size:.85em;color:#57606a;margin-bottom:.3em}
.text{white-space:pre-wrap;word-wrap:break-word}
.thoughts{color:#57606a;border-left:3px solid #d0d7de;padding-left:.8em;margin:.4em 0;
white-space:pre-wrap;font-size:.92em}
.status{color:#9a6700;font-style:italic}.att{font-size:.9em;color:#57606a}
img{max-width:100%;border-radius:6px}
""".strip()


def _attachment_html(att: Attachment) -> str:
    label = _escape(f"{att.display_name} ({att.mime_type}, {_human_size(att.size)})")
    if att.mime_type in _INLINE_IMAGE_TYPES and att.size <= _INLINE_IMAGE_LIMIT:
        try:
            data = base64.b64encode(att.path.read_bytes()).decode("ascii")
        except FileNotFoundError:
            data = ""
        if data:
            return (
                f'<figure class="att"><img alt="{_escape(att.display_name)}" '
                f'src="data:{att.mime_type};base64,{data}"><figcaption>{label}</figcaption></figure>'
            )
    return f'<div class="att">Attachment: {label}</div>'


def _message_html(m: Message) -> str:
    parts = [f'<section class="msg {m.role}">', f'<div class="role">{_ROLE_NAMES[m.role]}</div>']
    if m.thoughts:
        thoughts = _escape(m.thoughts)
        parts.append(f'<details class="thoughts"><summary>Thoughts</summary>{thoughts}</details>')
    if m.text:
        parts.append(f'<div class="text">{_escape(m.text)}</div>')
    parts += [_attachment_html(a) for a in m.attachments]
    if m.status != "complete":
        detail = f": {m.error}" if m.error else ""
        parts.append(f'<div class="status">({_escape(m.status + detail)})</div>')
    parts.append("</section>")
    return "\n".join(parts)


def conversation_html(store: HistoryStore, conversation_id: int) -> str:
    conv = store.get_conversation(conversation_id)
    path = store.active_path(conversation_id)
    title = _escape(conv.title or "Untitled conversation")
    meta = f"Created {iso(conv.created)}"
    if conv.settings.model:
        meta += f" · model {conv.settings.model}"
    body = "\n".join(_message_html(m) for m in path)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n'
        # No network access at all: inline styles and data: images only.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">\n"
        f"<title>{title}</title>\n<style>{_CSS}</style></head>\n<body>\n"
        f'<h1>{title}</h1>\n<div class="meta">{_escape(meta)}</div>\n{body}\n'
        "</body></html>\n"
    )


# ------------------------------------------------------------------------- import


def _sha256_hex(data: bytes) -> str:
    import hashlib  # on use: OpenSSL is not needed to start the app

    return hashlib.sha256(data).hexdigest()


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise ImportFormatError(message)


def _opt_str(value: Any, what: str) -> str | None:
    _require(value is None or isinstance(value, str), f"{what} must be text.")
    return value  # type: ignore[no-any-return]


def validate_conversation(doc: Any) -> None:
    """Raise :class:`ImportFormatError` unless *doc* is a conversation export we read."""
    _require(isinstance(doc, dict), "The file is not a Gemdesk conversation export.")
    _require(
        doc.get("format") == CONVERSATION_FORMAT, "The file is not a Gemdesk conversation export."
    )
    _require(
        isinstance(doc.get("version"), int) and doc["version"] <= FORMAT_VERSION,
        "The export was made by a newer Gemdesk; update Gemdesk to import it.",
    )
    conv = doc.get("conversation")
    _require(isinstance(conv, dict), "The export has no conversation.")
    _require(isinstance(conv.get("title", ""), str), "The conversation title must be text.")
    _require(isinstance(conv.get("settings", {}), dict), "The conversation settings are invalid.")
    messages = doc.get("messages")
    _require(isinstance(messages, list), "The export has no message list.")
    for i, m in enumerate(messages):
        _require(isinstance(m, dict), f"Message {i} is invalid.")
        _require(m.get("ref") == i, f"Message {i} has a wrong ref.")
        parent = m.get("parent")
        _require(
            parent is None or (isinstance(parent, int) and 0 <= parent < i),
            f"Message {i} refers to a parent that does not precede it.",
        )
        _require(m.get("role") in ("user", "model"), f"Message {i} has an unknown role.")
        _require(m.get("status") in ALL_STATUSES, f"Message {i} has an unknown status.")
        _require(isinstance(m.get("steps", []), list), f"Message {i} steps must be a list.")
        _require(isinstance(m.get("text", ""), str), f"Message {i} text must be text.")
        _require(
            m.get("usage") is None or isinstance(m.get("usage"), dict),
            f"Message {i} usage is invalid.",
        )
        for what in ("interaction_id", "error", "model"):
            _opt_str(m.get(what), f"Message {i} {what}")
        parse_iso(m.get("created"), f"Message {i} creation time")
        _require(isinstance(m.get("attachments", []), list), f"Message {i} attachments invalid.")
        for a in m.get("attachments", []):
            _require(isinstance(a, dict), f"Message {i} has an invalid attachment.")
            _require(isinstance(a.get("sha256"), str), f"Message {i} attachment lacks a hash.")
            _require(
                isinstance(a.get("display_name"), str), f"Message {i} attachment lacks a name."
            )
            _require(isinstance(a.get("mime_type"), str), f"Message {i} attachment lacks a type.")
            _require(isinstance(a.get("size"), int), f"Message {i} attachment lacks a size.")
            if a.get("data") is not None:
                try:
                    raw = base64.b64decode(a["data"], validate=True)
                except (ValueError, TypeError) as exc:
                    raise ImportFormatError(f"Message {i} attachment data is not base64.") from exc
                _require(
                    _sha256_hex(raw) == a["sha256"],
                    f"Message {i} attachment data does not match its hash.",
                )
            if a.get("remote_expiry") is not None:
                parse_iso(a["remote_expiry"], f"Message {i} attachment expiry")
    leaf = conv.get("active_leaf")
    _require(
        leaf is None or (isinstance(leaf, int) and 0 <= leaf < len(messages)),
        "The active message of the conversation does not exist.",
    )
    parse_iso(conv.get("created"), "The conversation creation time")
    parse_iso(conv.get("updated"), "The conversation update time")


def ms_or_none(value: Any, what: str) -> int | None:
    return None if value is None else parse_iso(value, what)
