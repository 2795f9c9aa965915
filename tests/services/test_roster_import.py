"""Roster import: every bad row reported by its line, nothing imported from a bad file."""

from __future__ import annotations

import pytest

from dutyroom.services.roster import RosterFileError, RosterService
from dutyroom.services.shifts import ShiftService

GOOD = """date,shift,role,name,phone,os_user
2026-07-29,08:00,leader,王强,13800000001,
2026-07-29,08:00,officer,张伟,13800000002,zhangwei
2026-07-29,08:00,officer,刘洋,,
2026-07-30,1,带班领导,李娜,13800000003,
2026-07-30,1,值班员,赵敏,13800000004,
"""


def test_good_file_fills_shifts_and_roster(ctx):
    result = RosterService(ctx).import_text(GOOD, "roster.csv")
    assert len(result.shifts) == 2 and result.officers_created == 5
    today = ShiftService(ctx).current()
    assert today.leader == "王强" and today.officers == ["张伟", "刘洋"]
    assert today.phones["张伟"] == "13800000002"
    assert RosterService(ctx).identify("zhangwei").name == "张伟"
    tomorrow = ShiftService(ctx).following(today)
    assert tomorrow.leader == "李娜" and tomorrow.id is not None
    # importing again replaces the shift's roster, it does not duplicate anything
    again = RosterService(ctx).import_text(GOOD.replace("刘洋", "孙磊"), "roster.csv")
    assert again.officers_created == 1 and len(ShiftService(ctx).all()) == 2
    assert ShiftService(ctx).current().officers == ["张伟", "孙磊"]


def test_bad_rows_reported_by_line_and_nothing_imported(ctx):
    bad = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,09:00,officer,张伟,138
2026-07-29,08:00,boss,刘洋,
2026-07-29,08:00,leader,李娜,
2026-13-45,08:00,officer,赵敏,
2026-07-29,08:00,officer,,
2026-07-29,08:00,officer,周杰,abc
2026-07-29,08:00,officer,王强,
"""
    before = ctx.store.revision()
    with pytest.raises(RosterFileError) as info:
        RosterService(ctx).import_text(bad, "bad.csv")
    lines = [p.line for p in info.value.problems]
    assert lines == [3, 4, 5, 6, 7, 8, 9]
    keys = [p.key for p in info.value.problems]
    assert keys == ["shift.error.no_such_slot", "error.bad_choice", "roster.error.two_leaders",
                    "shift.error.bad_date", "error.required", "roster.error.bad_phone",
                    "roster.error.duplicate"]
    assert ctx.store.revision() == before
    assert ctx.store.all("officer") == [] and ctx.store.all("shift") == []


def test_header_and_encodings(ctx, tmp_path):
    with pytest.raises(RosterFileError) as info:
        RosterService(ctx).import_text("who,when\nx,y\n")
    assert info.value.problems[0].line == 1 and info.value.problems[0].key == "roster.error.header"
    chinese = "日期,班次,角色,姓名,电话\n2026-07-29,08:00,带班领导,王强,13800000001\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(chinese.encode("gb18030"))
    assert RosterService(ctx).import_file(path).officers_created == 1
    bom = tmp_path / "bom.csv"
    bom.write_bytes(("\ufeff" + chinese.replace("王强", "李娜")).encode("utf-8"))
    RosterService(ctx).import_file(bom)
    assert ShiftService(ctx).current().leader == "李娜"


def test_identify_links_once(ctx):
    RosterService(ctx).import_text(GOOD)
    service = RosterService(ctx)
    assert service.identify("lina") is None
    service.link("lina", "李娜")
    assert service.identify("lina").name == "李娜"
    service.link("lina", "赵敏")  # a correction moves the link, never two names for one account
    assert service.identify("lina").name == "赵敏"
    assert [o.name for o in service.officers() if o.os_user == "lina"] == ["赵敏"]
    from dutyroom.model.errors import ValidationError

    with pytest.raises(ValidationError):
        service.link("lina", "无此人")


def test_os_accounts_are_unique(ctx):
    RosterService(ctx).import_text(GOOD)  # zhangwei is 张伟
    with pytest.raises(RosterFileError) as info:
        RosterService(ctx).import_text("date,shift,role,name,os_user\n2026-07-31,1,leader,王强,wq\n"
                                       "2026-07-31,1,officer,刘洋,wq\n")
    assert [(p.line, p.key) for p in info.value.problems] == [(3, "roster.error.account_twice")]
    RosterService(ctx).import_text("date,shift,role,name,os_user\n2026-07-31,1,officer,刘洋,zhangwei\n")
    assert RosterService(ctx).identify("zhangwei").name == "刘洋"
    assert [o.name for o in RosterService(ctx).officers() if o.os_user == "zhangwei"] == ["刘洋"]
