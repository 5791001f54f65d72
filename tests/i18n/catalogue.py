"""Reading Qt's .ts catalogues, and the paths and commands of the translation build."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
TS_PATH = ROOT / "resources" / "translations" / "gemdesk_tr.ts"
SOURCES = ROOT / "desktop_app"

# {name}, %1, %n, %L1: what the code fills in; a translation must keep every one.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%L?\d+|%n")
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")


@dataclass(frozen=True, slots=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    translations: tuple[str, ...]  # one entry, or one per numerus form
    finished: bool

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.context, self.source, self.comment, self.numerus)

    def where(self) -> str:
        return f"[{self.context}] {self.source!r}"


def read_ts(path: Path = TS_PATH) -> list[Message]:
    root = ET.parse(path).getroot()
    messages: list[Message] = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"no <translation> in {name}"
            numerus = message.get("numerus") == "yes"
            if numerus:
                texts = tuple(f.text or "" for f in translation.iter("numerusform"))
            else:
                texts = (translation.text or "",)
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    comment=message.findtext("comment") or "",
                    numerus=numerus,
                    translations=texts,
                    # "unfinished", "vanished" and "obsolete" all mean not shipped as is.
                    finished=translation.get("type") is None,
                )
            )
    return messages


def ts_language(path: Path = TS_PATH) -> str:
    return ET.parse(path).getroot().get("language", "")
