"""Plain-text and HTML printouts: 80 columns with CJK counted double, escaping, formats."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from dutyroom.model.errors import ValidationError
from dutyroom.services.printout import Document, Section, Signature, Table, render
from dutyroom.services.printout.plain import wrap
from tests.services.printout_samples import HOSTILE, sample_document


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_fits_80_columns_and_keeps_every_row(lang: str) -> None:
    text = render(sample_document(lang), "txt").decode("utf-8")
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert all(f"R-{i:03d}" in text for i in range(1, 91))
    assert "07-29 01:01" in text, "short columns keep their values whole"
    flat = re.sub(r"\s+", "", text)
    assert "长" * 120 in flat and "https://example.org/" + "x" * 150 in flat, "wrapped, never cut off"
    assert text.endswith("\n")
    assert "加强沙河水库夜间巡查" in text


def test_signatures_show_names_times_or_blank_lines() -> None:
    lines = render(sample_document("zh"), "txt").decode().splitlines()
    signed = next(line for line in lines if line.startswith("交班人:") and "签字时间" in line)
    assert "张伟" in signed and "2026-07-30 08:31" in signed
    unsigned = next(line for line in lines if line.startswith("接班人:") and "签字时间" in line)
    assert len(re.findall(r"_{10,}", unsigned)) == 2
    leader = next(line for line in lines if line.startswith("带班领导:") and "签字时间" in line)
    assert "王强" in leader and leader.rstrip().endswith("_" * 10)


def test_a_table_too_wide_for_columns_prints_as_label_value_blocks() -> None:
    columns = [f"第{i}列很长的表头" for i in range(12)]
    doc = Document(title="宽表", sections=[Section("表", table=Table(columns, [[f"值{i}-{j}" for i in range(12)] for j in range(3)]))])
    text = render(doc, "txt").decode()
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "[1]" in text and "[3]" in text
    assert re.search(r"^第11列很长的表头\s+值11-2$", text, re.M)


def test_control_characters_never_reach_the_text_and_markup_stays_literal() -> None:
    text = render(sample_document("zh", rows=2), "txt").decode()
    assert "\x1b" not in text and "\x07" not in text
    assert "<script>alert(1)</script>" in text and "[bold]粗体[/bold]" in text


def test_html_is_standalone_printable_and_escaped() -> None:
    page = render(sample_document("zh", rows=5), "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "@media print" in page and "size: A4" in page and "<link" not in page and "src=" not in page
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "[bold]粗体[/bold]" in page  # no markup language is interpreted either
    assert "&amp;amp;" in page
    assert "\x1b" not in page and "\x07" not in page
    assert "<thead>" in page and page.count("<tr>") == 1 + 5 + 1 + 3
    assert "签字时间" in page and "SHA-256" in page


def test_hostile_title_and_meta_are_escaped_in_html() -> None:
    doc = Document(title=HOSTILE, meta=[("<b>", '"x" onload=alert(1)')], lang="en",
                   signatures=[Signature("<i>role</i>")])
    page = render(doc, "html").decode()
    assert "<script" not in page and "<b>" not in page and "<i>" not in page
    assert "&quot;x&quot; onload=alert(1)" in page


def test_unknown_format_and_malformed_tables_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        render(sample_document(rows=1), "docx")
    assert caught.value.key == "printout.bad_format" and caught.value.field == "format"
    bad = Document(title="x", sections=[Section("s", table=Table(["a"], [["1", "2"]]))])
    with pytest.raises(ValidationError):
        render(bad, "txt")
    with pytest.raises(ValidationError):
        render(Document(title="x", lang="fr"), "txt")


def test_render_leaves_the_callers_document_untouched() -> None:
    doc = sample_document("zh", rows=2)
    before = repr(doc)
    render(doc, "txt")
    render(doc, "html")
    assert repr(doc) == before


def test_short_rows_are_padded_and_empty_tables_say_none() -> None:
    doc = Document(title="x", sections=[Section("s", table=Table(["a", "b"], [["only"]])),
                                        Section("t", table=Table(["a"], []))], lang="en")
    text = render(doc, "txt").decode()
    assert "only" in text and "(none)" in text


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@settings(max_examples=150, deadline=None)
@given(text=_text, width=st.integers(min_value=2, max_value=80))
def test_wrap_never_exceeds_the_width_and_loses_nothing(text: str, width: int) -> None:
    text = text.replace("\r", "")
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert re.sub(r"\s+", "", "".join(lines)) == re.sub(r"\s+", "", text)


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(st.lists(_text, min_size=1, max_size=6), min_size=1, max_size=6))
def test_any_table_prints_within_80_columns(cells: list[list[str]]) -> None:
    n = max(len(row) for row in cells)
    doc = Document(title="t", sections=[Section("s", table=Table([f"c{i}" for i in range(n)], cells))])
    assert max(cell_len(line) for line in render(doc, "txt").decode().splitlines()) <= 80
