"""Pioneer posts and people moved in the party report, the daily bulletin, the handover and the
header, checked against totals computed by hand from a small, known day."""

from __future__ import annotations

import arrow
import pytest

from dutyroom.services import party_report
from dutyroom.services.bulletin import compute as bulletin_compute
from dutyroom.services.deeds import Deeds
from dutyroom.services.deployments import Deployments
from dutyroom.services.evacuations import Evacuations
from dutyroom.services.handover import HandoverService
from dutyroom.services.handover_print import handover_document
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.pioneer_posts import PioneerPosts
from dutyroom.services.printout import render
from dutyroom.services.units import Units
from dutyroom.services.upward_print import bulletin_document, party_document
from dutyroom.model.bulletin import Bulletin

T0 = arrow.get("2026-07-29T01:00:00+00:00")
START, END = T0.shift(hours=-12), T0


@pytest.fixture
def day(ctx, clock):
    """Posts A (key point, 8 party members) and B (area, 5) stand through the period; post C
    stood down before it. Teams: 20/12 under A, 15/6 under B, 5/2 under no post. A deed on A's
    deployment, another on the post-less one. 后山村 21/37 then 37/37; 柳湾村 10/40."""
    point = KeyPoints(ctx).add(type="embankment", name="江北大堤 K3+200 段", district="江北区")
    Units(ctx).add(kind="commando", name="江北区党员突击队")
    Units(ctx).add(kind="volunteer", name="青山区志愿服务队")
    clock.set(T0.shift(hours=-20))
    old = PioneerPosts(ctx).add("旧岗", leader="甲", area="旧区", party_members=3)
    clock.set(T0.shift(hours=-14))
    PioneerPosts(ctx).end(old.id or 0)
    clock.set(T0.shift(hours=-13))
    a = PioneerPosts(ctx).add("大堤先锋岗", leader="周建华", keypoint=point.id, party_members=8)
    b = PioneerPosts(ctx).add("后山村先锋岗", leader="吴秀英", area="后山村 1—3 组", party_members=5)
    clock.set(T0.shift(hours=-10))
    teams = Deployments(ctx)
    on_a = teams.deploy("江北区党员突击队", people=20, party_members=12, task="patrol", post_id=a.id)
    teams.deploy("青山区志愿服务队", people=15, party_members=6, task="evacuation", post_id=b.id)
    loose = teams.deploy("江北区党员突击队", people=5, party_members=2, area="别处")
    Deeds(ctx).add(link_kind="deployment", link_id=on_a.id or 0, subject="team", name="江北区党员突击队",
                   text="连夜封堵管涌", at=T0.shift(hours=-6))
    Deeds(ctx).add(link_kind="deployment", link_id=loose.id or 0, subject="team", name="江北区党员突击队",
                   text="别处的事", at=T0.shift(hours=-6))
    clock.set(T0)
    moved = Evacuations(ctx)
    moved.add("后山村", planned=37, moved=21, shelter="村小学", at=T0.shift(hours=-8))
    moved.add("后山村", planned=37, moved=37, at=T0.shift(hours=-3))
    moved.add("柳湾村", planned=40, moved=10, at=T0.shift(hours=-2))
    return ctx


def test_party_report_counts_posts_their_members_and_what_they_did(day):
    figures = party_report.compute(day, START, END)["posts"]
    assert (figures["posts"], figures["party_members"], figures["deployments"], figures["people"],
            figures["deeds"]) == (2, 8 + 5, 2, 20 + 15, 1)
    assert [(p["name"], p["deployments"], p["deeds"]) for p in figures["items"]] == [
        ("大堤先锋岗", 1, 1), ("后山村先锋岗", 1, 0)]
    assert party_report.compute(day, START, END, "江北区")["posts"]["posts"] == 1  # A's key point
    earlier = party_report.compute(day, T0.shift(hours=-20), T0.shift(hours=-14))["posts"]
    assert (earlier["posts"], earlier["party_members"]) == (1, 3)  # only the old post then
    text = render(party_document(day, party_report.compute(day, START, END)), "txt").decode("utf-8")
    assert "党员先锋岗 2 个,在岗党员 13 名;派往先锋岗的队伍 2 次,先进事迹 1 件。" in text


def test_bulletin_counts_posts_and_people_moved_at_the_days_end(day):
    content = bulletin_compute(day, "2026-07-28", START, END)
    assert (content["posts"]["posts"], content["posts"]["party_members"], content["posts"]["deeds"]) == (2, 13, 1)
    assert {k: content["evacuations"][k] for k in ("areas", "planned", "moved")} == {
        "areas": 2, "planned": 37 + 40, "moved": 37 + 10}
    earlier = bulletin_compute(day, "2026-07-28", START, T0.shift(hours=-4))["evacuations"]
    assert (earlier["areas"], earlier["planned"], earlier["moved"]) == (1, 37, 21)  # as it stood then
    bulletin = Bulletin(duty_date="2026-07-28", period_start=START, period_end=END, content=content)
    text = render(bulletin_document(day, bulletin), "txt").decode("utf-8")
    assert "2 个村/区域,计划转移 77 人,已转移 47 人(61%)。" in text
    assert "党员先锋岗 2 个,在岗党员 13 名" in text
    old = {k: v for k, v in content.items() if k not in ("posts", "evacuations")}  # issued before #15
    render(bulletin_document(day, Bulletin(duty_date="2026-07-28", period_start=START, period_end=END,
                                           content=old)), "txt")


def test_handover_and_header_carry_people_moved(day):
    handover = HandoverService(day).start()
    assert {k: handover.evacuations[k] for k in ("areas", "planned", "moved")} == {
        "areas": 2, "planned": 77, "moved": 47}
    for lang, line in (("zh", "2 个村/区域,计划转移 77 人,已转移 47 人(61%)。"),
                       ("en", "2 villages or areas: 77 to be moved, 47 moved (61%).")):
        text = render(handover_document(handover, day.tz, lang), "txt").decode("utf-8")
        assert line in text and "后山村" in text
    assert Evacuations(day).totals() == {"areas": 2, "planned": 77, "moved": 47}
