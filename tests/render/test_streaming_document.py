"""Streaming into a QTextDocument gives the same document as one full render.

Compared: toPlainText(), every block's text, block format, list membership and
character formats, and toHtml() — over random Markdown and random split points.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QUrl
from PySide6.QtGui import QBrush, QTextDocument, QTextFormat, QTextLength
from PySide6.QtWidgets import QApplication

from desktop_app.render import DARK, render_markdown
from desktop_app.render.document import SafeTextDocument, StreamingDocument
from tests.render.strategies import markdown_text, split_points


def _value(value: Any) -> Any:
    if isinstance(value, QTextLength):
        return ("length", value.type(), value.rawValue())
    if isinstance(value, QBrush):
        return ("brush", value.color().name(), value.style())
    if isinstance(value, list):
        return [_value(item) for item in value]
    return str(value)


def _props(fmt: QTextFormat) -> list[tuple[int, Any]]:
    # ObjectIndex is an internal id (which list a block belongs to), not a format.
    skip = QTextFormat.Property.ObjectIndex.value
    return sorted((key, _value(value)) for key, value in fmt.properties().items() if key != skip)


def structure(document: QTextDocument) -> list[tuple[Any, ...]]:
    blocks = []
    block = document.begin()
    while block.isValid():
        fragments = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fragments.append((fragment.text(), _props(fragment.charFormat())))
            it += 1
        text_list = block.textList()
        listing = None
        if text_list is not None:
            listing = (_props(text_list.format()), text_list.itemNumber(block))
        blocks.append((block.text(), _props(block.blockFormat()), listing, fragments))
        block = block.next()
    return blocks


def full_render(text: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(render_markdown(text))
    return document


def assert_same_document(incremental: QTextDocument, reference: QTextDocument) -> None:
    assert incremental.toPlainText() == reference.toPlainText()
    assert structure(incremental) == structure(reference)
    assert incremental.toHtml() == reference.toHtml()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text, st.randoms(use_true_random=False))
def test_streamed_document_equals_full_render(
    qapp: QApplication, text: str, rnd: random.Random
) -> None:
    document = QTextDocument()
    stream = StreamingDocument(document)
    for delta in split_points(text, rnd):
        stream.append(delta)
        if rnd.random() < 0.5:
            stream.flush()
    stream.flush()
    assert_same_document(document, full_render(text))


@settings(max_examples=60, deadline=None)
@given(markdown_text, markdown_text, st.randoms(use_true_random=False))
def test_appending_after_set_text_continues_the_stream(
    qapp: QApplication, first: str, second: str, rnd: random.Random
) -> None:
    document = QTextDocument()
    stream = StreamingDocument(document)
    stream.set_text(first)
    for delta in split_points(second, rnd):
        stream.append(delta)
        stream.flush()
    assert stream.text == first + second
    assert_same_document(document, full_render(first + second))


@pytest.mark.parametrize(
    "text",
    [
        "# h\n---\n# h\n# h\n",  # an <hr> after a heading keeps its rule
        "# h\n>---\n",  # an <hr> in a quote
        "text\n| a |\n|-|\n|# h\n|",  # a table ending in an empty row
        "| a | b |\n|---|---|\n| 1 | |\n\n~~~\n1. x\n~~~\n",  # a <pre> after a table
        "| a |\n|-|\n| 1 |\n\nafter\n",  # a paragraph right after a table
        "```\n\n\n\n```\n|  - b\n>>",  # blank-only code
        "- a\n-\n",  # an empty last item
    ],
)
def test_known_corner_cases_character_by_character(qapp: QApplication, text: str) -> None:
    document = QTextDocument()
    stream = StreamingDocument(document)
    for index, char in enumerate(text):
        stream.append(char)
        stream.flush()
        assert_same_document(document, full_render(text[: index + 1]))


def test_flush_without_new_text_changes_nothing(qapp: QApplication) -> None:
    document = QTextDocument()
    stream = StreamingDocument(document)
    stream.append("# a\n\nb")
    stream.flush()
    revision = document.revision()
    assert not stream.dirty
    stream.flush()
    assert document.revision() == revision


def test_palette_switch_re_renders_with_the_dark_colours(qapp: QApplication) -> None:
    document = QTextDocument()
    stream = StreamingDocument(document)
    stream.append("```python\nx = 1\n```\n")
    stream.flush()
    stream.set_palette(DARK)
    expected = QTextDocument()
    expected.setHtml(render_markdown("```python\nx = 1\n```\n", DARK))
    assert document.toHtml() == expected.toHtml()


def test_safe_document_loads_no_resource(qapp: QApplication, tmp_path: Any) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    document = SafeTextDocument()
    url = QUrl.fromLocalFile(str(secret))
    assert document.resource(QTextDocument.ResourceType.ImageResource.value, url) is None
    assert document.resource(QTextDocument.ResourceType.StyleSheetResource.value, url) is None
    document.setHtml(f'<img src="{url.toString()}"><link rel="stylesheet" href="{url.toString()}">')
    assert "top secret" not in document.toPlainText()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text, st.randoms(use_true_random=False))
def test_budgeted_flushes_end_in_the_full_render(
    qapp: QApplication, text: str, rnd: random.Random
) -> None:
    # A zero budget does one step per flush: the burst is shown over many calls.
    document = QTextDocument()
    stream = StreamingDocument(document)
    for delta in split_points(text, rnd):
        stream.append(delta)
        if rnd.random() < 0.5:
            stream.flush(0.0)
    steps = 0
    while stream.dirty:
        stream.flush(0.0)
        steps += 1
        assert steps < 10_000
    assert_same_document(document, full_render(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text, markdown_text, st.randoms(use_true_random=False))
def test_progressive_set_text_then_stream(
    qapp: QApplication, first: str, second: str, rnd: random.Random
) -> None:
    document = QTextDocument()
    document.setHtml("<p>old content</p>")
    stream = StreamingDocument(document)
    stream.set_text_progressively(first)
    while stream.dirty and rnd.random() < 0.8:
        stream.flush(0.0)
    for delta in split_points(second, rnd):
        stream.append(delta)
        if rnd.random() < 0.3:
            stream.flush(0.0)
    stream.flush()
    assert not stream.dirty
    assert stream.text == first + second
    assert_same_document(document, full_render(first + second))


def test_a_long_text_is_built_in_bounded_steps(qapp: QApplication) -> None:
    text = "".join(f"## Part {i}\n\nParagraph {i} with *emphasis*.\n\n" for i in range(400))
    document = QTextDocument()
    stream = StreamingDocument(document)
    stream.set_text_progressively(text)
    stream.flush(0.0)
    assert stream.dirty  # one step shows only the first blocks
    assert 0 < len(document.toPlainText()) < len(full_render(text).toPlainText())
    while stream.dirty:
        stream.flush(0.0)
    assert_same_document(document, full_render(text))
