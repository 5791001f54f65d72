"""Full-text search: folding (case, diacritics, Turkish i), safety, ranking, snippets."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.store import MATCH_END, MATCH_START, HistoryStore
from desktop_app.store._folding import query_terms


def _hit_ids(store: HistoryStore, query: str) -> list[int | None]:
    return [h.message_id for h in store.search(query)]


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("Hava ILIK bugün", "ılık"),
        ("hava ılık bugün", "ILIK"),
        ("İstanbul'da yağmur", "istanbul"),
        ("istanbul'da yağmur", "İSTANBUL"),
        ("Bugün güneş var", "gunes"),
        ("Bugün GÜNEŞ var", "güneş"),
        ("ŞEKER ÇİÇEK", "seker cicek"),
        ("Crème brûlée", "creme BRULEE"),
        ("Iğdır", "igdir"),
    ],
)
def test_folding(store: HistoryStore, stored: str, query: str) -> None:
    conv = store.create_conversation()
    msg = store.append_message(conv.id, "user", text=stored)
    store.append_message(conv.id, "model", text="nothing related here")
    assert _hit_ids(store, query) == [msg.id]


def test_snippet_marks_matches_in_original_text(store: HistoryStore) -> None:
    conv = store.create_conversation("Weather")
    filler = "lorem ipsum " * 40
    store.append_message(conv.id, "user", text=f"{filler}Bugün GÜNEŞ var, güneşli!\n{filler}")
    [hit] = store.search("gunes*")
    assert f"{MATCH_START}GÜNEŞ{MATCH_END}" in hit.snippet
    assert f"{MATCH_START}güneşli{MATCH_END}" in hit.snippet
    assert hit.snippet.startswith("…")
    assert hit.snippet.endswith("…")
    assert len(hit.snippet) < 260
    assert "\n" not in hit.snippet
    assert hit.title == "Weather"
    assert hit.conversation_id == conv.id


def test_titles_are_searched(store: HistoryStore) -> None:
    conv = store.create_conversation("Ankara gezisi")
    [hit] = store.search("ankara")
    assert hit.message_id is None
    assert hit.conversation_id == conv.id
    assert hit.snippet == f"{MATCH_START}Ankara{MATCH_END} gezisi"
    store.rename_conversation(conv.id, "İzmir gezisi")
    assert store.search("ankara") == []
    assert len(store.search("izmir")) == 1


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        "*",
        "**",
        "a*b*",
        "AND",
        "OR OR",
        "NOT x",
        "NEAR(a b)",
        "title:secret",
        "body : x",
        "(",
        ")",
        "^start",
        "-minus +plus",
        "'; DROP TABLE messages; --",
        "\x00",
        "",
        "   ",
        "{a b}",
    ],
)
def test_fts_syntax_in_user_input_is_harmless(store: HistoryStore, query: str) -> None:
    conv = store.create_conversation("title secret")
    store.append_message(conv.id, "user", text="AND OR NOT NEAR start minus plus x a b")
    hits = store.search(query)  # never raises
    assert isinstance(hits, list)
    assert store.count_conversations() == 1


def test_operators_are_plain_words(store: HistoryStore) -> None:
    conv = store.create_conversation()
    with_or = store.append_message(conv.id, "user", text="cats OR dogs")
    store.append_message(conv.id, "user", text="cats only", parent_id=None)
    assert _hit_ids(store, "cats OR dogs") == [with_or.id]


def test_prefix_star(store: HistoryStore) -> None:
    conv = store.create_conversation()
    msg = store.append_message(conv.id, "user", text="internationalization")
    assert _hit_ids(store, "internat") == []
    assert _hit_ids(store, "internat*") == [msg.id]


def test_ranked_by_bm25_then_recency(store: HistoryStore) -> None:
    conv = store.create_conversation()
    weak = store.append_message(conv.id, "user", text="kahve " + "başka kelimeler " * 30)
    strong = store.append_message(conv.id, "user", text="kahve kahve kahve")
    assert _hit_ids(store, "kahve") == [strong.id, weak.id]
    # Identical documents: the newest first.
    older = store.append_message(conv.id, "user", text="çay zamanı")
    time.sleep(0.005)
    newer = store.append_message(conv.id, "user", text="çay zamanı")
    assert _hit_ids(store, "cay") == [newer.id, older.id]


def test_limit_and_archived(store: HistoryStore) -> None:
    conv = store.create_conversation()
    for i in range(30):
        store.append_message(conv.id, "user", text=f"deniz {i}")
    assert len(store.search("deniz", limit=7)) == 7
    assert len(store.search("deniz")) == 30
    store.set_archived(conv.id, True)
    assert store.search("deniz", include_archived=False) == []
    assert len(store.search("deniz", limit=5)) == 5


def test_query_terms_ignore_syntax() -> None:
    assert query_terms('"güneş" AND (ılık*) -x') == [
        ("gunes", False),
        ("and", False),
        ("ilik", True),
        ("x", False),
    ]


_LETTERS = "abcçdefgğhıijklmnoöprsştuüvyzâîû" + "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ"
_TURKISH_VARIANTS = {
    "ı": "iIİı",
    "i": "iIİı",
    "I": "iIİı",
    "İ": "iIİı",
    "ş": "sSşŞ",
    "s": "sSşŞ",
    "ğ": "gGğĞ",
    "g": "gGğĞ",
    "ü": "uUüÜû",
    "u": "uUüÜû",
    "ö": "oOöÖ",
    "o": "oOöÖ",
    "ç": "cCçÇ",
    "c": "cCçÇ",
    "â": "aAâ",
    "a": "aAâ",
    "î": "iIİı",
    "û": "uUüÜû",
}


@st.composite
def word_and_variant(draw: st.DrawFn) -> tuple[str, str]:
    word = draw(st.text(alphabet=_LETTERS, min_size=2, max_size=12))
    variant = "".join(
        draw(st.sampled_from(_TURKISH_VARIANTS.get(ch, _TURKISH_VARIANTS.get(ch.lower(), ch))))
        if ch in _TURKISH_VARIANTS or ch.lower() in _TURKISH_VARIANTS
        else draw(st.sampled_from([ch.lower(), ch.upper()]))
        for ch in word
    )
    return word, variant


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pair=word_and_variant())
def test_any_case_diacritic_or_turkish_i_variant_finds_the_word(
    store: HistoryStore, pair: tuple[str, str]
) -> None:
    word, variant = pair
    conv = store.create_conversation()
    msg = store.append_message(conv.id, "user", text=f"önce {word} sonra")
    try:
        hits = store.search(variant)
        assert msg.id in [h.message_id for h in hits]
        hit = next(h for h in hits if h.message_id == msg.id)
        assert f"{MATCH_START}{word}{MATCH_END}" in hit.snippet
    finally:
        store.delete_conversation(conv.id)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=30))
def test_arbitrary_queries_never_raise(store: HistoryStore, query: str) -> None:
    assert isinstance(store.search(query), list)


def test_window_ranks_only_the_most_recent_matches(store: HistoryStore) -> None:
    conv = store.create_conversation()
    strong_old = store.append_message(conv.id, "user", text="zeytin zeytin zeytin")
    recent = [
        store.append_message(conv.id, "user", text="zeytin " + "dolgu " * 20).id for _ in range(5)
    ]
    assert _hit_ids(store, "zeytin")[0] == strong_old.id  # below the window: exact
    windowed = [h.message_id for h in store.search("zeytin", window=3)]
    assert sorted(windowed) == sorted(recent[-3:])
    exact = [h.message_id for h in store.search("zeytin", window=None)]
    assert exact[0] == strong_old.id
    assert len(exact) == 6
