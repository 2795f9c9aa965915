"""The demo day's warning call-out (预警叫应): the responsible persons of 青山区, the rainstorm
warning raised to red 25 minutes before "now", and its call-out under way: about half the
calls answered (one by a relative, one already confirmed at post), one not reached with its
retry due, the rest still to make, none yet past its 30-minute answer window (the demo's
pending escalations stay the three it describes)."""

from __future__ import annotations

from dutyroom.model.contact import new_contact
from dutyroom.model.log_entry import LogKind
from dutyroom.model.status import WarningColour, WarningType, WeatherWarning
from dutyroom.services.callouts import Callouts
from dutyroom.services.contacts import Contacts
from dutyroom.services.context import Context
from dutyroom.services.demo.day import Day
from dutyroom.services.status import StatusService

CONTACTS = [
    # level, area, parent, name, role
    ("county", "青山区", "", "周海涛", "区防指常务副指挥长"),
    ("unit", "青山区水务局", "青山区", "冯涛", "局长"),
    ("town", "河口镇", "青山区", "王立新", "镇长"),
    ("town", "石门街道", "青山区", "李秀英", "街道办主任"),
    ("village", "柳湾村", "河口镇", "赵德明", "村支书"),
    ("village", "沙洲村", "河口镇", "孙建华", "村委会主任"),
    ("village", "河口村", "河口镇", "钱国庆", "村支书"),
    ("village", "石门坎社区", "石门街道", "吴丽", "社区书记"),
    ("village", "桃源村", "石门街道", "郑大勇", "村支书"),
]
AREAS = ["河口镇", "石门街道"]
RED_HOURS_AGO = 25 / 60
START_HOURS_AGO = 21 / 60


def callouts(day: Day) -> None:
    """The contacts before the day, the red warning and the call-out near its end."""
    def contacts(ctx: Context) -> None:
        rows = [new_contact(level=level, area=area, parent=parent, name=name, role=role,
                            phone=f"1390001{index:04d}")
                for index, (level, area, parent, name, role) in enumerate(CONTACTS, start=1)]
        Contacts(ctx).save(rows, "青山区防汛责任人.csv")

    day.call(day.start.shift(hours=-1), contacts, operator="王建国")

    def red(ctx: Context) -> None:
        StatusService(ctx).set(warnings=[WeatherWarning(WarningType.RAINSTORM, WarningColour.RED)])

    moment = day.at(RED_HOURS_AGO)
    day.call(moment, red)
    day.log_count += 2
    day.log(moment, LogKind.NOTICE, "市气象台 暴雨橙色预警升级为红色:未来 3 小时青山区降雨量将达 100 毫米以上。")
    started = day.at(START_HOURS_AGO)
    ids: dict[str, int] = {}

    def start(ctx: Context) -> None:
        ids["callout"] = Callouts(ctx).start("rainstorm:red", AREAS, levels=["town", "village"], within=30,
                                             text="暴雨红色预警:立即组织危险区域人员转移,责任人在岗到位。").id or 0

    day.call(started, start)
    # calls: 1 王立新 河口镇, 2 赵德明 柳湾村, 3 孙建华 沙洲村, 4 钱国庆 河口村, 5 李秀英 石门街道,
    # 6 吴丽 石门坎社区, 7 郑大勇 桃源村
    steps = [(2, lambda s, i: s.answer(i, 1)),
             (4, lambda s, i: s.answer(i, 5)),
             (6, lambda s, i: s.answer(i, 2, by="赵德明爱人", note="本人在巡堤,已转告")),
             (9, lambda s, i: s.fail(i, 3, "no_answer")),  # retry due 2 minutes before "now"
             (12, lambda s, i: s.arrived(i, 5)),
             (15, lambda s, i: s.answer(i, 6))]
    for minutes, step in steps:
        def act(ctx: Context, step=step) -> None:
            step(Callouts(ctx), ids["callout"])

        day.call(started.shift(minutes=minutes), act)
