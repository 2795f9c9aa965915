"""PDF printouts: embedded CJK subset, extractable text, page numbers, rasterising, identity."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dutyroom.i18n import explain
from dutyroom.services.printout import Document, FontMissing, Section, Table, render
from dutyroom.services.printout import fonts
from dutyroom.services.printout.fonts import FontSearch, find_cjk_font
from tests.conftest import ROOT
from tests.services.printout_samples import sample_document

POPPLER = all(shutil.which(tool) for tool in ("pdffonts", "pdftotext", "pdftoppm", "pdfinfo"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed (bash .ci/system-deps.sh)")


def _font_or_skip() -> None:
    try:
        find_cjk_font()
    except FontMissing as error:
        pytest.skip(f"no CJK font on this machine ({error.key}); bash .ci/system-deps.sh installs fonts-noto-cjk")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    _font_or_skip()
    out = tmp_path_factory.mktemp("pdf")
    paths = {}
    for lang in ("zh", "en"):
        paths[lang] = out / f"{lang}.pdf"
        paths[lang].write_bytes(render(sample_document(lang), "pdf"))
    return paths


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, timeout=60).stdout


def _pages(path: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", path)).group(1))


@needs_poppler
def test_font_is_embedded_as_a_subset(pdfs: dict[str, Path]) -> None:
    for path in pdfs.values():
        rows = _run("pdffonts", path).splitlines()[2:]
        assert rows, "no fonts in the PDF"
        for row in rows:
            name, *_rest = row.split()
            emb, sub, uni = row.split()[-5:-2]
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row
            assert re.fullmatch(r"[A-Z]{6}\+\S+", name), row


@needs_poppler
def test_chinese_text_every_row_and_page_numbers_are_extracted(pdfs: dict[str, Path]) -> None:
    text = _run("pdftotext", "-enc", "UTF-8", pdfs["zh"], "-")
    for phrase in ("防汛值班交接班记录", "带班领导", "一、未结事项", "已通知下游三个村组转移群众", "加强沙河水库夜间巡查",
                   "签字时间", "2026-07-30 08:31", "封存", "某市防汛抗旱指挥部办公室", "生成时间"):
        assert phrase in text, phrase
    assert all(f"R-{i:03d}" in text for i in range(1, 91))
    assert "长" * 30 in text.replace("\n", "")  # an unbroken run wraps instead of running off the page
    pages = _pages(pdfs["zh"])
    assert pages >= 3, "the long table must run over several pages"
    numbers = [tuple(map(int, m)) for m in re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text)]
    assert numbers == [(p, pages) for p in range(1, pages + 1)]


@needs_poppler
def test_english_page_numbers_and_text(pdfs: dict[str, Path]) -> None:
    text = _run("pdftotext", "-enc", "UTF-8", pdfs["en"], "-")
    pages = _pages(pdfs["en"])
    assert re.findall(r"Page (\d+) of (\d+)", text) == [(str(p), str(pages)) for p in range(1, pages + 1)]
    assert "Flood duty handover record" in text and "Signed at" in text and "李娜 Li Na" in text


@needs_poppler
def test_table_header_repeats_on_every_page_of_the_table(pdfs: dict[str, Path]) -> None:
    pages = _pages(pdfs["zh"])
    for page in range(1, pages + 1):
        text = _run("pdftotext", "-enc", "UTF-8", "-f", page, "-l", page, pdfs["zh"], "-")
        if re.search(r"R-\d{3}", text):
            assert "编号" in text and "责任人" in text, f"page {page} has rows but no header"


@needs_poppler
def test_hostile_text_is_printed_as_text_without_controls(pdfs: dict[str, Path]) -> None:
    raw = pdfs["zh"].read_bytes()
    text = _run("pdftotext", "-enc", "UTF-8", pdfs["zh"], "-")
    assert "<script>alert(1)</script>" in text and "[bold]粗体[/bold]" in text
    assert "\x1b" not in text and "\x07" not in text
    assert b"/JavaScript" not in raw and b"/JS" not in raw


@needs_poppler
def test_glyphs_render_from_the_embedded_font_alone(tmp_path: Path) -> None:
    """Rasterised with fontconfig knowing no fonts at all, two different characters still
    draw differently (tofu boxes would all look alike, and blank pages would have no ink)."""
    _font_or_skip()
    from PIL import Image

    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    env = {"PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    images = []
    for word in ("值值值", "班班班"):
        pdf = tmp_path / f"{word}.pdf"
        pdf.write_bytes(render(Document(title=word), "pdf"))
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", pdf, tmp_path / word],
                       check=True, env=env, timeout=60)
        png = next(tmp_path.glob(f"{word}*.png"))
        image = Image.open(png).convert("L")
        title = image.crop((0, 0, image.width, image.height // 8))
        assert title.getextrema()[0] < 100, f"no ink where the title {word} should be"
        images.append(title.tobytes())
    assert images[0] != images[1]


def test_same_document_gives_the_same_bytes_even_in_another_process(pdfs: dict[str, Path]) -> None:
    first = pdfs["zh"].read_bytes()
    assert render(sample_document("zh"), "pdf") == first
    code = ("import sys, hashlib; from tests.services.printout_samples import sample_document; "
            "from dutyroom.services.printout import render; "
            "print(hashlib.sha256(render(sample_document('zh'), 'pdf')).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "12345"})
    assert out.stdout.strip() == hashlib.sha256(first).hexdigest()
    later = sample_document("zh")
    later.generated_at = "2026-07-31 10:00"
    changed = render(later, "pdf")
    assert changed != first and b"D:20260731100000" in changed and b"D:20260730083500" in first


def test_rows_taller_than_a_page_are_continued_not_lost(tmp_path: Path) -> None:
    _font_or_skip()
    body = "".join(f"第{i}句险情描述。" for i in range(600))
    doc = Document(title="长行", sections=[Section("表", table=Table(["号", "内容"], [["1", body], ["2", "短"]]))])
    pdf = tmp_path / "tall.pdf"
    pdf.write_bytes(render(doc, "pdf"))
    if POPPLER:
        text = _run("pdftotext", "-enc", "UTF-8", pdf, "-").replace("\n", "")
        assert "第0句" in text and "第599句险情描述" in text and "短" in text
        assert _pages(pdf) >= 2


def test_missing_override_font_is_refused_with_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DUTYROOM_CJK_FONT", str(tmp_path / "nowhere.ttf"))
    with pytest.raises(FontMissing) as caught:
        render(sample_document(rows=3), "pdf")
    assert caught.value.key == "printout.font_override_missing"
    assert "nowhere.ttf" in explain(caught.value) and "DUTYROOM_CJK_FONT" in explain(caught.value)


def test_a_file_that_is_no_chinese_font_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bogus = tmp_path / "latin.ttf"
    bogus.write_bytes(b"not a font at all" * 100)
    monkeypatch.setenv("DUTYROOM_CJK_FONT", str(bogus))
    with pytest.raises(FontMissing) as caught:
        render(sample_document(rows=3), "pdf")
    assert caught.value.key == "printout.font_not_cjk"


def test_no_font_anywhere_gives_font_missing_and_no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYROOM_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "SEARCH", FontSearch(candidates=("/nonexistent/font.ttc",), fontconfig=False))
    with pytest.raises(FontMissing) as caught:
        render(sample_document(rows=3), "pdf")
    assert caught.value.key == "printout.font_missing"
    assert "fonts-noto-cjk" in explain(caught.value)
    monkeypatch.setenv("DUTYROOM_LANG", "en")
    # text and HTML need no font
    assert render(sample_document(rows=3), "txt") and render(sample_document(rows=3), "html")


def test_override_with_a_collection_picks_the_simplified_chinese_face(monkeypatch: pytest.MonkeyPatch) -> None:
    found = None
    for path in fonts.CANDIDATES:
        if path.endswith(".ttc") and Path(path).is_file() and "Noto" in path:
            found = path
            break
    if found is None:
        pytest.skip("no Noto Sans CJK collection here; bash .ci/system-deps.sh installs fonts-noto-cjk")
    from fontTools.ttLib import TTCollection

    monkeypatch.setenv("DUTYROOM_CJK_FONT", found)
    font = find_cjk_font()
    name = TTCollection(found, lazy=True).fonts[font.index]["name"].getDebugName(1)
    assert name == "Noto Sans CJK SC"


@needs_poppler
def test_characters_the_font_lacks_print_as_question_marks_not_gaps(tmp_path: Path) -> None:
    _font_or_skip()
    pdf = tmp_path / "emoji.pdf"
    pdf.write_bytes(render(Document(title="洪水🌊预警", sections=[Section("表", table=Table(["a"], [["🌊x"]]))]), "pdf"))
    text = _run("pdftotext", "-enc", "UTF-8", pdf, "-")
    assert "洪水?预警" in text and "?x" in text
