"""The delta pacer: a bounded amount of text per frame, and none while the sink is behind."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.ui.window.delta_pacer import DeltaPacer


def test_text_is_handed_over_in_frames_and_waits_while_the_sink_is_behind(
    qtbot: QtBot,
) -> None:
    received: list[tuple[int, str]] = []
    behind = [True]
    pacer = DeltaPacer(
        lambda mid, text: received.append((mid, text)),
        lambda mid, text: None,
        budget=10,
        ready=lambda: not behind[0],
    )
    pacer.push(1, "a" * 25)
    qtbot.wait(80)
    assert received == []  # the sink is still showing an earlier burst
    assert not pacer.is_idle()
    behind[0] = False
    qtbot.waitUntil(pacer.is_idle, timeout=2000)
    assert [text for _, text in received] == ["a" * 10, "a" * 10, "a" * 5]
    drained: list[bool] = []
    pacer.when_drained(1, lambda: drained.append(True))
    assert drained == [True]


def test_flush_hands_everything_over_even_when_behind(qtbot: QtBot) -> None:
    received: list[str] = []
    pacer = DeltaPacer(
        lambda _mid, text: received.append(text),
        lambda _mid, text: None,
        budget=4,
        ready=lambda: False,
    )
    pacer.push(7, "abcdefghij")
    pacer.flush()
    assert "".join(received) == "abcdefghij"
    assert pacer.is_idle()


def test_drained_callbacks_wait_until_the_sink_has_shown_the_text(qtbot: QtBot) -> None:
    received: list[str] = []
    behind = [False]

    def sink(_mid: int, text: str) -> None:
        received.append(text)
        behind[0] = True  # the transcript shows it on its next frame

    pacer = DeltaPacer(sink, lambda _mid, text: None, ready=lambda: not behind[0])
    pacer.push(3, "hello")
    drained: list[str] = []
    pacer.when_drained(3, lambda: drained.append("done"))
    qtbot.waitUntil(lambda: received == ["hello"], timeout=2000)
    qtbot.wait(60)
    assert drained == []  # handed over, not shown yet
    assert not pacer.is_idle()
    behind[0] = False
    qtbot.waitUntil(lambda: drained == ["done"], timeout=2000)
    assert pacer.is_idle()
