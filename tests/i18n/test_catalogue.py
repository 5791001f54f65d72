"""The Turkish catalogue is complete and every translation keeps what the code relies on."""

from __future__ import annotations

import re
from collections import Counter

from tests.i18n.catalogue import PLACEHOLDER, TAG, Message, read_ts, ts_language

MESSAGES = read_ts()
# A mnemonic: "&" before a character, "&&" being a literal ampersand.
MNEMONIC = re.compile(r"&(?!&)(.)")


def test_the_catalogue_is_turkish_and_not_empty() -> None:
    assert ts_language() in {"tr", "tr_TR"}
    assert len(MESSAGES) > 100
    assert len({m.key for m in MESSAGES}) == len(MESSAGES)


def test_every_entry_is_finished_and_translated() -> None:
    bad = [
        m.where() for m in MESSAGES if not m.finished or not all(t.strip() for t in m.translations)
    ]
    assert not bad, (
        "unfinished or empty entries (run `make translations`, then translate):\n" + "\n".join(bad)
    )


def test_no_entry_lacks_a_context() -> None:
    # lupdate files a tr() call outside any class under "" while the code looks the
    # string up under another context: such a string would never be translated.
    assert not [m.where() for m in MESSAGES if not m.context]


def _problems(message: Message) -> list[str]:
    problems = []
    for translation in message.translations:
        if Counter(PLACEHOLDER.findall(translation)) != Counter(
            PLACEHOLDER.findall(message.source)
        ):
            problems.append("placeholders differ")
        if Counter(t.lower() for t in TAG.findall(translation)) != Counter(
            t.lower() for t in TAG.findall(message.source)
        ):
            problems.append("markup differs")
        keys = MNEMONIC.findall(translation)
        if len(keys) != len(MNEMONIC.findall(message.source)):
            problems.append("mnemonic count differs")
        if not all(k.isalnum() for k in keys):
            problems.append("mnemonic on a non-letter")
        # Ellipses and trailing colons are UI conventions (a dialog follows; a field follows).
        for suffix in ("…", ":"):
            if message.source.endswith(suffix) and not translation.endswith(suffix):
                problems.append(f"lost the trailing {suffix!r}")
        if translation.count("\n") != message.source.count("\n"):
            problems.append("line breaks differ")
    return [f"{message.where()} -> {message.translations!r}: {p}" for p in problems]


def test_translations_keep_placeholders_markup_and_mnemonics() -> None:
    problems = [p for m in MESSAGES for p in _problems(m)]
    assert not problems, "\n".join(problems)
