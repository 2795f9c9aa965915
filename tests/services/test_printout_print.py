"""Sending printouts to CUPS with lp: a real lp stand-in on PATH, or none at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dutyroom.i18n import explain, set_language
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.services.printout import PrinterUnavailable, print_file


def _fake_lp(bin_dir: Path, body: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    lp = bin_dir / "lp"
    lp.write_text("#!/bin/sh\n" + body)
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)


def test_no_lp_on_path_is_printer_unavailable_with_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no lp
    with pytest.raises(PrinterUnavailable) as caught:
        print_file(b"%PDF-1.4 test", "pdf")
    assert isinstance(caught.value, DomainError) and caught.value.key == "printout.no_lp"
    assert "lp" in explain(caught.value) and "CUPS" in explain(caught.value)
    set_language("en")
    assert "nothing was printed" in explain(caught.value)


def test_the_job_goes_to_lp_on_stdin_and_its_message_comes_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    received = tmp_path / "job"
    _fake_lp(tmp_path / "bin", f'echo "$@" > "{received}.args"\ncat > "{received}"\necho "request id is duty-7 (1 file(s))"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin:/bin")
    data = b"%PDF-1.4 " + "交接班记录\n".encode() * 100
    assert print_file(data, "pdf") == "request id is duty-7 (1 file(s))"
    assert received.read_bytes() == data
    assert "document-format=application/pdf" in Path(f"{received}.args").read_text()


def test_text_is_never_sent_to_the_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """CUPS prints the Chinese of a text job as empty boxes: only the PDF rendering is printed."""
    received = tmp_path / "job"
    _fake_lp(tmp_path / "bin", f'cat > "{received}"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin:/bin")
    for fmt, data in (("txt", "交接班记录\n".encode()), ("pdf", "交接班记录\n".encode())):
        with pytest.raises(ValidationError) as caught:
            print_file(data, fmt)
        assert caught.value.key == "printout.pdf_only"
    assert not received.exists()


def test_lp_refusing_the_job_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_lp(tmp_path / "bin", 'cat > /dev/null\necho "lp: Error - No default destination." >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin:/bin")
    with pytest.raises(PrinterUnavailable) as caught:
        print_file(b"%PDF-1.4", "pdf")
    assert caught.value.key == "printout.lp_failed"
    assert "No default destination" in explain(caught.value) and "1" in explain(caught.value)


def test_html_cannot_be_sent_to_the_printer() -> None:
    with pytest.raises(ValidationError) as caught:
        print_file(b"<html></html>", "html")
    assert caught.value.key == "printout.pdf_only"
