"""The demo: a realistic flood-season day in a Chinese city (江城市), for training and trying out.

The day is replayed in time order through the store (one commit per event,
stamped with the event's time and officer), so the journal, the audit trail,
``created_at`` and "time since last update" all look like a real day: a
rainstorm yellow warning upgraded to orange, the flood response started at
level IV and raised to III, readings and patrols every hour, ~60 reports in
chains, ~15 tickets in every state, escalations still pending, two sealed
handovers. Deterministic for a given ``now`` (seeded), so it suits tests.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, Callable

import arrow
import orjson

from dutyroom.model.deadline import DeadlineKind, pending
from dutyroom.model.handover import CarriedItem, Handover, HandoverState
from dutyroom.model.keypoint import KeyPoint, KeyPointType
from dutyroom.model.log_entry import LogKind, new_log_entry
from dutyroom.model.report import (Category, Channel, Forward, ForwardVia, IncomingReport, ReportStatus,
                                   Severity, Stage)
from dutyroom.model.shift import Officer, RosterRole, Shift
from dutyroom.model.status import DutyStatus, ResponseLevel, WarningColour, WarningType, WeatherWarning
from dutyroom.model.ticket import HazardTicket, TicketStatus, TimelineEvent
from dutyroom.model.unit import Unit, UnitKind
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.deadlines import table
from dutyroom.store import Store
from dutyroom.store.store import Create, Update

KEYPOINTS = [
    (KeyPointType.RESERVOIR, "沙河水库", "江北区", "汛限水位 21.5 m", 120),
    (KeyPointType.RESERVOIR, "红星水库", "青山区", "汛限水位 35.0 m", 120),
    (KeyPointType.EMBANKMENT, "江北大堤 K3+200 段", "江北区", "历史管涌点", 60),
    (KeyPointType.EMBANKMENT, "清水河左岸堤防", "江南区", "", 120),
    (KeyPointType.WATERLOGGING_POINT, "人民路下穿隧道", "江南区", "积水超 30 cm 封闭", 60),
    (KeyPointType.WATERLOGGING_POINT, "火车站北广场", "江北区", "", 60),
    (KeyPointType.WATERLOGGING_POINT, "解放大道与建设路口", "江南区", "", 60),
    (KeyPointType.GEOLOGICAL_POINT, "后山村滑坡隐患点", "青山区", "威胁 12 户 37 人", 120),
    (KeyPointType.GEOLOGICAL_POINT, "石门坎崩塌隐患点", "青山区", "", 180),
    (KeyPointType.DILAPIDATED_HOUSE, "老城区东门街 C 级危房", "江南区", "住户 6 户", 180),
    (KeyPointType.DILAPIDATED_HOUSE, "柳湾村 D 级危房", "青山区", "", 180),
    (KeyPointType.CONSTRUCTION_SITE, "地铁 5 号线 12 标段基坑", "高新区", "", 120),
    (KeyPointType.RIVER, "清水河 水文站断面", "江南区", "警戒水位 28.0 m", 60),
    (KeyPointType.BRIDGE, "清水河大桥", "江南区", "", 180),
    (KeyPointType.UNDERPASS, "光谷三路下穿通道", "高新区", "", 60),
]

UNITS = [
    (UnitKind.FLOOD_COMMAND, "市防汛抗旱指挥部办公室", "0710-8888001"),
    (UnitKind.WATER_RESOURCES, "市水务和湖泊局", "0710-8888002"),
    (UnitKind.EMERGENCY_MANAGEMENT, "市应急管理局", "0710-8888003"),
    (UnitKind.POLICE, "市公安局交警支队", "0710-8888004"),
    (UnitKind.FIRE_RESCUE, "市消防救援支队", "119"),
    (UnitKind.OTHER, "市城管局排水管理所", "0710-8888006"),
    (UnitKind.POWER, "国网江城供电公司", "95598"),
    (UnitKind.HEALTH, "市急救中心", "120"),
    (UnitKind.COMMANDO, "江北区党员突击队", "13800000009"),
    (UnitKind.VOLUNTEER, "青山区防汛志愿服务队", "13800000010"),
]

OFFICERS = [("王建国", RosterRole.LEADER), ("刘敏", RosterRole.LEADER), ("张伟", RosterRole.OFFICER),
            ("李娜", RosterRole.OFFICER), ("陈静", RosterRole.OFFICER), ("赵磊", RosterRole.OFFICER)]

# (category, severity, keypoint index or None, location, first text, follow-up texts, final text or None)
CHAINS: list[tuple[Category, Severity, int | None, str, str, list[str], str | None]] = [
    (Category.WATERLOGGING, Severity.IV, 4, "人民路下穿隧道", "隧道内积水约 40 cm,有车辆熄火。",
     ["已封闭隧道双向,排水泵车到场。", "积水降至 15 cm。"], "积水排净,隧道恢复通行。"),
    (Category.WATERLOGGING, Severity.IV, 5, "火车站北广场", "广场积水 20 cm,旅客出行受阻。",
     ["增派 2 台移动泵。"], "积水已退。"),
    (Category.EMBANKMENT, Severity.III, 2, "江北大堤 K3+200", "巡堤发现背水坡渗水,出水浑浊。",
     ["抢险队到场,反滤围井施工中。", "渗水量减小,出水转清。"], None),
    (Category.RESERVOIR, Severity.III, 0, "沙河水库", "库水位 21.6 m,超汛限 0.1 m,入库流量加大。",
     ["开启泄洪闸 2 孔,下泄 120 m³/s。", "下游转移 230 人。"], None),
    (Category.GEOLOGICAL, Severity.III, 7, "后山村", "后山坡体出现裂缝,长约 15 m。",
     ["已转移受威胁群众 37 人。"], None),
    (Category.DILAPIDATED_HOUSE, Severity.IV, 9, "东门街 17 号", "危房墙体开裂,住户请求转移。",
     [], "6 户 14 人已转移至社区安置点。"),
    (Category.BRIDGE_ROAD, Severity.IV, None, "S203 省道 K12", "路面塌陷约 3 m²。",
     ["交警已设置警示封闭。"], None),
    (Category.TRAFFIC, Severity.IV, 14, "光谷三路下穿通道", "通道积水,2 辆车被困。",
     ["消防到场救出 3 人,无伤亡。"], "通道已封闭,车辆拖离。"),
    (Category.POWER, Severity.IV, None, "江南区新河街道", "暴雨致 3 个小区停电。",
     ["供电抢修队到场。"], "已恢复供电。"),
    (Category.CASUALTY, Severity.II, 10, "柳湾村", "危房倒塌,1 人被困。",
     ["消防救援到场搜救。", "被困人员已救出,送医,伤势稳定。"], None),
    (Category.CONSTRUCTION_SITE, Severity.IV, 11, "地铁 5 号线 12 标段", "基坑周边积水倒灌。",
     ["施工单位启动抽排,停工撤人。"], None),
    (Category.RESERVOIR, Severity.IV, 1, "红星水库", "库水位 34.2 m,距汛限 0.8 m。", [], None),
    (Category.EVACUATION, Severity.III, 7, "后山村安置点", "安置点需要增加饮用水和棉被。",
     ["民政送达饮用水 200 箱。"], None),
    (Category.WATERLOGGING, Severity.IV, 6, "解放大道与建设路口", "路口积水 25 cm。", [],
     "积水已排除。"),
    (Category.TELECOM, Severity.IV, None, "青山区石门镇", "通信基站停电,信号中断。",
     ["应急通信车出发。"], None),
    (Category.EMBANKMENT, Severity.IV, 3, "清水河左岸 K1+050", "堤顶出现纵向裂缝约 8 m。",
     ["已铺设彩条布防雨。"], None),
    (Category.WATERLOGGING, Severity.UNKNOWN, None, "江南区黄家湖小区", "群众来电:小区地下车库进水。", [],
     None),
    (Category.GEOLOGICAL, Severity.IV, 8, "石门坎", "落石阻断村道。", ["挖机清理中。"],
     "村道已抢通。"),
    (Category.OTHER, Severity.UNKNOWN, None, "高新区光谷大道", "群众来电询问积水路段出行。", [],
     "已告知绕行路线。"),
    (Category.WATERLOGGING, Severity.IV, 4, "人民路下穿隧道", "隧道再次积水约 30 cm。",
     ["再次封闭,泵车抽排。"], None),
    (Category.DILAPIDATED_HOUSE, Severity.III, 10, "柳湾村 D 级危房", "相邻危房出现倾斜。",
     ["已转移 3 户 9 人。"], None),
    (Category.RESERVOIR, Severity.III, 0, "沙河水库", "下游河道水位上涨,接近警戒。",
     ["加密巡查,每 30 分钟报一次。"], None),
    (Category.WATERLOGGING, Severity.IV, 5, "火车站北广场", "出站口再次积水,约 15 cm。",
     ["排水所增派人员疏导。"], "积水已排除。"),
    (Category.EMBANKMENT, Severity.IV, 2, "江北大堤 K4+600", "堤脚发现 2 处散浸。",
     ["已开导渗沟。"], None),
    (Category.GEOLOGICAL, Severity.IV, 7, "后山村 3 组", "屋后边坡少量溜塌。", [],
     "经排查无进一步变形,继续监测。"),
    (Category.CASUALTY, Severity.III, None, "江南区黄家湖路", "1 人涉水被冲倒,下落不明。",
     ["消防、公安沿河搜寻。", "已找到,送医抢救,生命体征平稳。"], None),
    (Category.OTHER, Severity.UNKNOWN, None, "江北区后湖街道", "社区反映安置点人员增多,请求调配物资。",
     ["区民政局已调拨折叠床 80 张。"], None),
]

TICKET_PLAN: list[tuple[int, TicketStatus, int]] = [
    # (chain index, final status, unit index)
    (0, TicketStatus.CLOSED, 5), (2, TicketStatus.ON_SITE, 8), (3, TicketStatus.UNDER_CONTROL, 1),
    (4, TicketStatus.ACKNOWLEDGED, 9), (6, TicketStatus.DISPATCHED, 3), (7, TicketStatus.RESOLVED, 4),
    (8, TicketStatus.CLOSED, 6), (9, TicketStatus.ON_SITE, 4), (10, TicketStatus.OPEN, 5),
    (13, TicketStatus.CANCELLED, 5), (14, TicketStatus.DISPATCHED, 6), (15, TicketStatus.OPEN, 8),
    (17, TicketStatus.RESOLVED, 8), (19, TicketStatus.ACKNOWLEDGED, 5), (20, TicketStatus.DISPATCHED, 9),
]

PATH: dict[TicketStatus, list[TicketStatus]] = {
    TicketStatus.OPEN: [],
    TicketStatus.DISPATCHED: [TicketStatus.DISPATCHED],
    TicketStatus.ACKNOWLEDGED: [TicketStatus.DISPATCHED, TicketStatus.ACKNOWLEDGED],
    TicketStatus.ON_SITE: [TicketStatus.DISPATCHED, TicketStatus.ACKNOWLEDGED, TicketStatus.ON_SITE],
    TicketStatus.UNDER_CONTROL: [TicketStatus.DISPATCHED, TicketStatus.ACKNOWLEDGED,
                                 TicketStatus.ON_SITE, TicketStatus.UNDER_CONTROL],
    TicketStatus.RESOLVED: [TicketStatus.DISPATCHED, TicketStatus.ACKNOWLEDGED, TicketStatus.ON_SITE,
                            TicketStatus.RESOLVED],
    TicketStatus.CLOSED: [TicketStatus.DISPATCHED, TicketStatus.ACKNOWLEDGED, TicketStatus.ON_SITE,
                          TicketStatus.RESOLVED, TicketStatus.CLOSED],
    TicketStatus.CANCELLED: [TicketStatus.DISPATCHED, TicketStatus.CANCELLED],
}

NOTES = {
    TicketStatus.DISPATCHED: "已电话通知处置单位,要求 30 分钟内回复。",
    TicketStatus.ACKNOWLEDGED: "处置单位回复已接收,正在出发。",
    TicketStatus.ON_SITE: "处置力量到达现场。",
    TicketStatus.UNDER_CONTROL: "险情得到控制,继续值守。",
    TicketStatus.RESOLVED: "险情排除。",
    TicketStatus.CLOSED: "核实无误,销号。",
    TicketStatus.CANCELLED: "经核实为重复报告,取消。",
}

READINGS = [(0, "沙河水库 库水位 {v:.2f} m", 20.9, 0.03), (1, "红星水库 库水位 {v:.2f} m", 33.6, 0.03),
            (12, "清水河 水文站 水位 {v:.2f} m", 26.4, 0.07)]


@dataclass
class _Event:
    at: arrow.Arrow
    operator: str
    build: Callable[[], list[Any]]
    after: Callable[[list[dict[str, Any]]], None] = field(default=lambda stored: None)


class _Day:
    """Builds the day's events, then replays them in time order."""

    def __init__(self, ctx: Context, seed: int) -> None:
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.now = ctx.now().to("UTC").replace(microsecond=0)
        local = ctx.local(self.now)
        # 12-hour shifts, the current one six hours in, so the demo always opens on a shift
        # with work to show (a real roster would start at 08:00 / 20:00)
        anchor = local.shift(hours=-6).replace(minute=0, second=0, microsecond=0)
        self.shift_start = anchor.to("UTC")  # the current shift began here
        self.start = self.now.shift(hours=-24)
        self.forwards: dict[int, list[Any]] = {}
        """Reports upward made so far, by chain (the demo's duty room keeps up with them)."""
        self.events: list[_Event] = []
        self.ids: dict[str, dict[Any, int]] = {"keypoint": {}, "unit": {}, "report": {}, "ticket": {},
                                              "shift": {}}
        self.log_count = 0

    def at(self, hours_ago: float) -> arrow.Arrow:
        return self.now.shift(seconds=-int(hours_ago * 3600)).replace(microsecond=0)

    def officer(self, moment: arrow.Arrow) -> str:
        index = 0 if moment >= self.shift_start else (1 if moment >= self.shift_start.shift(hours=-12) else 2)
        return ["张伟", "李娜", "陈静"][index]

    def leader(self, moment: arrow.Arrow) -> str:
        return "王建国" if moment >= self.shift_start.shift(hours=-12) else "刘敏"

    def add(self, moment: arrow.Arrow, build: Callable[[], list[Any]],
            after: Callable[[list[dict[str, Any]]], None] | None = None, operator: str | None = None) -> None:
        self.events.append(_Event(moment, operator or self.officer(moment), build,
                                  after or (lambda stored: None)))

    def log(self, moment: arrow.Arrow, kind: LogKind, text: str, *, system: bool = False,
            report: Any = None, ticket: Any = None, keypoint: int | None = None,
            author: str | None = None) -> None:
        self.log_count += 1

        def build() -> list[Any]:
            entry = new_log_entry(text=text, kind=kind, at=moment, author=author or self.officer(moment),
                                  system=system,
                                  report_id=self.ids["report"].get(report) if report is not None else None,
                                  ticket_id=self.ids["ticket"].get(ticket) if ticket is not None else None,
                                  keypoint_id=self.ids["keypoint"].get(keypoint) if keypoint is not None else None)
            return [Create("log", entry.payload())]

        self.add(moment, build)


def fill_demo(ctx: Context, seed: int = 7) -> dict[str, int]:
    """Write the demo day into ``ctx.store``; returns how many of each were written."""
    day = _Day(ctx, seed)
    _registry(day)
    _status(day)
    _readings_and_patrols(day)
    _patrol_round(day)
    reports = _reports(day)
    tickets = _tickets(day)
    _handovers(day)
    _chatter(day)
    _replay(ctx, day)
    # The pending escalations are what the engine makes of that day (hand-made ones would be
    # cleared at its first tick, their conditions not being real).
    from dutyroom.services.escalation import EscalationService, rules_for

    raised = EscalationService(ctx, rules=rules_for(ctx, strict=False)).evaluate_now()
    day.log_count += len(raised)  # one duty-log line each
    return {"log": day.log_count, "reports": reports, "tickets": tickets}


def _registry(day: _Day) -> None:
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
        for index in range(3):
            start = day.shift_start.shift(hours=-12 * (2 - index))
            ops.append(Create("shift", Shift(start=start, end=start.shift(hours=12),
                                             leader=day.leader(start),
                                             officers=[day.officer(start), "赵磊"]).payload()))
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


def _status(day: _Day) -> None:
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
    state = {"id": None}
    for hours, level, warnings, text in steps:
        moment = day.at(hours)

        def build(level=level, warnings=warnings, text=text, moment=moment) -> list[Any]:
            status = DutyStatus(response=level, warnings=warnings)
            op = (Update("status", state["id"], status.payload()) if state["id"]
                  else Create("status", status.payload()))
            entry = new_log_entry(text=text, kind=LogKind.NOTICE, at=moment, author=day.officer(moment),
                                  system=True)
            return [op, Create("log", entry.payload())]

        def after(stored: list[dict[str, Any]]) -> None:
            state["id"] = int(stored[0]["id"])

        day.log_count += 1
        day.add(moment, build, after)
        day.log(moment.shift(minutes=3), LogKind.CALL_OUT,
                f"已将“{text}”通知各区防指、成员单位,电话逐一确认收到。")


def _readings_and_patrols(day: _Day) -> None:
    rng = day.rng
    for index, template, base, rise in READINGS:
        value = base
        for hour in range(24, 0, -2):
            value += rise * (2 if hour < 10 else 1) + rng.uniform(-0.01, 0.02)
            day.log(day.at(hour - 0.1 * index), LogKind.READING, template.format(v=value), keypoint=index)
    patrol_points = [2, 3, 4, 7, 9, 11]
    for hour in range(23, 0, -2):
        point = patrol_points[hour % len(patrol_points)]
        name = KEYPOINTS[point][1]
        note = rng.choice(["未见异常", "情况正常,已加密巡查", "发现少量积水,已告知属地",
                           "值守人员在岗,物资到位"])
        day.log(day.at(hour + 0.3), LogKind.PATROL, f"{name} 巡查:{note}。", keypoint=point)


LATE_CHAIN = 3
"""The one chain whose report upward the demo leaves undone: its deadline shows as missed."""
UNPATROLLED = 8
"""The one key point the last patrol round has not reached: its patrol shows as overdue."""


def _forwards(day: _Day, received: arrow.Arrow, severity: Severity) -> list[Forward]:
    """The duty room reporting a chain upward in time: by phone at once, in writing soon after
    (only what has happened by the demo's "now")."""
    to = "市应急管理局总值班室"
    steps = [(ForwardVia.PHONE, 9), (ForwardVia.WRITTEN, 25)] if severity.rank >= 2 else [
        (ForwardVia.WRITTEN, 50)]
    done = [Forward(to=to, via=via, at=received.shift(minutes=minutes), by=day.officer(received))
            for via, minutes in steps if received.shift(minutes=minutes) < day.now]
    # and the follow-up reports upward at the set times (the deadline rules say when)
    rules = table(day.ctx.settings)
    for _ in range(12):
        probe = IncomingReport(received_at=received, channel=Channel.PHONE, category=Category.OTHER,
                               severity=severity, location="-", text="-", forwards=done)
        due = [d for d in pending(probe, rules) if d.kind == DeadlineKind.FOLLOW_UP
               and d.due_at.shift(minutes=-5) < day.now]
        if not due:
            break
        moment = due[0].due_at.shift(minutes=-5)
        done.append(Forward(to=to, via=ForwardVia.PHONE, at=moment, by=day.officer(moment)))
    return done


def _patrol_round(day: _Day) -> None:
    """The latest round of the patrols: every key point but one seen within the last half hour."""
    rng = day.rng
    for index, (_kind, name, _district, _notes, _interval) in enumerate(KEYPOINTS):
        if index == UNPATROLLED:
            continue
        moment = day.now.shift(minutes=-rng.randint(4, 24))
        note = rng.choice(["未见异常", "情况正常,值守人员在岗", "水位平稳,已加密巡查"])
        day.log(moment, LogKind.PATROL, f"{name} 巡查:{note}。", keypoint=index)


def _reports(day: _Day) -> int:
    rng = day.rng
    count = 0
    for chain_index, (category, severity, kp, location, first, follow, final) in enumerate(CHAINS):
        start_hours = 22.5 - chain_index * (21.0 / len(CHAINS)) - rng.uniform(0, 0.4)
        texts = [(Stage.FIRST, first)] + [(Stage.FOLLOW_UP, f) for f in follow] + (
            [(Stage.FINAL, final)] if final else [])
        closed = final is not None
        for sequence, (stage, text) in enumerate(texts):
            hours = max(0.05, start_hours - sequence * rng.uniform(0.4, 1.2))
            moment = day.at(hours)
            key = (chain_index, sequence)
            count += 1

            def build(stage=stage, text=text, sequence=sequence, moment=moment, chain_index=chain_index,
                      category=category, severity=severity, kp=kp, location=location,
                      closed=closed) -> list[Any]:
                report = IncomingReport(
                    received_at=moment, channel=rng.choice([Channel.PHONE, Channel.PHONE, Channel.RADIO,
                                                            Channel.WECHAT]),
                    category=category, severity=severity, location=location, text=text, stage=stage,
                    status=ReportStatus.CLOSED if closed else ReportStatus.OPEN,
                    chain_id=day.ids["report"].get((chain_index, 0)), sequence=sequence,
                    event_at=moment.shift(minutes=-rng.randint(5, 30)),
                    reporter=rng.choice(["街道值班员", "村支书", "巡查员", "群众", "区防办"]),
                    phone=f"13{rng.randint(100000000, 999999999)}",
                    keypoint_id=day.ids["keypoint"].get(kp) if kp is not None else None,
                    affected=37 if "37" in text else 0, read_back=True)
                if sequence == 0 and chain_index != LATE_CHAIN:
                    report.forwards = _forwards(day, moment, severity)
                    day.forwards[chain_index] = list(report.forwards)
                data = report.payload()
                data["open"] = not closed
                ops: list[Any] = [Create("report", data)]
                head = day.ids["report"].get((chain_index, 0))
                if sequence > 0 and chain_index != LATE_CHAIN and head is not None:
                    # each follow-up is reported upward by phone too (on the chain's first report)
                    told = moment.shift(minutes=8)
                    if told < day.now:
                        day.forwards.setdefault(chain_index, []).append(
                            Forward(to="市应急管理局总值班室", via=ForwardVia.PHONE, at=told,
                                    by=day.officer(told)))
                        ops.append(Update("report", head, {"forwards": [
                            {"to": f.to, "via": f.via.value, "at": iso(f.at), "by": f.by}
                            for f in day.forwards[chain_index]]}))
                if closed and stage == Stage.FINAL:
                    for earlier in range(sequence):
                        rid = day.ids["report"].get((chain_index, earlier))
                        if rid:
                            ops.append(Update("report", rid, {"status": ReportStatus.CLOSED.value,
                                                               "open": False}))
                return ops

            def after(stored: list[dict[str, Any]], key=key, chain_index=chain_index) -> None:
                rid = int(stored[0]["id"])
                day.ids["report"][key] = rid
                if key[1] == 0:
                    day.ids["report"][chain_index] = rid

            day.add(moment, build, after)
            verb = {Stage.FIRST: "接报", Stage.FOLLOW_UP: "续报", Stage.FINAL: "终报"}[stage]
            day.log(moment.shift(minutes=2), LogKind.CALL_IN, f"{verb}:{location} {text}",
                    report=key)
            if stage == Stage.FIRST and severity.rank >= 2:
                day.log(moment.shift(minutes=6), LogKind.INSTRUCTION,
                        f"{day.leader(moment)} 批示:{location} 立即组织力量处置,30 分钟内反馈。",
                        report=key, author=day.officer(moment))
                day.log(moment.shift(minutes=9), LogKind.CALL_OUT,
                        f"已向市应急管理局、所在区防指报告 {location} 情况。", report=key)
    return count


def _tickets(day: _Day) -> int:
    rng = day.rng
    for number, (chain_index, final_status, unit_index) in enumerate(TICKET_PLAN):
        category, severity, kp, location, first, _follow, _final = CHAINS[chain_index]
        opened = day.at(22.0 - chain_index * (21.0 / len(CHAINS))).shift(minutes=15)
        opened = min(opened, day.now.shift(minutes=-40))
        path = PATH[final_status]
        steps = len(path)
        span = max(10.0, (day.now - opened).total_seconds() / 60 - 5)
        state: dict[str, Any] = {"timeline": [], "version": 0}

        def create(category=category, severity=severity, kp=kp, location=location, first=first,
                   opened=opened, chain_index=chain_index, unit_index=unit_index) -> list[Any]:
            ticket = HazardTicket(hazard=category, text=first, severity=severity,
                                  keypoint_id=day.ids["keypoint"].get(kp) if kp is not None else None,
                                  location=location, report_ids=[day.ids["report"][chain_index]],
                                  timeline=[TimelineEvent(opened, day.officer(opened), TicketStatus.OPEN,
                                                          "据接报立单。")])
            state["timeline"] = list(ticket.timeline)
            data = ticket.payload()
            data["open"] = True
            return [Create("ticket", data)]

        def created(stored: list[dict[str, Any]], number=number) -> None:
            day.ids["ticket"][number] = int(stored[0]["id"])

        day.add(opened, create, created)
        day.log(opened.shift(minutes=1), LogKind.ACTION, f"就 {location} 险情立工单。", ticket=number)
        moment = opened
        for step, status in enumerate(path):
            moment = moment.shift(minutes=max(3, int(span / (steps + 1) * rng.uniform(0.6, 1.0))))
            if path == [TicketStatus.DISPATCHED] and number != SLOW_ACK_TICKET:
                # dispatched within the last half hour: the unit's reply is not due yet
                moment = max(moment, day.now.shift(minutes=-rng.randint(8, 20)))
            if moment >= day.now:
                break

            def update(status=status, moment=moment, number=number, unit_index=unit_index) -> list[Any]:
                event = TimelineEvent(moment, day.officer(moment), status, NOTES[status])
                state["timeline"].append(event)
                probe = HazardTicket(hazard=Category.OTHER, text="x", timeline=state["timeline"])
                changes: dict[str, Any] = {"status": status.value,
                                           "timeline": probe.to_dict()["timeline"],
                                           "open": status not in (TicketStatus.CLOSED, TicketStatus.CANCELLED)}
                if status == TicketStatus.DISPATCHED:
                    changes["assigned_to"] = day.ids["unit"][unit_index]
                    changes["ack_due_at"] = iso(moment.shift(minutes=30))
                if status == TicketStatus.CANCELLED:
                    changes["cancel_reason"] = NOTES[status]
                changes["last_update_at"] = iso(moment)
                return [Update("ticket", day.ids["ticket"][number], changes)]

            day.add(moment, update)
            day.log(moment.shift(minutes=1), LogKind.ACTION,
                    f"工单:{location} {NOTES[status]}", ticket=number)
        _progress(day, number, path[-1] if path else TicketStatus.OPEN, moment, location, state)
    return len(TICKET_PLAN)


SLOW_ACK_TICKET = 4
"""The one dispatched ticket whose unit has not replied in time (it escalates)."""
SILENT_TICKET = 7
"""The one active ticket the demo leaves without news for too long (it escalates)."""
PROGRESS = {
    TicketStatus.ACKNOWLEDGED: "处置单位回复:人员在途,预计 20 分钟到场。",
    TicketStatus.ON_SITE: "现场回报:处置进行中,暂无人员伤亡。",
    TicketStatus.UNDER_CONTROL: "现场回报:险情稳定,值守力量在位。",
}


def _progress(day: _Day, number: int, status: TicketStatus, last: arrow.Arrow, location: str,
              state: dict[str, Any]) -> None:
    """News from the scene within the hour for the tickets still being worked (but one)."""
    if status not in PROGRESS or number == SILENT_TICKET:
        return
    moment = day.now.shift(minutes=-day.rng.randint(10, 40))
    if moment <= last:
        return

    def update() -> list[Any]:
        state["timeline"].append(TimelineEvent(moment, day.officer(moment), status, PROGRESS[status]))
        probe = HazardTicket(hazard=Category.OTHER, text="x", timeline=state["timeline"])
        return [Update("ticket", day.ids["ticket"][number], {"timeline": probe.to_dict()["timeline"],
                                                             "last_update_at": iso(moment)})]

    day.add(moment, update)
    day.log(moment.shift(minutes=1), LogKind.ACTION, f"工单:{location} {PROGRESS[status]}", ticket=number)


def _handovers(day: _Day) -> None:
    for index in (0, 1):
        moment = day.shift_start.shift(hours=-12 * (1 - index))
        outgoing = day.officer(moment.shift(minutes=-5))
        incoming = day.officer(moment.shift(minutes=5))

        def build(index=index, moment=moment, outgoing=outgoing, incoming=incoming) -> list[Any]:
            items = [CarriedItem(kind="ticket", id=day.ids["ticket"][n],
                                 summary=f"{CHAINS[TICKET_PLAN[n][0]][3]} 工单跟进", acknowledged=True)
                     for n in (1, 2, 4) if n in day.ids["ticket"]]
            if 3 in day.ids["report"]:  # the reservoir chain, if it had begun by then
                items.append(CarriedItem(kind="report", id=day.ids["report"][3],
                                         summary="沙河水库 泄洪及下游转移情况续报", acknowledged=True))
            handover = Handover(shift_id=day.ids["shift"].get(index), outgoing=outgoing, incoming=incoming,
                                items=items, notes="雨势仍强,重点关注沙河水库、江北大堤和后山村。",
                                state=HandoverState.SEALED, incoming_signed_at=moment,
                                outgoing_signed_at=moment.shift(minutes=-2))
            data = handover.payload()
            data["seal"] = hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()
            data["open"] = False
            entry = new_log_entry(text=f"交接班:{outgoing} 交 {incoming},移交事项 {len(items)} 项,双方签字。",
                                  kind=LogKind.NOTICE, at=moment, author=incoming, system=True)
            return [Create("handover", data), Create("log", entry.payload())]

        day.log_count += 1
        day.add(moment, build, operator=incoming)


def _chatter(day: _Day) -> None:
    """Calls, notices and instructions that fill a real log, up to ~300 entries."""
    rng = day.rng
    lines = [
        (LogKind.CALL_IN, "{d}防办来电:辖区雨量 {n} mm,暂无险情。"),
        (LogKind.CALL_IN, "市气象台来电:未来 3 小时{d}仍有强降雨。"),
        (LogKind.CALL_OUT, "电话抽查{d}防办值班,值班人员在岗。"),
        (LogKind.NOTICE, "收到省防指传真:做好强降雨防范工作(明传电报)。"),
        (LogKind.INSTRUCTION, "带班领导要求:各重点部位加密巡查,每小时报告一次。"),
        (LogKind.ACTION, "向{d}调拨编织袋 {n}00 条、救生衣 50 件。"),
        (LogKind.OTHER, "值班电话线路测试正常。"),
        (LogKind.CALL_IN, "群众来电反映{d}某路段积水,已转属地核实。"),
    ]
    districts = ["江北区", "江南区", "青山区", "高新区"]
    target = 300
    while day.log_count < target - 2:
        kind, template = rng.choice(lines)
        moment = day.at(rng.uniform(0.05, 23.8))
        day.log(moment, kind, template.format(d=rng.choice(districts), n=rng.randint(20, 160)))
    # a correction, as officers make them
    wrong = day.at(3.2)
    day.log(wrong, LogKind.READING, "沙河水库 库水位 12.65 m")
    day.events.append(_Event(wrong.shift(minutes=4), day.officer(wrong), lambda: [], lambda s: None))

    def amend() -> list[Any]:
        target_id = day.ids.get("wrong_reading", {}).get(0)
        entry = new_log_entry(text="更正:沙河水库 库水位 21.65 m(误记为 12.65 m)", kind=LogKind.READING,
                              at=wrong, author=day.officer(wrong), amends=target_id)
        return [Create("log", entry.payload())]

    day.ids["wrong_reading"] = {}
    day.log_count += 1
    # mark the wrong entry so the amendment can find its id
    last = day.events[-2]
    original_after = last.after

    def remember(stored: list[dict[str, Any]]) -> None:
        original_after(stored)
        day.ids["wrong_reading"][0] = int(stored[0]["id"])

    last.after = remember
    day.events.append(_Event(wrong.shift(minutes=5), day.officer(wrong), amend))


BATCH_MINUTES = 20
"""Events within this span share one commit: ~70 fsynced commits for the day, not ~430."""


def _replay(ctx: Context, day: _Day) -> None:
    """Commit the events in time order, stamped with their time (to the batch) and officer.

    Ids are assigned the way the store assigns them (the next id of each kind,
    in order), so events can refer to records created earlier in the same batch;
    the store's answer is checked against that, and a concurrent writer that
    broke it stops the demo with a clear error rather than wrong links.
    """
    next_id: dict[str, int] = {}
    clock = {"now": day.now}
    store = Store(ctx.store.root, now=lambda: clock["now"], operator=ctx.operator, station=ctx.station,
                  lock_timeout=ctx.store.lock_timeout)
    ordered = [event for _, event in sorted(enumerate(day.events), key=lambda p: (p[1].at, p[0]))]
    batch: list[Any] = []
    predicted: list[int | None] = []
    batch_start: arrow.Arrow | None = None
    batch_end = day.now
    operator = ctx.operator
    created: set[tuple[str, int]] = set()

    def flush() -> None:
        if not batch:
            return
        clock["now"] = min(batch_end, day.now)
        store.operator = operator
        stored = store.commit(batch)
        for want, got in zip(predicted, stored):
            if want is not None and int(got["id"]) != want:
                raise RuntimeError("demo: another process wrote while the demo was loading")
        batch.clear()
        predicted.clear()
        created.clear()

    for event in ordered:
        if batch_start is None or (event.at - batch_start).total_seconds() > BATCH_MINUTES * 60 \
                or event.operator != operator:
            flush()
            batch_start = event.at
            operator = event.operator
        ops = event.build()
        if any(isinstance(op, Update) and (op.kind, op.id) in created for op in ops):
            flush()  # the store applies an update to what is stored, not to this batch
            batch_start = event.at
        fake = []
        for op in ops:
            if isinstance(op, Create):
                new_id = next_id.get(op.kind) or ctx.store.next_id(op.kind)
                next_id[op.kind] = new_id + 1
                predicted.append(new_id)
                created.add((op.kind, new_id))
                fake.append({**op.data, "id": new_id})
            else:
                predicted.append(None)
                fake.append({**op.data, "id": op.id})
        batch.extend(ops)
        batch_end = event.at
        event.after(fake)
    flush()
