"""``dutyroom callout print ID [--format pdf|txt|html] [-o FILE]``: the call sheet, as the
app's ``p`` writes it (real subprocesses, real files)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import run_cli

CONTACTS = """level,area,parent,name,role,phone,alt_phone
county,青山县,,李县长,县防指副指挥长,13900000001,
town,河口镇,青山县,王镇长,镇长,13900000002,
village,柳湾村,河口镇,赵书记,村支书,13900000003,
"""


def worked(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    for args in (("contact", "import", str(path)), ("callout", "start", "--warning", "rainstorm:red",
                                                      "--areas", "青山县"),
                 ("callout", "fail", "1", "2", "--reason", "unreachable"),
                 ("callout", "answer", "1", "1", "--by", "李秘书", "--note", "已转告"),
                 ("callout", "answer", "1", "2"), ("callout", "arrived", "1", "2")):
        done = run_cli(db, *args)
        assert done.returncode == 0, (args, done.stderr)


def test_callout_print_pdf_to_a_file(db, tmp_path):
    worked(db, tmp_path)
    out = tmp_path / "sheet.pdf"
    done = run_cli(db, "callout", "print", "1", "-o", str(out))  # the format from the suffix
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    for needle in ("预警叫应记录单", "李秘书", "无法接通", "已转告", "赵书记", "王镇长"):
        assert needle in text.replace(" ", ""), needle
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert " yes yes " in fonts


def test_callout_print_txt_to_stdout_in_english(db, tmp_path):
    worked(db, tmp_path)
    done = run_cli(db, "callout", "print", "1", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Warning call-out sheet" in done.stdout and "Unreachable" in done.stdout
    assert "Attempts (4)" in done.stdout


def test_callout_print_bad_input_exits_2_and_writes_nothing(db, tmp_path):
    worked(db, tmp_path)
    for args in (("callout", "print", "9"), ("callout", "print", "x"),
                 ("callout", "print", "1", "--format", "doc"),
                 ("callout", "print", "1", "-o", str(tmp_path / "nowhere" / "s.pdf"))):
        done = run_cli(db, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.strip()
    assert not (tmp_path / "nowhere").exists()
