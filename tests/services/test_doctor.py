"""``dutyroom doctor``: each check on real directories, modes and programs, and what it says."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from dutyroom.services.doctor import FAIL, OK, WARN, exit_code
from dutyroom.services.doctor.files import data_checks, python_check
from dutyroom.services.doctor.system import locale_check, printer_checks, roster_check, umask_check
from tests.conftest import run_cli


def by_code(checks):
    return {c.code: c for c in checks}


def test_a_missing_data_directory_fails_with_the_command_that_makes_it(tmp_path):
    checks = data_checks(tmp_path / "srv")
    assert [(c.code, c.status) for c in checks] == [("data_dir", FAIL)]
    assert "install -d -m 2770" in checks[0].remedy() and exit_code(checks) == 1


def test_a_world_readable_directory_without_setgid_fails(tmp_path):
    data = tmp_path / "srv"
    data.mkdir()
    data.chmod(0o755)
    found = by_code(data_checks(data))
    assert found["data_mode"].status == FAIL and "0755" in found["data_mode"].message()
    assert found["data_setgid"].status == FAIL and "chmod 2770" in found["data_setgid"].remedy()


def test_a_deployed_directory_passes_and_a_stray_file_is_named(tmp_path):
    data = tmp_path / "srv"
    data.mkdir()
    data.chmod(0o2770)
    (data / "journal.jsonl").write_text("")
    (data / "journal.jsonl").chmod(0o660)
    (data / "state").mkdir()
    (data / "state").chmod(0o2770)
    found = by_code(data_checks(data))
    assert all(found[c].status == OK for c in ("data_mode", "data_setgid", "data_files")), found
    stray = data / "state" / "copied-by-hand.json"
    stray.write_text("{}")
    stray.chmod(0o644)  # an editor's umask 022: the group cannot write it
    found = by_code(data_checks(data))
    assert found["data_files"].status == FAIL
    assert "state/copied-by-hand.json" in found["data_files"].message()
    assert "chmod -R g+rwX" in found["data_files"].remedy() and "{}" in found["data_files"].remedy()


def test_a_per_user_python_fails_and_the_system_python_passes(tmp_path):
    pyenv = python_check("/root/.pyenv/versions/3.11.7/bin/python3.11", "/opt/dutyroom", None)
    assert pyenv.status == FAIL and "root" in pyenv.message()
    assert "/usr/bin/python3 -m venv /opt/dutyroom" in pyenv.remedy()
    private = tmp_path / "private"
    (private / "bin").mkdir(parents=True)
    python = private / "bin" / "python3"
    python.write_text("")
    python.chmod(0o755)
    private.chmod(0o700)  # a home-like folder nobody else may enter
    try:
        found = python_check(str(python), str(private), os.getegid())
        assert found.status == FAIL and str(private) in found.message()
    finally:
        private.chmod(0o755)
    system = "/usr/bin/python3"
    if not Path(system).exists():
        pytest.skip("no /usr/bin/python3 here")
    assert python_check(system, "/usr", None).status == OK


def test_umask_locale_and_roster():
    assert umask_check(0o022).status == WARN and "umask 007" in umask_check(0o022).remedy()
    assert umask_check(0o007).status == OK
    assert roster_check(lambda: [], None).status == WARN
    assert roster_check(lambda: [("张伟", "zhangwei")], None).status == OK


def test_locale_without_utf8_warns(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "C")
    assert locale_check().status == WARN and "UTF-8" in locale_check().remedy()
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert locale_check().status == OK


def _program(bin_dir: Path, name: str, body: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_printer_needs_lp_and_a_default_queue(monkeypatch, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    assert [(c.code, c.status) for c in printer_checks()] == [("printer", WARN)]
    assert "cups-client" in printer_checks()[0].remedy()
    _program(bin_dir, "lp", "exit 0\n")
    _program(bin_dir, "lpstat", 'echo "no system default destination"\n')
    assert printer_checks()[0].status == WARN and "lpadmin -d" in printer_checks()[0].remedy()
    _program(bin_dir, "lpstat", 'echo "system default destination: duty-room"\n')
    assert printer_checks()[0].status == OK and "duty-room" in printer_checks()[0].message()


def test_cli_doctor_lists_every_check_in_the_operators_language(db, tmp_path):
    db.mkdir()
    db.chmod(0o2770)
    result = run_cli(db, "--lang", "en", "doctor", "--json", LANG="C.UTF-8")
    report = json.loads(result.stdout)
    codes = [c["check"] for c in report["checks"]]
    assert codes == ["data_group", "data_mode", "data_setgid", "data_files", "umask", "python", "font",
                     "printer", "locale", "sshd", "roster"]
    assert all(c["status"] in ("ok", "warn", "fail") and c["message"] for c in report["checks"])
    assert all(c["fix"] for c in report["checks"] if c["status"] != "ok")
    failed = any(c["status"] == "fail" for c in report["checks"])
    assert result.returncode == (1 if failed else 0) and report["ok"] is (not failed)
    text = run_cli(db, "doctor", LANG="C.UTF-8", DUTYROOM_CJK_FONT=str(tmp_path / "none.ttf"))
    assert text.returncode == 1  # no Chinese font: the printouts cannot be made
    assert "fonts-noto-cjk" in text.stdout and "需修复" in text.stdout
    assert len(text.stdout.strip().splitlines()) >= 11


def test_cli_doctor_creates_nothing_where_there_is_no_data_directory(tmp_path):
    missing = tmp_path / "srv" / "dutyroom"
    result = run_cli(missing, "doctor")
    assert result.returncode == 1 and "install -d -m 2770" in result.stdout
    assert not missing.exists()
