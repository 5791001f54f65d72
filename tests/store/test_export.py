"""Markdown, HTML and JSON export; JSON and archive import round-trips."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.store import (
    ConversationSettings,
    HistoryStore,
    ImportFormatError,
    dump_json,
    user_steps,
)

THOUGHT = {"type": "thought", "signature": "c2lnLWFiYw==", "summary": []}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _sample(store: HistoryStore) -> int:
    folder = store.create_folder("Travel")
    conv = store.create_conversation(
        'İstanbul <plans> & "more"',
        folder_id=folder.id,
        settings=ConversationSettings(
            model="gemini-3-flash-preview",
            system_instruction="Answer in Turkish.",
            generation_config={"temperature": 0.7},
            stateful=False,
        ),
    )
    img = store.add_attachment(PNG, display_name="map.png")
    doc = store.add_attachment(b"%PDF-1.4 tiny", display_name="notes.pdf")
    store.set_attachment_remote(
        doc.id,
        name="files/x",
        uri="https://example/files/x",
        expiry=datetime(2031, 1, 1, tzinfo=UTC),
    )
    q = store.append_message(
        conv.id,
        "user",
        steps=user_steps("<script>alert('x')</script> Where should I go?"),
        attachment_ids=[img.id, doc.id],
    )
    store.append_message(
        conv.id,
        "model",
        steps=[
            {**THOUGHT, "summary": [{"type": "text", "text": "Planning a route"}]},
            {
                "type": "model_output",
                "content": [{"type": "text", "text": "Visit **Sultanahmet**."}],
            },
        ],
        interaction_id="v1_1",
        model="gemini-3-flash-preview",
        usage={"total_tokens": 42},
    )
    store.append_message(
        conv.id,
        "model",
        text="An older answer",
        parent_id=q.id,
        make_active=False,
        status="stopped",
    )
    store.set_pinned(conv.id, True)
    return conv.id


def test_json_round_trip_is_identical(store: HistoryStore) -> None:
    cid = _sample(store)
    first = store.export_json(cid)
    text = dump_json(first)
    imported = store.import_json(json.loads(text))
    assert imported.id != cid
    second = store.export_json(imported.id)
    assert dump_json(second) == text
    assert second["messages"][0]["attachments"][0]["data"]  # self-contained
    conv = store.get_conversation(imported.id)
    assert conv.folder_id == store.get_conversation(cid).folder_id  # matched by name
    assert [m.text for m in store.active_path(imported.id)] == [
        m.text for m in store.active_path(cid)
    ]
    assert store.get_message(store.active_path(imported.id)[1].id).steps[0]["signature"]


def test_import_restores_missing_attachment_files(store: HistoryStore) -> None:
    cid = _sample(store)
    doc = store.export_json(cid)
    store.delete_conversation(cid)
    assert not list(store.attachments_dir.iterdir())
    new = store.import_json(doc)
    for att in store.active_path(new.id)[0].attachments:
        assert att.path.exists()


def test_archive_round_trip(store: HistoryStore, tmp_path: Any) -> None:
    _sample(store)
    store.create_folder("Empty folder")
    plain = store.create_conversation("plain")
    store.append_message(plain.id, "user", text="hello")
    store.set_archived(plain.id, True)
    archive = store.export_archive()
    with HistoryStore.open(tmp_path / "other" / "history.sqlite3") as other:
        imported = other.import_archive(json.loads(dump_json(archive)))
        assert len(imported) == 2
        assert [f.name for f in other.list_folders()] == ["Travel", "Empty folder"]
        assert dump_json(other.export_archive()) == dump_json(archive)
        assert other.search("sultanahmet")


def test_markdown_export(store: HistoryStore) -> None:
    md = store.export_markdown(_sample(store))
    assert md.startswith('# İstanbul <plans> & "more"\n')
    assert "## You" in md
    assert "## Gemini" in md
    assert "Visit **Sultanahmet**." in md
    assert "> Planning a route" in md
    assert "- Attachment: map.png (image/png" in md
    assert "An older answer" not in md  # only the active branch


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


def test_html_export_is_escaped_and_self_contained(store: HistoryStore) -> None:
    page = store.export_html(_sample(store))
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "İstanbul &lt;plans&gt; &amp; &quot;more&quot;" in page
    assert "link" not in parser.tags
    assert parser.urls
    assert all(u.startswith("data:image/png;base64,") for u in parser.urls)
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:|//)", page)
    assert "<style>" in page
    assert "Content-Security-Policy" in page


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(format="other"),
        lambda d: d.update(version=99),
        lambda d: d["messages"][1].update(parent=5),
        lambda d: d["messages"][0].update(role="system"),
        lambda d: d["messages"][0].update(status="weird"),
        lambda d: d["messages"][0].update(created="yesterday"),
        lambda d: d["messages"][0]["attachments"][0].update(data="bm90IHRoZSBzYW1l"),
        lambda d: d["conversation"].update(active_leaf=77),
        lambda d: d.pop("messages"),
    ],
)
def test_bad_documents_are_rejected_without_writing(store: HistoryStore, mutate: Any) -> None:
    doc = store.export_json(_sample(store))
    bad = copy.deepcopy(doc)
    mutate(bad)
    with pytest.raises(ImportFormatError):
        store.import_json(bad)
    assert store.count_conversations() == 1
    with pytest.raises(ImportFormatError):
        store.import_archive(
            {"format": "gemdesk.archive", "version": 1, "folders": [], "conversations": [doc, bad]}
        )
    assert store.count_conversations() == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
step_strategy = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["user_input", "model_output", "thought", "function_call"]),
        "content": st.lists(
            st.fixed_dictionaries({"type": st.just("text"), "text": st.text(max_size=40)}),
            max_size=2,
        ),
    },
    optional={"signature": st.text(max_size=20), "extra": json_values},
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(max_size=40),
    turns=st.lists(
        st.tuples(
            st.sampled_from(["user", "model"]),
            st.lists(step_strategy, max_size=3),
            st.sampled_from(["complete", "stopped", "error", "incomplete"]),
            st.integers(min_value=-1, max_value=10),
        ),
        min_size=0,
        max_size=6,
    ),
)
def test_export_import_export_round_trip_property(
    store: HistoryStore, title: str, turns: list[tuple[str, list[Any], str, int]]
) -> None:
    conv = store.create_conversation(title, settings=ConversationSettings(extra={"k": [1]}))
    ids: list[int] = []
    for role, steps, status, parent_pick in turns:
        parent = None if parent_pick < 0 or not ids else ids[parent_pick % len(ids)]
        ids.append(
            store.append_message(
                conv.id,
                role,
                steps=steps,
                status=status,
                parent_id=parent,  # type: ignore[arg-type]
            ).id
        )
    first = dump_json(store.export_json(conv.id))
    copy_ = store.import_json(json.loads(first))
    assert dump_json(store.export_json(copy_.id)) == first
    store.delete_conversation(conv.id)
    store.delete_conversation(copy_.id)
