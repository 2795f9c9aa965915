"""Reporting deadlines at their boundaries, a minute before and after, with the pinned clock."""

from __future__ import annotations

import pytest

from dutyroom.config import Settings
from dutyroom.model.deadline import DeadlineKind, build_table
from dutyroom.model.errors import ValidationError
from dutyroom.services import deadlines
from dutyroom.services.reports import Reports

TZ = "Asia/Shanghai"


def _add(ctx, severity: str, location: str = "人民路下穿通道", category: str = "waterlogging"):
    return Reports(ctx).add(channel="phone", category=category, location=location,
                            text="积水 50 厘米", severity=severity)


def _at(ctx, clock, local: str) -> None:
    clock.set(ctx.parse_time(f"2026-07-29 {local}"))


def _state(ctx, report_id: int):
    head = Reports(ctx).get(report_id)
    now = ctx.now()
    return (deadlines.next_deadline(head, ctx.settings, now),
            deadlines.missed_deadlines([head], ctx.settings, now),
            deadlines.upcoming([head], ctx.settings, now, within_min=10))


@pytest.mark.parametrize("severity, kind, local_due", [
    ("I", "phone", "09:15"), ("II", "phone", "09:15"), ("III", "phone", "09:30"),
    ("IV", "written", "15:00"), ("unknown", "written", "15:00"),
])
def test_first_deadline_by_severity_a_minute_either_side(ctx, clock, severity, kind, local_due):
    report = _add(ctx, severity)  # received at 09:00 local
    due = ctx.parse_time(f"2026-07-29 {local_due}")
    clock.set(due.shift(minutes=-1))
    nxt, missed, soon = _state(ctx, report.id)
    assert nxt.kind == kind and nxt.due_at == due and nxt.report_id == report.id
    assert missed == [] and [d.kind for d in soon][:1] == [kind]
    assert not nxt.missed(ctx.now()) and nxt.seconds_left(ctx.now()) == 60
    clock.set(due)  # at the due time exactly it is still on time
    assert _state(ctx, report.id)[1] == []
    clock.set(due.shift(minutes=1))
    nxt, missed, soon = _state(ctx, report.id)
    assert nxt.missed(ctx.now()) and [d.kind for d in missed][:1] == [kind]
    assert kind not in [d.kind for d in soon]


def test_phone_then_written_then_daily_follow_ups(ctx, clock):
    report = _add(ctx, "I")
    reports = Reports(ctx)
    _at(ctx, clock, "09:10")
    reports.forward(report.id, "市防指", "phone")
    nxt, missed, _ = _state(ctx, report.id)
    assert nxt.kind == DeadlineKind.WRITTEN and nxt.due_at == ctx.parse_time("2026-07-29 09:30")
    _at(ctx, clock, "09:31")
    assert [d.kind for d in _state(ctx, report.id)[1]] == ["written"]
    reports.forward(report.id, "市防指", "written", at="09:29")
    nxt, missed, _ = _state(ctx, report.id)
    assert missed == [] and nxt.kind == "follow_up"
    assert nxt.due_at == ctx.parse_time("2026-07-29 17:00")
    _at(ctx, clock, "16:59")
    assert _state(ctx, report.id)[1] == []
    assert [d.kind for d in _state(ctx, report.id)[2]] == ["follow_up"]
    _at(ctx, clock, "17:01")
    assert [d.kind for d in _state(ctx, report.id)[1]] == ["follow_up"]
    reports.forward(report.id, "市防指", "phone")  # a 续报 upward by phone discharges it
    nxt = _state(ctx, report.id)[0]
    assert nxt.due_at == ctx.parse_time("2026-07-30 08:00")


def test_follow_up_slot_keeps_the_minimum_gap(ctx, clock):
    report = _add(ctx, "III")
    _at(ctx, clock, "16:30")
    Reports(ctx).forward(report.id, "市防指", "written")
    nxt = _state(ctx, report.id)[0]
    assert nxt.kind == "follow_up" and nxt.due_at == ctx.parse_time("2026-07-30 08:00")


def test_no_follow_ups_for_iv_and_written_discharges_phone(ctx, clock):
    iv = _add(ctx, "IV")
    Reports(ctx).forward(iv.id, "区防指", "written")
    assert _state(ctx, iv.id)[0] is None
    ii = _add(ctx, "II", location="沙河水库")
    Reports(ctx).forward(ii.id, "市防指", "written")
    assert _state(ctx, ii.id)[0].kind == "follow_up"


def test_raise_restarts_deadlines_lower_keeps_them(ctx, clock):
    reports = Reports(ctx)
    report = _add(ctx, "IV")
    reports.forward(report.id, "区防指", "written")
    assert _state(ctx, report.id)[0] is None
    _at(ctx, clock, "10:00")
    reports.set_severity(report.id, "II", reason="水位超保证")
    nxt = _state(ctx, report.id)[0]
    assert nxt.kind == "phone" and nxt.due_at == ctx.parse_time("2026-07-29 10:15")
    _at(ctx, clock, "10:05")
    reports.set_severity(report.id, "III")  # lowered: still counted from 10:00
    nxt = _state(ctx, report.id)[0]
    assert nxt.kind == "phone" and nxt.due_at == ctx.parse_time("2026-07-29 10:30")


def test_closed_and_merged_chains_have_no_deadlines(ctx, clock):
    reports = Reports(ctx)
    a, b = _add(ctx, "I"), _add(ctx, "I")
    reports.final(a.id, "积水已退")
    reports.merge(b.id, into=_add(ctx, "II", location="人民路下穿通道").id)
    clock.advance(hours=5)
    for rid in (a.id, b.id):
        assert _state(ctx, rid) == (None, [], [])


def test_table_overrides_from_config(ctx, clock, db):
    (db / "config.toml").write_text(
        '[deadlines]\nfollow_up_times = ["09:00", "21:00"]\nfollow_up_min_gap_min = 0\n'
        '[deadlines.III]\nphone_min = 20\n[deadlines.IV]\nphone_min = 45\n', encoding="utf-8")
    from dutyroom.config import load_settings

    ctx.settings = load_settings(db / "config.toml", {"DUTYROOM_TZ": TZ})
    iii = _add(ctx, "III")
    assert _state(ctx, iii.id)[0].due_at == ctx.parse_time("2026-07-29 09:20")
    iv = _add(ctx, "IV", location="沙河水库")
    assert _state(ctx, iv.id)[0].due_at == ctx.parse_time("2026-07-29 09:45")
    table = deadlines.table(ctx.settings)
    assert table.limits["III"].written_min == 60  # untouched defaults stay
    assert table.follow_up_times == ((9, 0), (21, 0))


@pytest.mark.parametrize("section", [
    {"I": {"phone_min": -5}}, {"I": {"phone_min": "15"}}, {"II": "fast"},
    {"follow_up_times": ["25:00"]}, {"follow_up_times": "08:00"},
    {"follow_up_severities": ["V"]}, {"follow_up_min_gap_min": True},
])
def test_bad_deadline_settings_are_refused(section):
    with pytest.raises(ValidationError) as caught:
        build_table(section, TZ)
    assert caught.value.key == "error.deadline_config"


def test_defaults_match_the_readme():
    table = deadlines.table(Settings(tz=TZ))
    assert (table.limits["I"].phone_min, table.limits["I"].written_min) == (15, 30)
    assert (table.limits["II"].phone_min, table.limits["II"].written_min) == (15, 30)
    assert (table.limits["III"].phone_min, table.limits["III"].written_min) == (30, 60)
    assert (table.limits["IV"].phone_min, table.limits["IV"].written_min) == (0, 360)
    assert table.follow_up_times == ((8, 0), (17, 0))
    assert table.follow_up_severities == {"I", "II", "III"}
