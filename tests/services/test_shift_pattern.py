"""The shift pattern from settings, the current shift, sign-on and sign-off."""

from __future__ import annotations

import arrow
import pytest

from dutyroom.config import Settings
from dutyroom.model.errors import ValidationError
from dutyroom.services.context import Context
from dutyroom.services.shifts import ShiftService, pattern_from

TZ = "Asia/Shanghai"


def with_shifts(ctx: Context, section: dict) -> Context:
    return Context(store=ctx.store, clock=ctx.clock, settings=Settings(tz=TZ, raw={"shifts": section}),
                   operator=ctx.operator)


def local(text: str) -> arrow.Arrow:
    return arrow.get(text, "YYYY-MM-DD HH:mm", tzinfo=TZ)


def test_default_is_24h_from_0800_and_24h_from_0830_works(ctx):
    service = ShiftService(ctx)  # clock: 2026-07-29 09:00 local
    slot = service.slot_at(ctx.now())
    assert slot.start == local("2026-07-29 08:00") and slot.end == local("2026-07-30 08:00")
    service = ShiftService(with_shifts(ctx, {"start": "08:30", "hours": 24}))
    slot = service.slot_at(ctx.now())
    assert slot.start == local("2026-07-29 08:30") and slot.end == local("2026-07-30 08:30")
    early = service.slot_at(local("2026-07-29 08:29"))
    assert early.start == local("2026-07-28 08:30") and early.end == local("2026-07-29 08:30")


def test_three_eight_hour_shifts(ctx):
    service = ShiftService(with_shifts(ctx, {"start": "00:00", "hours": 8}))
    assert service.starts == [0, 480, 960]
    assert service.slot_at(local("2026-07-29 23:59")).start == local("2026-07-29 16:00")
    assert service.slot_at(local("2026-07-29 23:59")).end == local("2026-07-30 00:00")
    assert service.slot_at(local("2026-07-30 07:00")).index == 1
    explicit = ShiftService(with_shifts(ctx, {"starts": ["08:00", "20:00"]}))
    assert explicit.slot_at(local("2026-07-29 21:00")).end == local("2026-07-30 08:00")
    assert explicit.slot_on("2026-07-29", "2").start == local("2026-07-29 20:00")
    assert explicit.slot_on("2026-07-29", "08:00").start == local("2026-07-29 08:00")


@pytest.mark.parametrize("section", [{"hours": 7}, {"start": "25:00"}, {"starts": []}, {"starts": ["8"]},
                                     {"hours": 0}])
def test_bad_patterns_are_named(section):
    with pytest.raises(ValidationError) as info:
        pattern_from(section)
    assert info.value.key.startswith("shift.error.")


def test_sign_on_and_off_are_logged(ctx):
    service = ShiftService(ctx)
    shift = service.sign_on("张伟")
    assert shift.id is not None and shift.on_duty() == ["张伟"]
    with pytest.raises(ValidationError):
        service.sign_on("张伟")
    ctx.clock.advance(hours=2)
    shift = service.sign_off("张伟")
    assert shift.on_duty() == [] and shift.attendance[0].off_at == ctx.now()
    with pytest.raises(ValidationError):
        service.sign_off("张伟")
    texts = [r["text"] for r in ctx.store.between("log", ctx.now().shift(days=-1), ctx.now())]
    assert any("张伟" in x and "签到" in x for x in texts)
    assert any("张伟" in x and "签退" in x for x in texts)
    assert [s.id for s in service.all()] == [shift.id]  # one record for the slot


def test_resolve_and_counts(ctx):
    service = ShiftService(ctx)
    current = service.ensure(service.current())
    assert service.resolve("current").id == current.id
    assert service.resolve(str(current.id)).id == current.id
    assert service.resolve("last").end == current.start
    with pytest.raises(ValidationError):
        service.resolve("999")
    with pytest.raises(ValidationError):
        service.resolve("bogus")
    ctx.store.create("log", {"at": ctx.now().isoformat(), "kind": "other", "text": "x", "author": "a"})
    ctx.store.create("log", {"at": ctx.now().shift(days=-2).isoformat(), "kind": "other", "text": "y",
                             "author": "a"})
    assert service.counts(current).log_entries == 1
