"""The routine of the demo day: the registry and roster, the duty status, readings and the
calls that fill a real log."""

from __future__ import annotations

from typing import Any

from dutyroom.model.keypoint import KeyPoint
from dutyroom.model.log_entry import LogKind, new_log_entry
from dutyroom.model.shift import Officer, Shift
from dutyroom.model.status import ResponseLevel, WarningColour, WarningType, WeatherWarning
from dutyroom.model.unit import Unit
from dutyroom.services.context import Context
from dutyroom.services.demo.data import CHATTER, DISTRICTS, KEYPOINTS, OFFICERS, READINGS, UNITS
from dutyroom.services.demo.day import LEADER_ROTA, OFFICER_ROTA, SECOND_OFFICER, Day, Event
from dutyroom.services.shifts import ShiftService
from dutyroom.services.status import StatusService
from dutyroom.store.store import Create

LOG_TARGET = 520
"""About this many duty-log entries in the day, as a busy room that keeps up with its patrols
and its tickets' hourly news writes (the calls of :func:`chatter` fill up to it)."""


def registry(day: Day) -> None:
    """Key points, units, the roster and one shift record per shift of the pattern in the day."""
    t0 = day.start.shift(hours=-1)

    def build() -> list[Any]:
        ops: list[Any] = []
        for kind_, name, district, notes, interval in KEYPOINTS:
            ops.append(Create("keypoint", KeyPoint(type=kind_, name=name, district=district, notes=notes,
                                                   patrol_interval_min=interval,
                                                   responsible_unit="市水务和湖泊局").payload()))
        for kind_, name, phone in UNITS:
            ops.append(Create("unit", Unit(kind=kind_, name=name, phone=phone).payload()))
        for name, role in OFFICERS:
            ops.append(Create("officer", Officer(name=name, role=role,
                                                 phone=f"1390000{len(ops):04d}").payload()))
        for slot in day.slots:
            ops.append(Create("shift", Shift(start=slot.start, end=slot.end, leader=day.leader(slot.start),
                                             officers=[day.officer(slot.start), SECOND_OFFICER]).payload()))
        # the next shift is rostered too, as a real roster is: its officers sign the handover in
        coming = ShiftService(day.ctx).slot_at(day.slots[-1].end)
        ops.append(Create("shift", Shift(start=coming.start, end=coming.end, leader=LEADER_ROTA[-1],
                                         officers=[OFFICER_ROTA[-1], SECOND_OFFICER]).payload()))
        return ops

    def after(stored: list[dict[str, Any]]) -> None:
        kp = [r for r in stored if "patrol_interval_min" in r]
        units = [r for r in stored if "zone_keypoints" in r]
        shifts = [r for r in stored if "leader" in r and "start" in r]
        for i, r in enumerate(kp):
            day.ids["keypoint"][i] = int(r["id"])
        for i, r in enumerate(units):
            day.ids["unit"][i] = int(r["id"])
        for i, r in enumerate(shifts):
            day.ids["shift"][i] = int(r["id"])

    day.add(t0, build, after, operator="王建国")


def status(day: Day) -> None:
    """A rainstorm yellow warning upgraded to orange; the response raised from IV to III."""
    steps = [
        (22.0, ResponseLevel.NONE, [WeatherWarning(WarningType.RAINSTORM, WarningColour.YELLOW)],
         "市气象台 发布暴雨黄色预警信号。"),
        (20.0, ResponseLevel.IV, [WeatherWarning(WarningType.RAINSTORM, WarningColour.YELLOW)],
         "市防指 启动防汛Ⅳ级应急响应。"),
        (9.0, ResponseLevel.IV, [WeatherWarning(WarningType.RAINSTORM, WarningColour.ORANGE),
                                 WeatherWarning(WarningType.GEOLOGICAL, WarningColour.YELLOW)],
         "市气象台 暴雨黄色预警升级为橙色;市自然资源局 发布地质灾害黄色预警。"),
        (6.0, ResponseLevel.III, [WeatherWarning(WarningType.RAINSTORM, WarningColour.ORANGE),
                                  WeatherWarning(WarningType.GEOLOGICAL, WarningColour.YELLOW)],
         "市防指 将防汛应急响应由Ⅳ级提升至Ⅲ级。"),
    ]
    for hours, level, warnings, text in steps:
        moment = day.at(hours)

        def change(ctx: Context, level=level, warnings=warnings) -> None:
            StatusService(ctx).set(response=level, warnings=list(warnings), replace_warnings=True)

        day.log_count += 2
        day.call(moment, change)  # the status service writes the change and its system log line
        day.log(moment, LogKind.NOTICE, text)  # what the officer noted: who issued it
        day.log(moment.shift(minutes=3), LogKind.CALL_OUT,
                f"已将“{text}”通知各区防指、成员单位,电话逐一确认收到。")


def readings(day: Day) -> None:
    """Water levels every two hours (the patrols are :mod:`~dutyroom.services.demo.patrols`)."""
    rng = day.rng
    for index, template, base, rise in READINGS:
        value = base
        for hour in range(24, 0, -2):
            value += rise * (2 if hour < 10 else 1) + rng.uniform(-0.01, 0.02)
            day.log(day.at(hour - 0.1 * index), LogKind.READING, template.format(v=value), keypoint=index)


def chatter(day: Day) -> None:
    """Calls and notices that fill a real log, up to ~520 entries, and one correction."""
    rng = day.rng
    while day.log_count < LOG_TARGET - 2:
        kind, template = rng.choice(CHATTER)
        moment = day.at(rng.uniform(0.05, 23.8))
        day.log(moment, LogKind(kind), template.format(d=rng.choice(DISTRICTS), n=rng.randint(20, 160)))
    # a correction, as officers make them: a new entry that amends the wrong one
    wrong = day.at(3.2)
    day.log(wrong, LogKind.READING, "沙河水库 库水位 12.65 m")
    last = day.events[-1]
    original_after = last.after

    def remember(stored: list[dict[str, Any]]) -> None:
        original_after(stored)
        day.ids["wrong_reading"] = {0: int(stored[0]["id"])}

    last.after = remember

    def amend() -> list[Any]:
        target_id = day.ids.get("wrong_reading", {}).get(0)
        entry = new_log_entry(text="更正:沙河水库 库水位 21.65 m(误记为 12.65 m)", kind=LogKind.READING,
                              at=wrong, author=day.officer(wrong), amends=target_id)
        return [Create("log", entry.payload())]

    day.log_count += 1
    day.events.append(Event(wrong.shift(minutes=5), day.officer(wrong), amend))
