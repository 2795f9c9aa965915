"""The demo day's cast and script: key points, units, officers, report chains, ticket plan.

Data only; :mod:`dutyroom.services.demo` turns it into a day of records.
"""

from __future__ import annotations

from dutyroom.model.keypoint import KeyPointType
from dutyroom.model.report import Category, Severity
from dutyroom.model.shift import RosterRole
from dutyroom.model.ticket import TicketStatus
from dutyroom.model.unit import UnitKind

from dutyroom.store.store import Create, Update

# (type, name, district, notes, patrol interval with no response in force, minutes): a response
# shortens it (IV halves it, III a third): at "now" (III) the piping spot is seen every 80 minutes,
# the reservoirs, the landslide and the river every two hours, the waterlogging points every
# three, the houses, the bridge and the building site every four
KEYPOINTS = [
    (KeyPointType.RESERVOIR, "沙河水库", "江北区", "汛限水位 21.5 m", 360),
    (KeyPointType.RESERVOIR, "红星水库", "青山区", "汛限水位 35.0 m", 360),
    (KeyPointType.EMBANKMENT, "江北大堤 K3+200 段", "江北区", "历史管涌点", 240),
    (KeyPointType.EMBANKMENT, "清水河左岸堤防", "江南区", "", 360),
    (KeyPointType.WATERLOGGING_POINT, "人民路下穿隧道", "江南区", "积水超 30 cm 封闭", 540),
    (KeyPointType.WATERLOGGING_POINT, "火车站北广场", "江北区", "", 540),
    (KeyPointType.WATERLOGGING_POINT, "解放大道与建设路口", "江南区", "", 540),
    (KeyPointType.GEOLOGICAL_POINT, "后山村滑坡隐患点", "青山区", "威胁 12 户 37 人", 360),
    (KeyPointType.GEOLOGICAL_POINT, "石门坎崩塌隐患点", "青山区", "", 540),
    (KeyPointType.DILAPIDATED_HOUSE, "老城区东门街 C 级危房", "江南区", "住户 6 户", 720),
    (KeyPointType.DILAPIDATED_HOUSE, "柳湾村 D 级危房", "青山区", "", 720),
    (KeyPointType.CONSTRUCTION_SITE, "地铁 5 号线 12 标段基坑", "高新区", "", 720),
    (KeyPointType.RIVER, "清水河 水文站断面", "江南区", "警戒水位 28.0 m", 360),
    (KeyPointType.BRIDGE, "清水河大桥", "江南区", "", 720),
    (KeyPointType.UNDERPASS, "光谷三路下穿通道", "高新区", "", 540),
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


PROGRESS: dict[TicketStatus, list[str]] = {
    TicketStatus.OPEN: ["正在联系处置单位,核实现场情况。"],
    TicketStatus.ACKNOWLEDGED: ["处置单位回复:监测人员在岗,暂无新变化。", "处置单位回复:正在组织力量,持续关注。"],
    TicketStatus.ON_SITE: ["现场回报:处置进行中,暂无人员伤亡。", "现场回报:抢险力量在位,正在处置。",
                           "现场回报:处置进展顺利,继续作业。"],
    TicketStatus.UNDER_CONTROL: ["现场回报:险情稳定,值守力量在位。", "现场回报:险情未见发展,继续监测。"],
}
"""News from the scene while a ticket is worked (the no-update rule wants some every hour)."""

CHATTER = [
    ("call_in", "{d}防办来电:辖区雨量 {n} mm,暂无险情。"),
    ("call_in", "市气象台来电:未来 3 小时{d}仍有强降雨。"),
    ("call_out", "电话抽查{d}防办值班,值班人员在岗。"),
    ("notice", "收到省防指传真:做好强降雨防范工作(明传电报)。"),
    ("action", "向{d}调拨编织袋 {n}00 条、救生衣 50 件。"),
    ("other", "值班电话线路测试正常。"),
    ("call_in", "群众来电反映{d}某路段积水,已转属地核实。"),
]
DISTRICTS = ["江北区", "江南区", "青山区", "高新区"]

# The few things the demo's duty room has not kept up with, each a visible reason for one
# pending escalation, all breached within the last half hour (level 1):
LATE_CHAIN = 21
"""The chain whose written report upward is overdue (沙河水库 downstream, grade III, 75 min ago)."""
LATE_CHAIN_MINUTES = 75
UNPATROLLED = 8
"""The key point whose patrol is overdue (石门坎, every 180 min at level III; last seen 192 min ago)."""
SLOW_ACK_TICKET = 4
"""The dispatched ticket whose unit has not replied by its deadline (S203, dispatched 45 min ago)."""
