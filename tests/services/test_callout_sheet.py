"""The printable call sheet (叫应记录单): every call and every attempt, in PDF with the CJK
font inside the file and as text; outside text printed literally, control bytes removed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dutyroom.services.callout_sheet import call_sheet, callout_view
from dutyroom.services.callouts import Callouts
from dutyroom.services.contacts import Contacts
from dutyroom.services.printout import render

CONTACTS = """level,area,parent,name,role,phone,alt_phone
county,青山县,,李县长,县防指副指挥长,13900000001,
town,河口镇,青山县,王镇长,镇长,13900000002,
village,柳湾村,河口镇,赵书记,村支书,13900000003,
village,桃源村,河口镇,=HYPERLINK("x"),村主任,13900000004,
"""


@pytest.fixture
def worked(ctx, clock, tmp_path: Path):
    """A call-out with answers, a failure and its retry, an arrival, a pending call."""
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    Contacts(ctx).import_csv(path)
    service = Callouts(ctx)
    service.start("rainstorm:red", ["青山县"], text="今夜特大暴雨,请立即到岗")
    service.answer(1, 1, by="李秘书", note="县长在会上,已转告")
    clock.advance(minutes=3)
    service.fail(1, 2, "busy")
    clock.advance(minutes=11)
    service.answer(1, 2)
    service.arrived(1, 2)
    service.fail(1, 3, "wrong_number")
    return ctx


def pdf_text(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_call_sheet_pdf_has_every_attempt_and_embeds_the_font(worked, tmp_path):
    ctx = worked
    data = render(call_sheet(ctx, callout_view(ctx, 1), "zh"), "pdf")
    text = pdf_text(data, tmp_path, "sheet.pdf").replace(" ", "")
    for needle in ("预警叫应记录单", "暴雨红色预警", "今夜特大暴雨", "李县长", "李秘书", "县长在会上",
                   "王镇长", "占线", "号码错误", "赵书记", "拨打记录(5次)", "07-2909:00", "07-2909:03",
                   "07-2909:14", "已到位", "待呼", "带班领导"):
        assert needle in text, needle
    fonts = subprocess.run(["pdffonts", str(tmp_path / "sheet.pdf")], capture_output=True, text=True).stdout
    assert "CID" in fonts and " yes yes " in fonts  # the Chinese font travels inside the file


def test_call_sheet_text_in_english_in_attempt_order(worked):
    ctx = worked
    text = render(call_sheet(ctx, callout_view(ctx, 1), "en"), "txt").decode("utf-8")
    assert "Warning call-out sheet" in text and "red rainstorm" in text
    attempts = text[text.index("Attempts (5)"):]
    order = [attempts.index(word) for word in ("answered", "Busy", "Wrong")]
    assert order == sorted(order)
    assert "callout." not in text and "no_answer" not in text and "wrong_number" not in text  # no codes


def test_call_sheet_prints_outside_text_literally(worked, tmp_path):
    ctx = worked
    Callouts(ctx).answer(1, 4, by="钱\x1b[31m主任", note="[b]已转移[/b]\x07")
    doc = call_sheet(ctx, callout_view(ctx, 1), "zh")
    cells = [cell for section in doc.sections if section.table for row in section.table.rows for cell in row]
    assert '=HYPERLINK("x")' in cells and any("[b]已转移[/b]" in c for c in cells)  # as written
    for fmt in ("txt", "html"):
        text = render(doc, fmt).decode("utf-8")
        assert "\x1b" not in text and "\x07" not in text, fmt
    assert "<b>" not in render(doc, "html").decode("utf-8")
