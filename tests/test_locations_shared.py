"""Which data directories are personal (the demo may be offered) and which are group-shared."""

from __future__ import annotations

import os
from pathlib import Path

from dutyroom.locations import shared_with_group


def test_a_fresh_or_private_directory_is_personal(tmp_path):
    assert shared_with_group(tmp_path / "not-yet") is None
    private = tmp_path / "mine"
    private.mkdir(mode=0o700)
    assert shared_with_group(private) is None


def test_the_setgid_bit_marks_a_shared_deployment(tmp_path):
    shared = tmp_path / "srv"
    shared.mkdir()
    shared.chmod(0o2770)
    assert shared_with_group(shared) == "setgid"


def test_a_directory_of_another_account_is_shared(tmp_path):
    if os.geteuid() != 0:
        assert shared_with_group(Path("/")) == "owner"  # root's
    else:
        other = tmp_path / "other"
        other.mkdir()
        os.chown(other, 65534, -1)
        assert shared_with_group(other) == "owner"
