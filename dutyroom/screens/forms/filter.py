"""The filter form (``/``): words, a kind, a time range; all empty clears the filter."""

from __future__ import annotations

from typing import Any

from dutyroom.model.errors import ValidationError
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import TimeText
from dutyroom.widgets.pane import PaneFilter


class FilterForm(FormScreen[PaneFilter]):
    FORM_ID = "filter"
    TITLE_KEY = "form.filter.title"
    FOCUS_FIELD = "text"

    def __init__(self, ctx: Any, kinds: list[tuple[str, str]], current: PaneFilter,
                 pane_title: str = "", **kwargs: Any) -> None:
        self.kinds = kinds
        self.pane_title = pane_title
        fmt = "YYYY-MM-DD HH:mm"
        values = {"text": current.text, "kind": current.kind,
                  "since": ctx.local(current.since).format(fmt) if current.since else "",
                  "until": ctx.local(current.until).format(fmt) if current.until else ""}
        kwargs.setdefault("keep_drafts", False)
        super().__init__(ctx, values, **kwargs)

    def title_text(self) -> str:
        from dutyroom.i18n import t

        return t("form.filter.title_pane", pane=self.pane_title) if self.pane_title else t(self.TITLE_KEY)

    def build_fields(self) -> list[Field]:
        fields = [Field("text", "form.filter.text", placeholder_key="form.optional")]
        if self.kinds:
            fields.append(Field("kind", "field.kind", "select", options=self.kinds, allow_blank=True))
        fields += [
            Field("since", "form.filter.since", validators=[TimeText(self.ctx, "since", optional=True)],
                  placeholder_key="form.time_hint_optional"),
            Field("until", "form.filter.until", validators=[TimeText(self.ctx, "until", optional=True)],
                  placeholder_key="form.time_hint_optional"),
        ]
        return fields

    def submit(self, values: dict[str, str]) -> PaneFilter:
        since = self.ctx.parse_time(values["since"], "since") if values["since"].strip() else None
        until = self.ctx.parse_time(values["until"], "until") if values["until"].strip() else None
        if since and until and since > until:
            raise ValidationError("error.range_reversed", field="until")
        return PaneFilter(text=" ".join(values["text"].split()), kind=values.get("kind", ""),
                          since=since, until=until)
