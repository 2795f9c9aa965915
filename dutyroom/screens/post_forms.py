"""Forms for pioneer posts (``post add``) and people moved (``evacuation add``): the same
services as the command line, so the same checks and the same duty-log entries."""

from __future__ import annotations

from dutyroom.i18n import t
from dutyroom.model.evacuation import Evacuation
from dutyroom.model.pioneer_post import PioneerPost
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import OptionalId, Required, TimeText, id_value, whole_number
from dutyroom.services.evacuations import Evacuations
from dutyroom.services.pioneer_posts import PioneerPosts


class PostForm(FormScreen[PioneerPost]):
    """Set up a pioneer post: a name, a key point id or an area, its leader and party members."""

    FORM_ID = "pioneer-post"
    TITLE_KEY = "post.form.title"
    FOCUS_FIELD = "name"

    def build_fields(self) -> list[Field]:
        return [Field("name", "post.form.name", validators=[Required("name", 200)]),
                Field("keypoint_id", "post.form.keypoint", validators=[OptionalId()],
                      placeholder_key="post.form.place_hint"),
                Field("area", "post.form.area", placeholder_key="post.form.place_hint"),
                Field("leader", "post.form.leader", validators=[Required("post_leader", 200)]),
                Field("party_members", "post.form.party", value="0"),
                Field("phone", "post.form.phone")]

    def submit(self, values: dict[str, str]) -> PioneerPost:
        return PioneerPosts(self.ctx).add(values["name"], leader=values["leader"],
                                          keypoint=id_value(values, "keypoint_id"),
                                          area=values.get("area", "").strip() or None,
                                          party_members=whole_number(values, "party_members"),
                                          phone=values.get("phone", ""))


class EvacuationForm(FormScreen[Evacuation]):
    """Record the people moved from an area; opened on an area, it starts from its tally."""

    FORM_ID = "evacuation"
    TITLE_KEY = "evacuation.form.title"
    FOCUS_FIELD = "area"

    def build_fields(self) -> list[Field]:
        return [Field("area", "evacuation.form.area", validators=[Required("area", 200)]),
                Field("planned", "evacuation.form.planned", validators=[Required("planned", 6)]),
                Field("moved", "evacuation.form.moved", validators=[Required("moved", 6)]),
                Field("shelter", "evacuation.form.shelter"),
                Field("at", "evacuation.form.at", value=t("time.now"), validators=[TimeText(self.ctx)])]

    def submit(self, values: dict[str, str]) -> Evacuation:
        return Evacuations(self.ctx).add(values["area"], planned=whole_number(values, "planned", default=None),
                                         moved=whole_number(values, "moved", default=None),
                                         shelter=values.get("shelter", ""), at=values["at"])
