"""Standing orders: in force until ended or until their ``until``; the handover carries them."""

from __future__ import annotations

import pytest

from dutyroom.model.errors import DomainError
from dutyroom.services import handover_content
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.standing_orders import StandingOrders


def test_an_order_lapses_at_its_until_and_leaves_the_handover(ctx, clock):
    service = StandingOrders(ctx)
    lasting = service.add("每两小时报告沙河水库水位")
    brief = service.add("关注江北大堤渗水[red]", until="+2h")
    assert handover_content.standing_orders(ctx) == [
        f"#{lasting.id} 每两小时报告沙河水库水位",
        f"#{brief.id} 关注江北大堤渗水[red] (至 2026-07-29 11:00)"]
    clock.advance(minutes=121)
    assert [o.id for o in service.in_force()] == [lasting.id]
    assert handover_content.standing_orders(ctx) == [f"#{lasting.id} 每两小时报告沙河水库水位"]
    with pytest.raises(DomainError):
        service.end(brief.id)  # lapsed already: nothing to end
    ended = service.end(lasting.id)
    assert ended.ended_by == "张伟" and ended.ended_at == clock.now()
    assert handover_content.standing_orders(ctx) == []
    log = [e for e in DutyLog(ctx).all() if e.system]
    assert [e.kind.value for e in log] == ["instruction"] * 3


def test_bad_orders_write_nothing(ctx):
    before = ctx.store.revision()
    for text, until in (("", None), ("   ", None), ("x", "-1h"), ("x", "now"), ("x", "后天")):
        with pytest.raises(DomainError):
            StandingOrders(ctx).add(text, until=until)
    assert ctx.store.revision() == before
