"""The demo day's pioneer posts and people moved (issue #15): two party-member pioneer posts
(党员先锋岗), one at the Jiangbei embankment's piping spot, one over the Houshan village area
under the landslide, each with a team deployed under it, and the move of Houshan village
(转移人员) counted twice as it went. Written through the real services at their moments."""

from __future__ import annotations

from dutyroom.services.context import Context
from dutyroom.services.demo.day import Day
from dutyroom.services.deployments import Deployments
from dutyroom.services.evacuations import Evacuations
from dutyroom.services.pioneer_posts import PioneerPosts

EMBANKMENT = 2
"""KEYPOINTS index of 江北大堤 K3+200 段."""
COMMANDO, VOLUNTEERS = "江北区党员突击队", "青山区防汛志愿服务队"
VILLAGE = "后山村"


def posts(day: Day) -> None:
    """Posts set up in the night, teams sent under them, the village moved by the morning."""

    def embankment(ctx: Context) -> None:
        post = PioneerPosts(ctx).add("江北大堤党员先锋岗", leader="周建华", party_members=8,
                                     keypoint=day.ids["keypoint"][EMBANKMENT], phone="13800000021")
        Deployments(ctx).deploy(COMMANDO, people=20, party_members=12, task="patrol",
                                text="24 小时巡堤查险,盯守 K3+200 管涌点", area="江北大堤 K3+000—K4+000 段",
                                keypoint_id=day.ids["keypoint"][EMBANKMENT], post_id=post.id)

    def village(ctx: Context) -> None:
        post = PioneerPosts(ctx).add("后山村党员先锋岗", leader="吴秀英", party_members=5,
                                     area="后山村 1—3 组", phone="13800000022")
        Deployments(ctx).deploy(VOLUNTEERS, people=15, party_members=6, task="evacuation",
                                text="逐户动员转移滑坡威胁区群众", post_id=post.id)

    day.call(day.at(14), embankment)
    day.call(day.at(9.5), village)
    day.call(day.at(8), lambda ctx: Evacuations(ctx).add(VILLAGE, planned=37, moved=21,
                                                         shelter="后山村小学安置点"))
    day.call(day.at(6.5), lambda ctx: Evacuations(ctx).add(VILLAGE, planned=37, moved=37))
