"""Unsent drafts (text + attachments) per conversation, kept in a small JSON file.

The file lives in ``paths.data_dir()/drafts.json``; pasted image data is saved next
to it in ``drafts/`` so a draft's attachments are plain files that survive a restart.
Writes are atomic (temp file + rename) and tiny, cheap enough for the UI thread.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app import paths

NEW_CONVERSATION = "new"  # the key of the draft for a conversation not created yet


@dataclass
class DraftAttachment:
    path: str
    name: str
    size: int
    mime: str


@dataclass
class Draft:
    text: str = ""
    attachments: list[DraftAttachment] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.text.strip() and not self.attachments


def drafts_path() -> Path:
    return paths.data_dir() / "drafts.json"


def pasted_dir() -> Path:
    return paths.data_dir() / "drafts"


def new_pasted_path(suffix: str = ".png") -> Path:
    folder = pasted_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"pasted-{uuid.uuid4().hex[:12]}{suffix}"


class DraftStore:
    """Drafts keyed by conversation id (``NEW_CONVERSATION`` for an unsaved chat)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or drafts_path()
        self._drafts: dict[str, Draft] = self._load()

    def _load(self) -> dict[str, Draft]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        drafts: dict[str, Draft] = {}
        if not isinstance(raw, dict):
            return drafts
        for key, value in raw.get("drafts", {}).items():
            try:
                drafts[str(key)] = _draft_from_json(value)
            except (KeyError, TypeError, ValueError):
                continue  # one bad entry must not lose the others
        return drafts

    def get(self, key: str) -> Draft:
        draft = self._drafts.get(key)
        if draft is None:
            return Draft()
        return Draft(draft.text, list(draft.attachments))

    def keys(self) -> list[str]:
        return list(self._drafts)

    def put(self, key: str, draft: Draft) -> None:
        if draft.is_empty():
            if self._drafts.pop(key, None) is not None:
                self._save()
            return
        self._drafts[key] = Draft(draft.text, list(draft.attachments))
        self._save()

    def discard(self, key: str) -> None:
        """Forget a sent draft (its pasted files stay: the message may still need them)."""
        draft = self._drafts.pop(key, None)
        if draft is None:
            return
        self._save()

    def move(self, old: str, new: str) -> None:
        draft = self._drafts.pop(old, None)
        if draft is not None:
            self._drafts[new] = draft
            self._save()

    def _save(self) -> None:
        data: dict[str, Any] = {
            "version": 1,
            "drafts": {
                key: {
                    "text": d.text,
                    "attachments": [a.__dict__ for a in d.attachments],
                }
                for key, d in self._drafts.items()
            },
        }
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".drafts-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
            os.replace(tmp, self._path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _draft_from_json(value: Any) -> Draft:
    attachments = [
        DraftAttachment(
            path=str(a["path"]), name=str(a["name"]), size=int(a["size"]), mime=str(a["mime"])
        )
        for a in value.get("attachments", [])
    ]
    return Draft(text=str(value.get("text", "")), attachments=attachments)
