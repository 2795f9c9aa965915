"""What is announced: new or climbing escalations, new grave chains; what stops standing."""

from __future__ import annotations

from dutyroom.services.alerts import Alert, AlertBoard, AlertWatch
from dutyroom.services.escalation import EscalationService
from dutyroom.services.reports import Reports


def test_board_ranks_integrity_then_grave_then_the_rest_newest_first():
    board = AlertBoard()
    board.add(Alert("report", 1, grave=True))
    board.add(Alert("escalation", 2, level=1))
    board.add(Alert("escalation", 3, level=2, grave=True))
    board.add(Alert("integrity", grave=True))
    board.add(Alert("escalation", 4, level=1))
    assert [a.key for a in board.alerts] == ["integrity:0", "escalation:3", "report:1",
                                             "escalation:4", "escalation:2"]
    board.add(Alert("escalation", 2, level=2, grave=True))  # it climbed: one alert, moved up
    assert [a.key for a in board.alerts][:3] == ["integrity:0", "escalation:2", "escalation:3"]
    assert len(board) == 5


def test_watch_finds_new_grave_chains_and_escalations_and_what_settled(ctx, clock):
    watch = AlertWatch(ctx)
    Reports(ctx).add(channel="phone", category="other", location="旧的", text="x", severity="I")
    watch.prime()  # there at start: not news
    offset = ctx.store.revision()
    reports = Reports(ctx)
    minor = reports.add(channel="phone", category="waterlogging", location="人民路", text="积水",
                        severity="IV")
    grave = reports.add(channel="phone", category="casualty", location="柳湾村", text="倒塌",
                        severity="II")
    changes, offset = ctx.store.changes_since(offset)
    fresh, gone = watch.detect(changes)
    assert [(a.kind, a.record_id, a.grave) for a in fresh] == [("report", grave.id, True)]
    assert minor.id and gone == []

    clock.advance(minutes=16)
    EscalationService(ctx).evaluate_now()
    changes, offset = ctx.store.changes_since(offset)
    fresh, _ = watch.detect(changes)
    escalations = [a for a in fresh if a.kind == "escalation"]
    assert escalations and all(a.level == 1 and not a.grave for a in escalations)
    EscalationService(ctx).acknowledge(escalations[0].record_id, "已报区防办")
    changes, offset = ctx.store.changes_since(offset)
    fresh, gone = watch.detect(changes)
    assert fresh == [] and ("escalation", escalations[0].record_id) in gone
