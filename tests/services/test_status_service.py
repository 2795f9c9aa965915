"""The duty status: each change logged in the same commit; no-ops write nothing."""

from __future__ import annotations

import pytest

from dutyroom.model.errors import ValidationError
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.status import StatusService, status_json


def test_set_logs_each_change_in_the_same_commit(ctx):
    service = StatusService(ctx)
    assert service.current().response.value == "none" and service.current().warnings == []
    change = service.set(response="IV", warnings=["rainstorm:yellow"])
    assert change.changed and change.after.id == 1
    change = service.set(response="III", warnings=["rainstorm:orange", "geological:yellow"])
    status = service.current()
    assert status.id == 1 and status.version == 2
    assert status_json(status)["warnings"] == [{"type": "rainstorm", "colour": "orange"},
                                               {"type": "geological", "colour": "yellow"}]
    entries = DutyLog(ctx).all()
    assert len(entries) == 2 and all(e.system and e.kind.value == "notice" for e in entries)
    assert "Ⅳ级" in entries[1].text and "Ⅲ级" in entries[1].text and "暴雨橙色预警" in entries[1].text
    lines = list(ctx.store.journal.read_from(0))
    assert [sorted(op["kind"] for op in line.entry["ops"]) for line in lines] == [["log", "status"]] * 2


def test_clear_one_or_all_and_no_op(ctx):
    service = StatusService(ctx)
    service.set(warnings=["rainstorm:red", "typhoon:blue"])
    service.set(clear=["rainstorm"])
    assert [w.code for w in service.current().warnings] == ["typhoon:blue"]
    before = ctx.store.revision()
    assert not service.set(warnings=["typhoon:blue"]).changed
    assert ctx.store.revision() == before
    service.set(clear_all=True)
    assert service.current().warnings == []


@pytest.mark.parametrize("kwargs", [{"response": "V"}, {"warnings": ["rainstorm"]},
                                    {"warnings": ["snow:red"]}, {"clear": ["nothing"]}])
def test_bad_values_write_nothing(ctx, kwargs):
    with pytest.raises(ValidationError):
        StatusService(ctx).set(**kwargs)
    assert ctx.store.revision() == 0
