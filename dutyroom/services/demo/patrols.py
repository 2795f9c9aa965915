"""The demo day's patrols: every key point seen within its patrol interval all day long, as a
room that keeps up sees them, but one (:data:`~dutyroom.services.demo.data.UNPATROLLED`),
whose patrol fell due 12 minutes before "now".

A point's patrols are planned backwards from its latest one: each earlier patrol comes
70-95 % of an interval before the next, the interval in force at the later patrol's time
(the response only rises through the day, so that is the strictest one in between), until
the point's registration: the engine, looking with the rules in force, finds none overdue
but once in the night (:data:`LATE_PATROL`, cleared by the late patrol). The officer on duty writes them, in the short words of a patrol report.
"""

from __future__ import annotations

import arrow

from dutyroom.model.keypoint import KeyPoint, KeyPointType
from dutyroom.model.log_entry import LogKind
from dutyroom.model.status import ResponseLevel
from dutyroom.services.demo.data import KEYPOINTS, UNPATROLLED
from dutyroom.services.demo.day import Day
from dutyroom.services.keypoints import KeyPoints

RESPONSE_NOW = ResponseLevel.III
"""The response level at the demo's "now" (raised at the last step of ``routine.status``)."""
RESPONSE_STEPS = [(20.0, ResponseLevel.IV), (6.0, RESPONSE_NOW)]
"""(hours before "now", level): when ``routine.status`` raises the response."""

NOTES: dict[str, list[str]] = {
    KeyPointType.RESERVOIR.value: ["坝体、溢洪道未见异常", "库区水位平稳,泄洪设施运行正常",
                                   "大坝背水坡无渗漏,值守人员在岗"],
    KeyPointType.EMBANKMENT.value: ["巡堤查险未见新增渗水", "管涌点反滤围井出水清澈,继续盯守",
                                    "堤身未见裂缝、滑坡,巡堤人员在岗"],
    KeyPointType.GEOLOGICAL_POINT.value: ["坡体未见新增变形,监测员在岗", "裂缝监测无明显变化",
                                          "未见落石,警示标志完好"],
}
LATE_PATROL, LATE_PATROL_HOURS, LATE_MINUTES = 3, 8.0, 15
"""Once in the night (the first patrol at or before 01:00 when "now" is 09:00) the Qingshui
left bank is patrolled 15 minutes after it fell due: the engine raises it, the patrol clears it."""
LATE_NOTE = "夜间道路积水绕行,晚到,堤身未见异常"
GENERAL = ["未见异常", "情况正常,值守人员在岗", "发现少量积水,已告知属地", "值守人员在岗,物资到位"]


def response_at(day: Day, moment: arrow.Arrow) -> ResponseLevel:
    level = ResponseLevel.NONE
    for hours, step in RESPONSE_STEPS:
        if moment >= day.at(hours):
            level = step
    return level


def patrols(day: Day) -> None:
    """Every key point's patrols of the day, the latest round within the last half hour."""
    rng = day.rng
    service = KeyPoints(day.ctx)
    registered = day.start.shift(hours=-1)  # as ``routine.registry``
    for index, (kind, name, district, notes, interval) in enumerate(KEYPOINTS):
        point = KeyPoint(type=kind, name=name, district=district, notes=notes, patrol_interval_min=interval)
        due = service.interval(point, RESPONSE_NOW)
        minutes = due + 12 if index == UNPATROLLED else min(rng.randint(4, 24), due - 5)
        moment = day.now.shift(minutes=-minutes)
        texts = NOTES.get(kind.value, GENERAL)
        late_done = False
        while moment > registered:
            allowed = service.interval(point, response_at(day, moment))
            late = index == LATE_PATROL and not late_done and moment <= day.at(LATE_PATROL_HOURS)
            text = LATE_NOTE if late else rng.choice(texts)
            day.log(moment, LogKind.PATROL, f"{name} 巡查:{text}。", keypoint=index)
            late_done = late_done or late
            gap = allowed + LATE_MINUTES if late else allowed * rng.uniform(0.7, 0.95)
            moment = moment.shift(seconds=-int(gap * 60))
