"""Printouts of the bulletin and the party report in both languages (pdftotext), and the CSV."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from dutyroom.services.clock import FixedClock
from dutyroom.store import Store
from tests.conftest import START, run_cli

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


@pytest.fixture
def season(db):
    """Two teams out on 2026-07-28 (a past duty day for the CLI's real clock), one deed marked."""
    clock = FixedClock(START)
    store = Store(db, now=clock.now, operator="张伟")
    store.open()
    store.create("unit", {"kind": "commando", "name": "=HYPERLINK(\"x\")突击队", "district": "武进区"})
    store.create("unit", {"kind": "volunteer", "name": "湖塘志愿服务队", "district": "新北区"})
    for args in (["team", "deploy", "1", "--area", "嘉泽镇东村", "--people", "12", "--party-members", "8",
                  "--task", "sandbagging", "加固", "--at", "2026-07-28 10:00"],
                 ["team", "deploy", "2", "--area", "湖塘镇", "--people", "5", "--task", "evacuation", "转移",
                  "--at", "2026-07-28 12:00"],
                 ["team", "release", "1", "--evacuated", "40", "--rescued", "2", "--at", "2026-07-28 16:00"],
                 ["deed", "add", "连续奋战", "--deployment", "1", "--person", "王强", "--at", "2026-07-28 15:00"],
                 ["deed", "mark", "1"]):
        result = run_cli(db, *args)
        assert result.returncode == 0, (args, result.stderr)
    return db


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs_pdftotext
@pytest.mark.parametrize("lang,words", [
    ("zh", ["值班信息日报", "队伍出动和人员投入", "出动 2 次、2 支队伍,投入 17 人(其中党员 8 人)", "王强", "转移群众"]),
    ("en", ["Daily Duty Bulletin", "Teams deployed and people mobilised", "2 deployments of 2 teams, 17 people",
            "王强", "evacuated"]),
])
def test_bulletin_pdf_txt_html_in_both_languages(season, tmp_path, lang, words):
    db = season
    pdf = tmp_path / f"b-{lang}.pdf"
    result = run_cli(db, "--lang", lang, "bulletin", "--date", "2026-07-28", "--format", "pdf", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    text = pdf_text(pdf)
    for word in words:
        assert word in " ".join(text.split()) or word in text, (word, text[:2000])
    txt = run_cli(db, "--lang", lang, "bulletin", "--date", "2026-07-28", "--format", "txt").stdout
    html = run_cli(db, "--lang", lang, "bulletin", "--date", "2026-07-28", "--format", "html").stdout
    for word in words[:2]:
        assert word in txt and word in html


@needs_pdftotext
def test_issued_bulletin_prints_its_seal(season, tmp_path):
    db = season
    for step in ("draft", "approve", "issue"):
        result = run_cli(db, "bulletin", step, "--date", "2026-07-28")
        assert result.returncode == 0, result.stderr
    shown = run_cli(db, "bulletin", "show", "--date", "2026-07-28", "--json")
    import json

    data = json.loads(shown.stdout)
    assert data["state"] == "issued" and len(data["seal"]) == 64
    pdf = tmp_path / "issued.pdf"
    assert run_cli(db, "bulletin", "--date", "2026-07-28", "--format", "pdf", "-o", str(pdf)).returncode == 0
    assert data["seal"][:32] in pdf_text(pdf).replace("\n", "").replace(" ", "")
    assert run_cli(db, "bulletin", "draft", "--date", "2026-07-28").returncode == 2


@needs_pdftotext
@pytest.mark.parametrize("lang,words", [
    ("zh", ["基层党组织和党员在防汛抗灾一线发挥作用情况", "共出动 2 支队伍 2 次,投入 17 人,其中党员 8 人"]),
    ("en", ["Party organisations and members at the flood-fighting front", "2 teams deployed 2 times with 17 people"]),
])
def test_party_report_printouts(season, tmp_path, lang, words):
    pdf = tmp_path / "p.pdf"
    result = run_cli(season, "--lang", lang, "party-report", "--from", "2026-07-28", "--to", "2026-07-28",
                     "--format", "pdf", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    flat = " ".join(pdf_text(pdf).split())
    for word in words:
        assert word in flat, (word, flat[:1500])
    txt = run_cli(season, "--lang", lang, "party-report", "--from", "2026-07-28", "--to", "2026-07-28",
                  "--format", "txt").stdout
    assert words[0] in txt


def test_party_report_csv_is_safe_and_adds_up(season):
    out = run_cli(season, "party-report", "--from", "2026-07-28", "--to", "2026-07-28", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    teams, total = rows[:-1], rows[-1]
    assert [r["team_id"] for r in teams] == ["1", "2"] or [r["team_id"] for r in teams] == ["2", "1"]
    first = next(r for r in teams if r["team_id"] == "1")
    assert first["team"].startswith("'=HYPERLINK")  # a spreadsheet will not run it
    assert first["people"] == "12" and first["party_members"] == "8" and first["task_sandbagging"] == "1"
    assert first["evacuated"] == "40" and first["deeds_marked"] == "1"
    assert first["person_hours"] == "72.0"  # 12 people × 6 h
    assert total["team"] == "合计" and total["people"] == "17" and total["deeds_marked"] == "1"
    only = run_cli(season, "party-report", "--from", "2026-07-28", "--to", "2026-07-28", "--district", "新北区",
                   "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(only.stdout)))
    assert [r["team_id"] for r in rows[:-1]] == ["2"] and rows[-1]["people"] == "5"


@pytest.mark.skipif(shutil.which("lp") is not None, reason="a printer queue is installed here")
def test_print_without_cups_says_so(season, tmp_path):
    for args in (["bulletin", "--date", "2026-07-28", "--format", "txt", "--print"],
                 ["party-report", "--from", "2026-07-28", "--to", "2026-07-28", "--format", "csv", "--print"]):
        result = run_cli(season, *args)
        assert result.returncode in (2, 3), (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dutyroom: 错误:") and "Traceback" not in result.stderr
        assert result.stdout == ""
