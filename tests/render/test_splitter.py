"""The block splitter: finished chunks + open tail render exactly like the whole text."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.render import BlockSplitter, render_markdown
from tests.render.strategies import markdown_text, split_points


def stream_html(text: str, rnd: random.Random) -> tuple[str, list[str]]:
    splitter = BlockSplitter()
    html: list[str] = []
    chunks: list[str] = []
    for delta in split_points(text, rnd):
        splitter.feed(delta)
        if rnd.random() < 0.6:
            finished = splitter.take_finished()
            chunks.append(finished)
            html.append(render_markdown(finished))
    finished = splitter.take_finished()
    chunks.append(finished)
    html.append(render_markdown(finished))
    html.append(render_markdown(splitter.tail))
    # Rendered pieces are stripped of the newline markdown-it puts between blocks.
    return "\n".join(part for part in html if part), chunks


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text, st.randoms(use_true_random=False))
def test_incremental_html_equals_full_render(text: str, rnd: random.Random) -> None:
    incremental, _ = stream_html(text, rnd)
    assert incremental == render_markdown(text)


@settings(max_examples=200, deadline=None)
@given(markdown_text, st.randoms(use_true_random=False))
def test_chunks_plus_tail_are_the_normalised_text(text: str, rnd: random.Random) -> None:
    splitter = BlockSplitter()
    taken = []
    for delta in split_points(text, rnd):
        splitter.feed(delta)
        taken.append(splitter.take_finished())
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert "".join(taken) + splitter.tail == normalised
    assert splitter.committed_length == len("".join(taken))


def test_finished_blocks_are_handed_out_once() -> None:
    splitter = BlockSplitter()
    splitter.feed("# Title\n\nfirst para")
    # The paragraph's only line is still partial: it could yet be anything.
    assert splitter.take_finished() == ""
    splitter.feed("graph\n")
    assert splitter.take_finished() == "# Title\n\n"
    assert splitter.take_finished() == ""
    assert splitter.tail == "first paragraph\n"
    splitter.feed("\n- item\n")
    assert splitter.take_finished() == "first paragraph\n\n"
    assert splitter.tail == "- item\n"


def test_partial_last_line_does_not_finish_a_block() -> None:
    # "|-" makes the paragraph's last line a table header until "x" arrives.
    splitter = BlockSplitter()
    splitter.feed("text\n| a |\n|-")
    assert splitter.take_finished() == ""
    splitter.feed("x\n")
    assert splitter.take_finished() == ""
    assert render_markdown(splitter.tail) == render_markdown("text\n| a |\n|-x\n")


def test_open_fence_keeps_everything_in_the_tail() -> None:
    splitter = BlockSplitter()
    splitter.feed("```python\nx = 1\n\n\ny = 2\n")
    assert splitter.take_finished() == ""
    splitter.feed("```\n\nafter\n")
    assert splitter.take_finished() == "```python\nx = 1\n\n\ny = 2\n```\n\n"


def test_crlf_split_between_deltas_is_one_newline() -> None:
    splitter = BlockSplitter()
    splitter.feed("a\r")
    assert splitter.tail == "a\n"
    splitter.feed("\nb\r\n\r\nc")
    assert splitter.tail == "a\nb\n\nc"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text, st.randoms(use_true_random=False))
def test_blocks_rendered_one_by_one_equal_the_full_render(text: str, rnd: random.Random) -> None:
    # A burst is shown over several frames, a few blocks at a time.
    splitter = BlockSplitter()
    html: list[str] = []
    blocks: list[str] = []
    for delta in split_points(text, rnd):
        splitter.feed(delta)
        if rnd.random() < 0.3:
            taken = splitter.take_finished_blocks()
            assert all(taken)
            blocks.extend(taken)
    blocks.extend(splitter.take_finished_blocks())
    html.extend(render_markdown(block) for block in blocks)
    html.append(render_markdown(splitter.tail))
    assert "".join(blocks) + splitter.tail == text.replace("\r\n", "\n").replace("\r", "\n")
    assert "\n".join(part for part in html if part) == render_markdown(text)


def test_finished_blocks_come_one_per_top_level_block() -> None:
    splitter = BlockSplitter()
    splitter.feed("\n# Title\npara\n\n- a\n- b\n\n```\nx\n```\nlast")
    assert splitter.take_finished_blocks() == ["\n# Title\n", "para\n\n", "- a\n- b\n\n"]
    assert splitter.tail == "```\nx\n```\nlast"
