"""Handover and activity-log printouts: content in both languages, 80 columns, reprint identity."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import override_as, sign_as

from dutyroom.services.activity_log import ActivityLog
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.handover import HandoverService
from dutyroom.services.handover_print import handover_document
from dutyroom.services.printout import render
from dutyroom.services.roster import RosterService
from dutyroom.services.shifts import ShiftService

TZ = "Asia/Shanghai"
ROSTER = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,08:00,officer,张伟,13800000002
2026-07-30,08:00,leader,李娜,13800000003
2026-07-30,08:00,officer,赵敏,13800000004
"""
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdf_text(data: bytes, tmp_path: Path, name: str = "out.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def sealed(ctx):
    RosterService(ctx).import_text(ROSTER)
    ctx.store.create("report", {"received_at": ctx.now().shift(hours=-2).isoformat(), "severity": "II",
                                "location": "东河堤防", "text": "堤防渗水,已组织抢护", "category": "embankment",
                                "stage": "first", "open": True})
    ctx.store.create("ticket", {"hazard": "waterlogging", "text": "解放路下穿隧道积水 40 厘米", "severity": "III",
                                "status": "dispatched", "open": True})
    DutyLog(ctx).add("沙河水库 水位 21.3 米", kind="reading")
    service = HandoverService(ctx)
    handover = service.acknowledge(service.start("夜间注意东河水位"), None, "赵敏")
    handover = sign_as(service, "赵敏", handover, "incoming")
    ctx.clock.advance(minutes=7)
    return sign_as(service, "张伟", handover, "outgoing")


def test_text_printout_fits_80_columns_and_holds_everything(ctx, sealed):
    for lang in ("zh", "en"):
        text = render(handover_document(sealed, TZ, lang), "txt").decode("utf-8")
        from rich.cells import cell_len

        assert max(cell_len(line) for line in text.splitlines()) <= 80
        for needle in ("东河堤防", "解放路下穿隧道积水", "王强", "张伟", "赵敏", "夜间注意东河水位", sealed.seal[:32],
                       "2026-07-29 08:00", "2026-07-29 09:07"):
            assert needle in text.replace("\n", ""), (lang, needle)
    assert "交接班记录" in render(handover_document(sealed, TZ, "zh"), "txt").decode()
    assert "Shift handover record" in render(handover_document(sealed, TZ, "en"), "txt").decode()


@needs_poppler
def test_pdf_text_in_both_languages(ctx, sealed, tmp_path):
    zh = pdf_text(render(handover_document(sealed, TZ, "zh"), "pdf"), tmp_path, "zh.pdf")
    for needle in ("交接班记录", "在办接报", "东河堤防", "堤防渗水", "王强", "张伟", "赵敏", "带班领导", "交班人",
                   "接班人", "2026-07-29 09:07", "第1页"):
        assert needle.replace(" ", "") in zh.replace(" ", ""), needle
    fonts = subprocess.run(["pdffonts", str(tmp_path / "zh.pdf")], capture_output=True, text=True).stdout
    assert "CID" in fonts and " yes yes " in fonts  # the Chinese font travels inside the file
    subprocess.run(["pdftoppm", "-r", "20", "-f", "1", "-l", "1", "-gray", str(tmp_path / "zh.pdf"),
                    str(tmp_path / "page")], check=True)
    raster = next(tmp_path.glob("page*.pgm")).read_bytes()
    assert sum(1 for b in raster[-20000:] if b < 128) > 50  # ink on the page, not a blank sheet
    en = pdf_text(render(handover_document(sealed, TZ, "en"), "pdf"), tmp_path, "en.pdf")
    for needle in ("Shift handover record", "Open reports", "Outgoing officer", "Incoming officer",
                   "东河堤防", "2026-07-29 09:07", "Page 1"):
        assert needle in en, needle


def test_reprint_is_identical_whatever_happened_since(ctx, sealed):
    kinds = [("zh", "pdf"), ("zh", "txt"), ("en", "txt"), ("zh", "html"), ("en", "html")]
    first = {(lang, fmt): render(handover_document(sealed, TZ, lang), fmt) for lang, fmt in kinds}
    ctx.clock.advance(days=3)
    ctx.store.create("report", {"received_at": ctx.now().isoformat(), "severity": "I", "text": "新险情",
                                "open": True})
    DutyLog(ctx).add("之后的日志", kind="other")
    again, stored = HandoverService(ctx).resolve("last")
    assert stored and again.id == sealed.id
    for (lang, fmt), data in first.items():
        assert render(handover_document(again, TZ, lang), fmt) == data, (lang, fmt)


def test_draft_printout_is_marked_and_unsealed(ctx):
    ctx.store.create("report", {"received_at": ctx.now().isoformat(), "severity": "IV", "text": "路灯倒伏",
                                "open": True})
    preview, stored = HandoverService(ctx).resolve("current")
    assert not stored
    text = render(handover_document(preview, TZ, "zh", stored=False), "txt").decode()
    assert "路灯倒伏" in text and "草稿,未封存" in text and "预览" in text


def test_activity_log_ics214_of_a_shift_and_a_day(ctx, sealed):
    log = ActivityLog(ctx)
    ShiftService(ctx).sign_on("张伟")
    period = log.for_shift("current")
    text = render(log.document(period, "zh"), "txt").decode()
    for needle in ("ICS-214", "沙河水库 水位 21.3 米", "王强", "张伟", "带班领导", "签到", "7. 活动记录"):
        assert needle in text, needle
    day = log.for_date("2026-07-29")
    assert len(day.shifts) == 2  # 00:00–08:00 belongs to the shift that began the day before
    english = render(log.document(day, "en"), "txt").decode()
    assert "Activity log (ICS-214)" in english and "沙河水库" in english and "Resources assigned" in english
    from rich.cells import cell_len

    assert max(cell_len(line) for line in (text + english).splitlines()) <= 80
