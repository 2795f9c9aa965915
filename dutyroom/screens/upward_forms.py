"""Forms of the reports-upward screen: send a team out (``d``), bring it back (Enter on a
team in the teams-deployed pane), record a notable deed (``n``; on a selected team it
starts from that deployment) and choose the party report's period (``r``). Same services as
the CLI."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from dutyroom.i18n import t
from dutyroom.model.deed import Deed, DeedLink, DeedSubject
from dutyroom.model.deployment import Deployment, TaskCode
from dutyroom.model.errors import ValidationError
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import OptionalId, Required, TimeText, id_value, whole_number
from dutyroom.services.deeds import Deeds
from dutyroom.services.deployments import Deployments
from dutyroom.services.pioneer_posts import post_options


class DeployForm(FormScreen[Deployment]):
    FORM_ID = "deploy"
    TITLE_KEY = "upward.form.deploy_title"
    FOCUS_FIELD = "team"

    def build_fields(self) -> list[Field]:
        units = Deployments(self.ctx).units()
        teams = [(f"#{u.id} {u.name} · {t(u.kind.label_key)}", str(u.id)) for u in units]
        return [
            Field("team", "field.team", "select", options=teams or [(t("upward.form.no_teams"), "")]),
            Field("area", "field.area", placeholder_key="upward.form.area_hint"),
            Field("keypoint_id", "field.keypoint_id", validators=[OptionalId()]),
            Field("ticket_id", "field.ticket_id", validators=[OptionalId()]),
            Field("post_id", "deploy.form.post", "select", options=post_options(self.ctx), allow_blank=True),
            Field("people", "field.people", validators=[Required("people", 6)]),
            Field("party_members", "field.party_members", value="0"),
            Field("task", "field.task", "select", TaskCode.OTHER.value,
                  options=[(t(c.label_key), c.value) for c in TaskCode]),
            Field("text", "field.text", "textarea"),
            Field("at", "field.at", value=t("time.now"), validators=[TimeText(self.ctx)]),
        ]

    def submit(self, values: dict[str, str]) -> Deployment:
        if not values.get("team"):
            raise ValidationError("error.team_missing", field="team", value="")
        return Deployments(self.ctx).deploy(
            values["team"], people=whole_number(values, "people"),
            party_members=whole_number(values, "party_members"),
            task=values["task"], text=values.get("text", ""), area=values.get("area", "").strip() or None,
            keypoint_id=id_value(values, "keypoint_id"), ticket_id=id_value(values, "ticket_id"), at=values["at"],
            post_id=int(values["post_id"]) if values.get("post_id") else None)


class ReleaseForm(FormScreen[Deployment]):
    FORM_ID = "release"
    TITLE_KEY = "upward.form.release_title"
    FOCUS_FIELD = "evacuated"

    def __init__(self, ctx: Any, deployment_id: int, **kwargs: Any) -> None:
        self.deployment = Deployments(ctx).require(deployment_id)
        super().__init__(ctx, **kwargs)

    def draft_params(self) -> dict[str, Any]:
        return {"deployment_id": self.deployment.id}

    def build_fields(self) -> list[Field]:
        d = self.deployment
        note = Text(f"#{d.id} {d.team} · {t(d.task.label_key)} · "
                    + t("upward.people_line", people=d.people, party=d.party_members))
        return [
            Field("deployment", "field.deployment", "note", note=note),
            Field("evacuated", "field.evacuated", value="0"),
            Field("rescued", "field.rescued", value="0"),
            Field("at", "field.at", value=t("time.now"), validators=[TimeText(self.ctx)]),
        ]

    def submit(self, values: dict[str, str]) -> Deployment:
        return Deployments(self.ctx).release(self.deployment.id or 0,
                                             evacuated=whole_number(values, "evacuated"),
                                             rescued=whole_number(values, "rescued"), at=values["at"],
                                             expected_version=self.deployment.version)


class DeedForm(FormScreen[Deed]):
    """A notable deed (先进事迹), attached to the record it happened in (as ``deed add``)."""

    FORM_ID = "deed"
    TITLE_KEY = "upward.form.deed_title"
    FOCUS_FIELD = "name"

    def build_fields(self) -> list[Field]:
        return [
            Field("link_kind", "field.link", "select", DeedLink.DEPLOYMENT.value,
                  options=[(t(c.label_key), c.value) for c in DeedLink]),
            Field("link_id", "field.link_id", validators=[Required("link_id", 12), OptionalId()]),
            Field("subject", "field.subject", "select", DeedSubject.PERSON.value,
                  options=[(t(c.label_key), c.value) for c in DeedSubject]),
            Field("name", "field.name", placeholder_key="upward.form.deed_name_hint",
                  validators=[Required("name", 100)]),
            Field("text", "field.text", "textarea"),
            Field("place", "field.place"),
            Field("witness", "field.witness"),
            Field("at", "field.at", value=t("time.now"), validators=[TimeText(self.ctx)]),
        ]

    def submit(self, values: dict[str, str]) -> Deed:
        link_id = id_value(values, "link_id")
        if link_id is None:
            raise ValidationError("error.required", field="link_id")
        return Deeds(self.ctx).add(link_kind=values["link_kind"], link_id=link_id,
                                   subject=values["subject"], name=values.get("name", ""),
                                   text=values.get("text", ""), at=values["at"],
                                   place=values.get("place", ""), witness=values.get("witness", ""))


class PartyReportForm(FormScreen[tuple]):
    """The party report's period (dates, as ``party-report --from --to``) and district;
    returns the period's start and the report's figures."""

    FORM_ID = "party-report"
    TITLE_KEY = "party.form.title"
    FOCUS_FIELD = "start"

    def __init__(self, ctx: Any, values: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(ctx, values, keep_drafts=False)

    def build_fields(self) -> list[Field]:
        return [Field("start", "party.form.from", validators=[Required("from", max_len=40)]),
                Field("end", "party.form.to", validators=[Required("to", max_len=40)]),
                Field("district", "party.form.district", placeholder_key="party.form.district_hint")]

    def submit(self, values: dict[str, str]) -> tuple:
        from dutyroom.services import party_report

        start, end = party_report.period(self.ctx, values["start"], values["end"])
        figures = party_report.compute(self.ctx, start, end, values["district"].strip() or None)
        return start, figures
