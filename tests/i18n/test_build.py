"""The shipped .qm matches the .ts, and the .ts matches the sources (`make translations`)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from desktop_app.core.preferences import Language
from desktop_app.ui.i18n import catalogue_path
from tests.i18n.catalogue import ROOT, SOURCES, TS_PATH, VENV_BIN, Message, read_ts


def _makefile_variable(name: str) -> list[str]:
    """A variable of the Makefile (continuation lines joined), split like the shell does."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(rf"^{name}\s*:?=(.*)$", text, re.MULTILINE)
    assert found, f"{name} is not defined in the Makefile"
    return shlex.split(found.group(1))


def _lookup(translator: QTranslator, message: Message) -> str:
    found = translator.translate(
        message.context, message.source, message.comment or None, 1 if message.numerus else -1
    )
    return found or ""


def _compile(ts: Path, qm: Path) -> None:
    subprocess.run(
        [str(VENV_BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        timeout=60,
    )


def test_the_shipped_catalogue_translates_every_entry_like_the_ts() -> None:
    # Committed .qm vs. the .ts it was compiled from: "make translations" was not re-run
    # after editing the .ts when this fails.
    shipped = catalogue_path(Language.TR)
    assert shipped.is_file(), f"{shipped} is missing: run `make translations`"
    translator = QTranslator()
    assert translator.load(str(shipped))
    stale = [
        f"{m.where()}: ships {_lookup(translator, m)!r}, the .ts says {m.translations[0]!r}"
        for m in read_ts()
        if _lookup(translator, m) != m.translations[0]
    ]
    assert not stale, "the .qm is stale; run `make translations`:\n" + "\n".join(stale)


def test_lrelease_compiles_the_ts_without_dropping_entries(tmp_path: Path) -> None:
    # The same check through a fresh compile: proves the lookup above can fail.
    qm = tmp_path / "fresh.qm"
    _compile(TS_PATH, qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    messages = read_ts()
    assert all(_lookup(translator, m) == m.translations[0] for m in messages)
    # A catalogue missing one entry is caught.
    tree = ET.parse(TS_PATH)
    first = messages[0].translations[0]
    translation = tree.getroot().find("context/message/translation")
    assert translation is not None
    assert translation.text == first
    translation.text = ""
    broken = tmp_path / "broken.ts"
    tree.write(broken, encoding="utf-8")
    _compile(broken, tmp_path / "broken.qm")
    stale = QTranslator()
    assert stale.load(str(tmp_path / "broken.qm"))
    assert _lookup(stale, messages[0]) != first


def test_the_catalogue_is_in_sync_with_the_sources(tmp_path: Path) -> None:
    """lupdate over today's code finds no new string and no vanished one."""
    fresh = tmp_path / TS_PATH.name
    shutil.copyfile(TS_PATH, fresh)
    subprocess.run(
        [
            str(VENV_BIN / "pyside6-lupdate"),
            "-silent",
            *_makefile_variable("LUPDATE_FLAGS"),
            str(SOURCES),
            "-ts",
            str(fresh),
        ],
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    shipped = {m.key: m for m in read_ts()}
    extracted = {m.key: m for m in read_ts(fresh)}
    new = sorted(extracted[k].where() for k in extracted.keys() - shipped.keys())
    gone = sorted(shipped[k].where() for k in shipped.keys() - extracted.keys())
    assert (new, gone) == ([], []), (
        "the catalogue is out of date: run `make translations` and translate the new entries"
        f"\nnew in the code: {new}\nno longer in the code: {gone}"
    )
