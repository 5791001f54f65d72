"""desktop_app.text: English sentences below the UI that the UI can translate later."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import string

import pytest

from desktop_app.api.errors import RateLimitError
from desktop_app.core.errors import AttachmentError
from desktop_app.store import NotFoundError
from desktop_app.text import Text, describe, recognise, templates

EMPTY = Text("Attachments", "{name} is empty (0 bytes).")


def _import_model_layers() -> None:
    """Every module of api/, store/ and core/: their templates register on import."""
    for package in ("api", "store", "core"):
        module = importlib.import_module(f"desktop_app.{package}")
        for info in pkgutil.walk_packages(module.__path__, f"{module.__name__}."):
            importlib.import_module(info.name)


def test_a_text_is_its_english_sentence_and_remembers_its_template() -> None:
    text = EMPTY.format(name="notes.txt")
    assert text == "notes.txt is empty (0 bytes)."
    assert isinstance(text, str)
    assert (text.context, text.source, dict(text.args)) == (
        "Attachments",
        "{name} is empty (0 bytes).",
        {"name": "notes.txt"},
    )
    assert type(str(text)) is str
    assert f"{text}" == "notes.txt is empty (0 bytes)."


def test_format_takes_named_arguments_only_and_keeps_earlier_ones() -> None:
    two = Text("Ctx", "{a} and {b}")
    both = two.format(a=1, b=2)
    assert both == "1 and 2"
    assert both.format(b=3) == "1 and 3"
    with pytest.raises(TypeError):
        EMPTY.format("notes.txt")
    with pytest.raises(KeyError):
        two.format(a=1)  # a missing argument is a bug, not an English fallback


def test_a_text_is_immutable_and_survives_pickling() -> None:
    text = EMPTY.format(name="a.txt")
    with pytest.raises(AttributeError):
        text.context = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        text.args["name"] = "b.txt"  # type: ignore[index]
    copy = pickle.loads(pickle.dumps(AttachmentError(text)))
    again = copy.args[0]
    assert isinstance(again, Text)
    assert (again, again.context, dict(again.args)) == (text, "Attachments", {"name": "a.txt"})


def test_verbatim_text_is_not_formatted_and_names_no_catalogue_entry() -> None:
    text = Text.verbatim("Field {x} is {required}")
    assert text == "Field {x} is {required}"
    assert text.context == ""


def test_describe_finds_the_sentence_of_any_error() -> None:
    limited = describe(RateLimitError("quota", retry_after=3))
    assert limited == "Rate limit or quota reached; try again in 3 s."
    assert limited.context == "ApiError"
    refused = describe(AttachmentError(EMPTY.format(name="a.txt")))
    assert refused.source == EMPTY.source
    missing = describe(NotFoundError(Text("Store", "Folder {id} does not exist.", {"id": 4})))
    assert (missing.context, dict(missing.args)) == ("Store", {"id": 4})
    plain = describe(ValueError("no template here"))
    assert (plain, plain.context) == ("no template here", "")


def test_every_template_is_registered_on_import_with_named_fields() -> None:
    _import_model_layers()
    registered = templates()
    keys = {(t.context, t.source) for t in registered}
    assert ("Attachments", "{name}: no such file.") in keys
    assert ("ApiError", "Rate limit or quota reached; try again in {seconds} s.") in keys
    assert ("Store", "Folder {id} does not exist.") in keys
    for template in registered:
        for _literal, field, _spec, _conversion in string.Formatter().parse(template.source):
            assert field is None or field.isidentifier(), template.source


def test_recognise_turns_every_stored_english_sentence_back_into_its_text() -> None:
    _import_model_layers()
    for template in templates():
        fields = {f for _, f, _, _ in string.Formatter().parse(template.source) if f is not None}
        english = template.format(**{f: f"<{f} 7>" for f in fields}) if fields else template
        found = recognise(str(english))
        assert found is not None, template.source
        # Two contexts may share an English sentence; either translates it.
        assert found == english
        assert found.source.format_map(found.args) == str(english)


def test_recognise_gives_the_arguments_back() -> None:
    _import_model_layers()
    found = recognise("Rate limit or quota reached; try again in 42 s.")
    assert found is not None
    assert (found.context, dict(found.args)) == ("ApiError", {"seconds": "42"})
    found = recognise("report: final.pdf: no such file.")
    assert found is not None
    assert dict(found.args) == {"name": "report: final.pdf"}


def test_recognise_leaves_other_sentences_alone() -> None:
    _import_model_layers()
    assert recognise("The model said something else entirely.") is None
    assert recognise("a.txt: no such file. And then some") is None
    assert recognise("") is None
