"""Markdown → Qt rich-text HTML: what each construct becomes, for both palettes."""

from __future__ import annotations

import pytest

from desktop_app.render import DARK, LIGHT, code_blocks, is_safe_link, render_markdown
from desktop_app.render.highlight import lexer_for, warm_lexers
from desktop_app.render.markdown import breakable, make_visible


def test_commonmark_blocks_and_inlines() -> None:
    html = render_markdown("# Title\n\nSome *em*, **strong**, `code` and ~~struck~~.\n\n- a\n- b\n")
    assert "<h1>Title</h1>" in html
    assert "<em>em</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<s>struck</s>" in html
    assert '<code style="background-color:' in html
    assert "<ul>\n<li>a</li>\n<li>b</li>\n</ul>" in html


def test_table_with_alignment_uses_attributes_qt_understands() -> None:
    html = render_markdown("| l | c | r |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert '<table border="1"' in html
    assert '<th align="left">l</th>' in html
    assert '<td align="center">2</td>' in html
    assert '<td align="right">3</td>' in html
    assert "text-align" not in html


def test_autolinks_and_bare_urls_become_links() -> None:
    html = render_markdown("See <https://a.example/x> and https://b.example/y, not file.py.")
    assert '<a href="https://a.example/x">' in html
    assert '<a href="https://b.example/y">' in html
    assert "file.py" in html
    assert 'href="http://file.py"' not in html


def test_fenced_code_is_highlighted_with_the_palette_colours() -> None:
    source = "```python\ndef f():\n    return 1\n```\n"
    light, dark = render_markdown(source, LIGHT), render_markdown(source, DARK)
    assert f"background-color:{LIGHT.code_background}" in light
    assert f"background-color:{DARK.code_background}" in dark
    assert '<span style="color:' in light
    assert '<span style="color:' in dark
    assert light != dark
    assert ">def<" in light
    assert ">return<" in light


def test_unknown_language_and_plain_fences_are_escaped_text() -> None:
    html = render_markdown("```nosuchlang\n<b>x</b> & y\n```\n")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html
    assert "<span" not in html
    assert lexer_for("nosuchlang") is None
    assert lexer_for("") is None


def test_incomplete_fence_line_never_looks_up_a_lexer() -> None:
    lexer_for.cache_clear()
    render_markdown("```pyt")
    render_markdown("```pyth\n")
    assert lexer_for.cache_info().currsize == 0


def test_empty_lines_in_code_survive_qt_whitespace_rules() -> None:
    html = render_markdown("```\n\nx\n\n\n```\n")
    assert "<pre" in html
    body = html.split(">", 1)[1].split("</pre>")[0]
    assert body.split("\n") == ["&nbsp;", "x", "&nbsp;", "&nbsp;"]


@pytest.mark.parametrize(
    "source",
    ["#\n", "- \n", ">\n", "```\n```\n", "1.\n"],
)
def test_empty_elements_get_a_filler_so_qt_keeps_them(source: str) -> None:
    assert "&nbsp;" in render_markdown(source)


def test_raw_html_is_shown_as_text() -> None:
    html = render_markdown('<script>alert("x")</script>\n\n<b onclick="x()">bold</b>')
    assert "<script" not in html
    assert "<b " not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b onclick=" in html


def test_images_are_never_img_tags() -> None:
    html = render_markdown("![cat](https://example.com/cat.png) ![x](file:///etc/passwd)")
    assert "<img" not in html
    assert '<a href="https://example.com/cat.png">[cat]</a>' in html
    assert 'href="file:' not in html
    assert "[x]" in html


def test_only_web_and_mail_links_stay_links() -> None:
    html = render_markdown(
        "[a](https://ok) [b](mailto:x@y.z) [c](ftp://no) [d](relative/path) "
        "[e](javascript:alert(1)) [f](data:text/html,x)"
    )
    assert '<a href="https://ok">a</a>' in html
    assert '<a href="mailto:x@y.z">b</a>' in html
    for text in ("c", "d"):
        assert f">{text}</a>" not in html
    assert 'href="javascript' not in html
    assert 'href="data' not in html
    assert is_safe_link("HTTPS://x")
    assert not is_safe_link("file:///etc/passwd")


def test_reference_definitions_are_plain_text() -> None:
    # They would act backwards on already streamed text; see markdown.py.
    html = render_markdown("[x][1]\n\n[1]: https://example.com\n")
    assert "[x][1]" in html
    assert '<a href="https://example.com">https://example.com</a>' in html


def test_control_and_bidi_characters_are_made_visible() -> None:
    html = render_markdown("a\x01b\x1bc \u202eevil\u202c \u2066iso\u2069 \x7f")
    assert "\u202e" not in html
    assert "\x01" not in html
    assert "\x1b" not in html
    assert "⟨U+202E⟩" in html
    assert "⟨U+2066⟩" in html
    assert "\u2401" in html
    assert "\u241b" in html
    assert "\u2421" in html
    assert make_visible("tab\tnewline\n") == "tab\tnewline\n"


def test_long_words_get_wrap_points() -> None:
    word = "x" * 200
    assert breakable(word).replace("\u200b", "") == word
    assert breakable(word).count("\u200b") == 2
    assert breakable("short words stay") == "short words stay"
    assert "\u200b" in render_markdown(word)


def test_code_blocks_lists_fences_and_indented_code() -> None:
    blocks = code_blocks(
        "text\n```py extra\nprint(1)\n```\n\n    indented\n\n- ```\n  inner\n  ```\n"
    )
    assert [(b.language, b.code) for b in blocks] == [
        ("py", "print(1)"),
        ("", "indented"),
        ("", "inner"),
    ]


def test_warm_lexers_fills_the_cache() -> None:
    lexer_for.cache_clear()
    warm_lexers(("python", "json"))
    assert lexer_for.cache_info().currsize == 2


def test_nesting_beyond_the_limit_is_shown_as_source_not_dropped() -> None:
    # markdown-it drops whatever is nested deeper than maxNesting.
    html = render_markdown("# ok\n\n" + ">" * 5000 + " deep\n\nafter\n")
    assert html.startswith("<h1>ok</h1>")
    assert "&gt;&gt;&gt; deep</p>" in html
    assert html.endswith("<p>after</p>")
    nested = render_markdown("> " * 10 + "fine\n")
    assert nested.count("<blockquote>") == 10
