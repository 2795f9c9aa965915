"""``dutyroom handover print`` and ``dutyroom log print`` as scripts use them."""

from __future__ import annotations

from tests.conftest import run_cli


def seal_one(db, tmp_path):
    from tests.cli.test_handover_cli import roster_now

    env = {"DUTYROOM_OPERATOR": "张伟"}
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_now(), encoding="utf-8")
    assert run_cli(db, "roster", "import", str(roster)).returncode == 0
    assert run_cli(db, "log", "add", "东河 水位 3.2 米", "--kind", "reading", **env).returncode == 0
    assert run_cli(db, "handover", "start", "--notes", "注意东河", **env).returncode == 0
    assert run_cli(db, "handover", "ack", "--all", "--name", "赵敏", **env).returncode == 0
    incoming = run_cli(db, "handover", "sign", "--as", "incoming", DUTYROOM_OPERATOR="赵敏")
    assert incoming.returncode == 0, incoming.stderr
    done = run_cli(db, "handover", "sign", "--as", "outgoing", "--name", "张伟", **env)
    assert done.returncode == 0, done.stderr


def test_print_formats_and_reprint_identity(db, tmp_path):
    seal_one(db, tmp_path)
    first = run_cli(db, "handover", "print", "--shift", "last", "--format", "txt")
    assert first.returncode == 0, first.stderr
    assert "交接班记录" in first.stdout and "注意东河" in first.stdout and "赵敏" in first.stdout
    run_cli(db, "log", "add", "之后又记了一条")
    again = run_cli(db, "handover", "print", "--shift", "last", "--format", "txt")
    assert again.stdout == first.stdout
    english = run_cli(db, "--lang", "en", "handover", "print", "--shift", "last", "--format", "html",
                      "-o", str(tmp_path / "h.html"))
    assert english.returncode == 0 and "Shift handover record" in (tmp_path / "h.html").read_text()
    pdf = run_cli(db, "handover", "print", "--shift", "last", "--format", "pdf", "-o", str(tmp_path / "h.pdf"))
    assert pdf.returncode == 0, pdf.stderr
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
    bad = run_cli(db, "handover", "print", "--shift", "nope", "--format", "txt")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_print_to_printer_says_clearly_when_there_is_none(db, tmp_path):
    seal_one(db, tmp_path)
    empty = tmp_path / "no-cups"
    empty.mkdir()
    result = run_cli(db, "handover", "print", "--shift", "last", "--format", "txt", "--print",
                     "-o", str(tmp_path / "h.txt"), PATH=str(empty))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "lp" in lines[-1] and "Traceback" not in result.stderr
    assert (tmp_path / "h.txt").exists()  # the file is written even when no printer takes it


def fake_lp(tmp_path):
    """A stand-in for CUPS's lp on PATH (an external program): it keeps its arguments and the job."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    spool = tmp_path / "spool"
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {spool}.args\ncat > {spool}\n'
                  "echo 'request id is duty-1 (1 file(s))'\n")
    lp.chmod(0o755)
    return f"{bin_dir}:/usr/bin:/bin", spool


def assert_pdf_with_embedded_cjk_font(path, text):
    """What lp received is a PDF whose Chinese comes from an embedded CJK font (not a text job
    CUPS would print with boxes)."""
    import re
    import shutil
    import subprocess

    data = path.read_bytes()
    assert data.startswith(b"%PDF"), data[:40]
    assert b"/FontFile" in data  # a font program is embedded
    if shutil.which("pdffonts") and shutil.which("pdftotext"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert any(re.search(r"CJK|Noto|Han|Song|Hei|Ming|Kai", row, re.I) and row.split()[-5] == "yes"
                   for row in rows), fonts
        extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout
        assert text in extracted


def test_print_sends_the_pdf_with_its_cjk_font_to_lp_whatever_the_format(db, tmp_path):
    seal_one(db, tmp_path)
    path, spool = fake_lp(tmp_path)
    for fmt in ("txt", "pdf", "html"):
        spool.unlink(missing_ok=True)
        result = run_cli(db, "handover", "print", "--shift", "last", "--format", fmt, "--print",
                         "-o", str(tmp_path / f"h.{fmt}"), PATH=path)
        assert result.returncode == 0, result.stderr
        assert "duty-1" in result.stderr
        assert_pdf_with_embedded_cjk_font(spool, "交接班记录")
        assert "document-format=text/plain" not in (tmp_path / "spool.args").read_text()
    assert "交接班记录" in (tmp_path / "h.txt").read_text(encoding="utf-8")  # the file is still text


def test_log_print_to_the_printer_is_the_pdf(db, tmp_path):
    run_cli(db, "log", "add", "东河 水位 3.2 米", "--kind", "reading")
    path, spool = fake_lp(tmp_path)
    result = run_cli(db, "log", "print", "--format", "txt", "--print", PATH=path)
    assert result.returncode == 0, result.stderr
    assert_pdf_with_embedded_cjk_font(spool, "东河")


def test_log_print_shift_and_date(db):
    run_cli(db, "log", "add", "东河 水位 3.2 米", "--kind", "reading")
    shift = run_cli(db, "log", "print", "--format", "txt")
    assert shift.returncode == 0, shift.stderr
    assert "ICS-214" in shift.stdout and "东河 水位 3.2 米" in shift.stdout
    import arrow

    today = arrow.utcnow().to("Asia/Shanghai").format("YYYY-MM-DD")
    day = run_cli(db, "--lang", "en", "log", "print", "--date", today, "--format", "txt")
    assert day.returncode == 0 and "Activity log (ICS-214)" in day.stdout and "东河" in day.stdout
    both = run_cli(db, "log", "print", "--date", today, "--shift", "current", "--format", "txt")
    assert both.returncode == 2
    html = run_cli(db, "log", "print", "--format", "html")
    assert html.returncode == 0 and "<html" in html.stdout and "东河" in html.stdout  # as its help offers
