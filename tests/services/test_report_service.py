"""Report chains through the service: every stage and transition, duplicates, merging,
report to ticket, and the duty-log line and journal entry each change leaves."""

from __future__ import annotations

import pytest

from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.report import IncomingReport, ReportStatus, Stage, Verification
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.reports import Reports, to_ticket
from dutyroom.store import StaleRecord


def _add(ctx, **kw):
    fields = dict(channel="phone", category="waterlogging", location="人民路下穿通道",
                  text="积水 50 厘米,一辆车被困", severity="III")
    fields.update(kw)
    return Reports(ctx).add(**fields)


def _log_for(ctx, report_id):
    return [e for e in DutyLog(ctx).all() if e.report_id == report_id]


def test_intake_stores_every_field_and_logs(ctx, store):
    report = _add(ctx, reporter="王建国", phone="13800000000", reporter_unit="人民路社区",
                  event_at="08:40", trapped="2", affected=30, measures="已设警示", already_told="110",
                  read_back=True, received_at="08:58")
    stored = IncomingReport.from_dict(store.require("report", report.id))
    assert stored.stage == Stage.FIRST and stored.status == ReportStatus.OPEN and stored.open
    assert stored.received_at == ctx.parse_time("08:58") and stored.event_at == ctx.parse_time("08:40")
    assert (stored.trapped, stored.affected, stored.read_back) == (2, 30, True)
    assert stored.reporter == "王建国" and stored.already_told == "110"
    assert [r["id"] for r in store.open_records("report")] == [report.id]
    (entry,) = _log_for(ctx, report.id)
    assert entry.system and entry.kind == "call_in" and "人民路下穿通道" in entry.text
    assert entry.at == stored.received_at


@pytest.mark.parametrize("bad", [
    {"location": "  "}, {"text": ""}, {"category": "flood"}, {"category": ""},
    {"channel": "fax"}, {"severity": "V"}, {"trapped": "-1"}, {"dead": "two"},
    {"received_at": "25:99"}, {"location": "x" * 201}, {"keypoint_id": 99},
    {"received_at": "+10m"}, {"event_at": "+2h"},
])
def test_bad_intake_is_refused_and_nothing_written(ctx, store, bad):
    before = store.journal.size()
    with pytest.raises(ValidationError):
        _add(ctx, **bad)
    assert store.journal.size() == before


def test_control_characters_are_stripped_at_intake(ctx):
    report = _add(ctx, location="人民路\x1b]52;c;AAAA\x07下穿", text="水深\u202e1米\x9b")
    assert "\x1b" not in report.location and "\x07" not in report.location
    assert "\u202e" not in report.text and "\x9b" not in report.text


def test_chain_first_follow_ups_final_as_one_thread(ctx, clock):
    reports = Reports(ctx)
    head = _add(ctx)
    clock.advance(minutes=20)
    one = reports.follow_up(head.id, "水深 80 厘米", trapped=3)
    clock.advance(minutes=20)
    two = reports.follow_up(one.id, "消防已到场")  # a follow-up's id finds its chain
    assert (one.stage, one.sequence, one.chain_id) == (Stage.FOLLOW_UP, 1, head.id)
    assert two.sequence == 2 and two.location == head.location and two.severity == head.severity
    chain = reports.chain(two.id)
    assert [r.id for r in chain.reports] == [head.id, one.id, two.id]
    assert chain.head.chain_stage == Stage.FOLLOW_UP and chain.head.trapped == 3
    final = reports.final(head.id, "积水已退,被困人员全部转移")
    assert final.stage == Stage.FINAL and final.sequence == 3
    head = reports.get(head.id)
    assert head.status == ReportStatus.CLOSED and not head.open and head.chain_stage == Stage.FINAL
    assert head.final_id == final.id and head.closed_at == ctx.now()
    assert ctx.store.open_records("report") == []
    with pytest.raises(TransitionError):
        reports.follow_up(head.id, "再续报")
    texts = [e.text for e in _log_for(ctx, head.id)]
    assert len(texts) == 4 and "第 1 次续报" in texts[1] and "终报" in texts[3]


def test_severity_raised_and_lowered_each_logged_with_history(ctx, clock, store):
    reports = Reports(ctx)
    head = _add(ctx, severity="IV")
    clock.advance(minutes=5)
    reports.follow_up(head.id, "有人员被困", severity="II")
    reports.set_severity(head.id, "III", reason="人员已救出")
    head = reports.get(head.id)
    assert head.severity == "III"
    assert [(c.old, c.new) for c in head.severity_changes] == [("IV", "II"), ("II", "III")]
    assert head.severity_at == ctx.now()  # the raise restarted the deadlines
    texts = " ".join(e.text for e in _log_for(ctx, head.id))
    assert "提升为 Ⅱ级 重大" in texts and "降为 Ⅲ级 较大" in texts and "人员已救出" in texts
    changes = [h["changes"] for h in store.history("report", head.id) if h["op"] == "update"]
    assert changes[-1]["severity"] == ["II", "III"]
    assert reports.set_severity(head.id, "III").version == head.version  # no change, no write


def test_forward_and_verify(ctx, clock):
    reports = Reports(ctx)
    head = _add(ctx)
    clock.advance(minutes=10)
    head = reports.forward(head.id, "市防汛办 李科长", "phone", at="09:05")
    (fwd,) = head.forwards
    assert (fwd.to, fwd.via, fwd.by) == ("市防汛办 李科长", "phone", "张伟")
    assert fwd.at == ctx.parse_time("09:05")
    with pytest.raises(ValidationError):
        reports.forward(head.id, "市防指", "fax")
    with pytest.raises(ValidationError):
        reports.forward(head.id, "市防指", "phone", at="+30m")  # not in the future
    with pytest.raises(ValidationError):
        reports.forward(head.id, "", "phone")
    head = reports.verify(head.id, "社区网格员 赵", "现场视频")
    assert head.verification == Verification.VERIFIED and head.verified_by == "社区网格员 赵"
    assert head.status == ReportStatus.OPEN
    other = _add(ctx, location="沙河水库", category="reservoir")
    other = reports.verify(other.id, "水库管理员", "电话回拨核实,无此事", false_report=True)
    assert other.verification == Verification.FALSE_REPORT and other.status == ReportStatus.CLOSED
    kinds = [e.kind for e in _log_for(ctx, head.id)]
    assert kinds == ["call_in", "call_out", "notice"]


def test_stale_update_is_refused(ctx):
    reports = Reports(ctx)
    head = _add(ctx)
    reports.forward(head.id, "市防指", "phone")
    with pytest.raises(StaleRecord):
        reports.set_severity(head.id, "I", expected_version=head.version)


def test_duplicates_flagged_within_two_hours_same_category_and_place(ctx, clock, store):
    reports = Reports(ctx)
    store.create("keypoint", {"type": "reservoir", "name": "沙河水库"})
    first = _add(ctx)
    kp = _add(ctx, category="reservoir", location="沙河水库大坝", keypoint_id=1)

    def probe(category="waterlogging", location="人民路下穿通道", keypoint=None):
        return [r.id for r in reports.duplicates(category, location, keypoint, ctx.now())]

    clock.advance(minutes=119)
    assert probe(location="人民路 下穿通道") == [first.id]
    assert probe(location="人民路下穿") == [first.id]  # one contains the other
    assert probe(category="traffic") == [] and probe(location="解放路") == []
    assert probe(category="reservoir", location="北坝", keypoint=1) == [kp.id]
    assert probe(category="reservoir", location="沙河水库大坝", keypoint=2) == []
    flagged = _add(ctx, channel="wechat")
    assert flagged.duplicate_of == [first.id]
    assert any("可能与 报告 #%d 重复" % first.id in e.text for e in _log_for(ctx, flagged.id))
    clock.advance(minutes=2)  # 121 min after the first report: outside its window
    assert first.id not in probe() and flagged.id in probe()
    reports.merge(flagged.id, into=first.id)
    reports.final(first.id, "已处置")
    clock.set(first.received_at.shift(minutes=30))
    assert probe() == []  # closed and merged chains are not duplicates


def test_merge_keeps_both_linked_and_takes_graver_severity(ctx, clock, store):
    reports = Reports(ctx)
    target = _add(ctx, severity="III")
    clock.advance(minutes=30)
    dup = _add(ctx, severity="II", channel="wechat", text="下穿通道有车被淹")
    assert dup.duplicate_of == [target.id]
    merged = reports.merge(dup.id, into=target.id)
    assert merged.merged_ids == [dup.id] and merged.severity == "II"
    dup = reports.get(dup.id)
    assert dup.status == ReportStatus.MERGED and dup.merged_into == target.id and not dup.open
    assert [r["id"] for r in store.open_records("report")] == [target.id]
    assert [m.id for m in reports.chain(target.id).merged] == [dup.id]
    assert any("并入 #%d" % target.id in e.text for e in _log_for(ctx, dup.id))
    assert any("并入" in e.text for e in _log_for(ctx, target.id))
    with pytest.raises(TransitionError):
        reports.merge(dup.id, into=target.id)
    with pytest.raises(ValidationError):
        reports.merge(target.id, into=target.id)
    with pytest.raises(TransitionError):
        reports.follow_up(dup.id, "x")


def test_to_ticket_links_both_ways_in_one_commit(ctx, store):
    head = _add(ctx, trapped=2)
    before = store.journal.size()
    report, ticket = to_ticket(ctx, head.id)
    lines = store.journal.read_from(before)
    (line,) = list(lines)
    kinds = sorted(op["kind"] for op in line.entry["ops"])
    assert kinds == ["log", "report", "ticket"]
    assert report.ticket_id == ticket["id"] and ticket["report_ids"] == [head.id]
    assert ticket["open"] is True and ticket["hazard"] == "waterlogging"
    assert ticket["severity"] == "III" and ticket["location"] == head.location
    assert ticket["timeline"][0]["status"] == "open"
    assert [t["id"] for t in store.open_records("ticket")] == [ticket["id"]]
    with pytest.raises(TransitionError):
        to_ticket(ctx, head.id)


def test_to_ticket_corrects_a_link_when_another_ticket_slipped_in(ctx, store, monkeypatch):
    head = _add(ctx)
    from dutyroom.services import reports as module

    monkeypatch.setattr(module.Reports, "_predict_id", lambda self, kind: 1)
    store.create("ticket", {"hazard": "other", "text": "别处", "open": True})
    report, ticket = to_ticket(ctx, head.id)
    assert ticket["id"] == 2 and report.ticket_id == 2


def test_report_survives_a_rebuild_from_the_journal(ctx, store):
    head = _add(ctx)
    Reports(ctx).follow_up(head.id, "续")
    Reports(ctx).forward(head.id, "市防指", "written")
    before = Reports(ctx).chain(head.id)
    store.rebuild()
    after = Reports(ctx).chain(head.id)
    assert after.head.to_dict() == before.head.to_dict()
    assert [r.id for r in after.thread] == [r.id for r in before.thread]


def test_follow_up_corrects_the_thread_when_another_report_slipped_in(ctx, store, monkeypatch):
    head = _add(ctx)
    from dutyroom.services import reports as module

    monkeypatch.setattr(module.Reports, "_predict_id", lambda self, kind: 2)
    store.create("report", {"received_at": head.received_at.isoformat(), "stage": "follow_up",
                            "text": "别的进程", "chain_id": 99})
    final = Reports(ctx).final(head.id, "终报")
    head = Reports(ctx).get(head.id)
    assert final.id == 3 and head.thread_ids == [3] and head.final_id == 3


def test_a_follow_up_left_open_by_another_tool_is_not_a_chain(ctx, store):
    head = _add(ctx)
    store.create("report", {"received_at": head.received_at.isoformat(), "stage": "follow_up",
                            "chain_id": head.id, "sequence": 1, "text": "续", "open": True})
    assert [r.id for r in Reports(ctx).open_chains()] == [head.id]
    from dutyroom.services.deadlines import open_chains

    assert [r.id for r in open_chains(store)] == [head.id]
