"""One report chain as a thread, with what an officer does to it.

``ReportDetail(ctx, report_id)``: the first report with its facts, the next
reporting deadline with a live countdown, the follow-ups and final report in
order, the reports upward, severity changes, merged duplicates and the leader
instructions. Keys: ``f`` follow-up, ``x`` final report, ``p`` reported to
superior, ``v`` verify, ``l`` severity, ``i`` leader instruction, ``b``
instruction feedback, ``m`` merge into another chain, ``t`` make a hazard
ticket, ``c`` correct the reporter and phone (the old values stay), ``escape`` back. Outside text is shown as plain ``Text``, never markup.
"""

from __future__ import annotations

from typing import Any

import arrow
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.instruction import Instruction
from dutyroom.model.report import COUNT_FIELDS, ForwardVia, ReportStatus, Severity
from dutyroom.model.text import strip_controls
from dutyroom.screens.confirm import Choice, ChoiceScreen
from dutyroom.screens.report_actions import ActionForm, FormField
from dutyroom.actions import bindings, translate_bindings
from dutyroom.screens.report_form import Count, TimeText, choices
from dutyroom.services import deadlines
from dutyroom.services.context import Context
from dutyroom.services.instructions import Instructions
from dutyroom.services.report_correction import correct_contact
from dutyroom.services.reports import Chain, Reports, to_ticket
from dutyroom.widgets.fit_footer import FitFooter
from dutyroom.widgets.report_pane import countdown_text, severity_text


class ReportDetail(ModalScreen[None]):
    BINDINGS = bindings("report")
    ACTION_GROUP = "report"

    def __init__(self, ctx: Context, report_id: int) -> None:
        super().__init__(classes="report-detail")
        self.ctx = ctx
        self.report_id = report_id
        self.chain: Chain | None = None
        self.instructions: list[Instruction] = []
        self._revision = -1
        self.box = Vertical(id="report-detail-box")
        self.deadline_view = Static("", id="report-detail-deadline", markup=False)
        self.thread_view = Static("", id="report-detail-thread", markup=False)
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with self.box:
            yield self.deadline_view
            with VerticalScroll(id="report-detail-scroll"):
                yield self.thread_view
        yield FitFooter()

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(1.0, self._tick)

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        service = Reports(self.ctx)
        self.chain = service.chain(self.report_id)
        self.report_id = self.chain.head.id or self.report_id
        self.instructions = Instructions(self.ctx).for_subject("report", self.report_id)
        self._revision = self.ctx.store.revision()
        self.box.border_title = t("report.detail.title", id=self.chain.head.id)
        self.thread_view.update(chain_text(self.ctx, self.chain, self.instructions))
        self._tick()

    def _tick(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.reload()
            return
        if self.chain is None:
            return
        self.deadline_view.update(deadline_line(self.ctx, self.chain.head, self.ctx.now()))

    # ------------------------------------------------------------------ actions
    def _open(self, title_key: str, fields: list[FormField], submit: Any,
              done_key: str = "report.detail.saved", then: Any = None) -> None:
        def done(result: Any) -> None:
            if result is not None:
                self.app.notify(t(done_key, id=self.report_id), markup=False)
                self.reload()
                if then is not None:
                    then()

        self.app.push_screen(ActionForm(self.ctx, t(title_key, id=self.report_id), fields, submit),
                             done)

    def _chain_fields(self) -> list[FormField]:
        head = self.chain.head if self.chain else None
        return [FormField("text", t("report.form.what_changed"), "textarea", required=True),
                FormField("severity", t("field.severity"), "select",
                          head.severity.value if head else "unknown",
                          [(t(s.label_key), s.value) for s in Severity], required=True),
                FormField("reason", t("field.reason")),
                *(FormField(n, t(f"field.{n}"), validators=[Count()],
                            placeholder=t("report.form.unchanged")) for n in COUNT_FIELDS)]

    def _chain_submit(self, final: bool):
        def submit(v: dict[str, Any]) -> Any:
            counts = {n: v[n] for n in COUNT_FIELDS if str(v.get(n) or "").strip()}
            return Reports(self.ctx).follow_up(self.report_id, v["text"], final=final,
                                               severity=v["severity"], reason=v["reason"], **counts)
        return submit

    def action_follow_up(self) -> None:
        self._open("report.detail.follow_up", self._chain_fields(), self._chain_submit(False))

    def action_final(self) -> None:
        """The final report closes the chain, and its deadlines with it: a report upward
        still owed is named first, with the offer to record it before the final report."""
        due = deadlines.upward_due(self.chain.head, self.ctx.settings) if self.chain else []
        if not due:
            self._final_form()
            return
        params = deadlines.upward_due_text(due[0], self.ctx.tz)
        choices = [Choice("record", "report.final.record_first", "p"),
                   Choice("final", "report.final.anyway", "x"),
                   Choice("cancel", "report.final.cancel", "c")]

        def answer(choice: str | None) -> None:
            if choice == "record":
                self._forward_form(params["via"], then=self._final_form)
            elif choice == "final":
                self._final_form()

        self.app.push_screen(ChoiceScreen(t("report.final.upward_due", id=self.report_id, **params),
                                          choices, cancel="cancel"), answer)

    def _final_form(self) -> None:
        self._open("report.detail.final", self._chain_fields(), self._chain_submit(True))

    def action_forward(self) -> None:
        self._forward_form()

    def _forward_form(self, via: str = "phone", then: Any = None) -> None:
        fields = [FormField("to", t("field.forward_to"), required=True),
                  FormField("via", t("field.via"), "select", via,
                            [(t(v.label_key), v.value) for v in ForwardVia], required=True),
                  FormField("at", t("field.at"), value=self.ctx.local(self.ctx.now()).format("HH:mm"),
                            validators=[TimeText(self.ctx)])]
        self._open("report.detail.forward", fields,
                   lambda v: Reports(self.ctx).forward(self.report_id, v["to"], v["via"], v["at"]),
                   then=then)

    def action_verify(self) -> None:
        fields = [FormField("by", t("field.by"), required=True),
                  FormField("how", t("field.how"), required=True),
                  FormField("false_report", t("report.detail.false_report"), "checkbox", False)]
        self._open("report.detail.verify", fields,
                   lambda v: Reports(self.ctx).verify(self.report_id, v["by"], v["how"],
                                                      false_report=v["false_report"]))

    def action_severity(self) -> None:
        head = self.chain.head if self.chain else None
        fields = [FormField("severity", t("field.severity"), "select",
                            head.severity.value if head else "unknown",
                            [(t(s.label_key), s.value) for s in Severity], required=True),
                  FormField("reason", t("field.reason"))]
        self._open("report.detail.severity", fields,
                   lambda v: Reports(self.ctx).set_severity(self.report_id, v["severity"], v["reason"]))

    def action_instruction(self) -> None:
        fields = [FormField("leader", t("field.leader"), required=True),
                  FormField("assignee", t("field.assignee"), required=True),
                  FormField("text", t("report.detail.instruction_text"), "textarea", required=True),
                  FormField("due", t("field.due_at"), required=True,
                            validators=[TimeText(self.ctx)], placeholder=t("report.form.due_hint"))]
        self._open("report.detail.instruction", fields,
                   lambda v: Instructions(self.ctx).add(subject_kind="report",
                                                        subject_id=self.report_id,
                                                        leader=v["leader"], assignee=v["assignee"],
                                                        text=v["text"], due=v["due"]))

    def action_feedback(self) -> None:
        waiting = [i for i in self.instructions if i.open]
        if not waiting:
            self.app.notify(t("report.detail.no_instruction"), severity="warning", markup=False)
            return
        options = [(f"#{i.id} {i.leader}→{i.assignee}: {_short(i.text)}", i.id) for i in waiting]
        fields = [FormField("instruction", t("report.detail.which_instruction"), "select",
                            waiting[0].id, options, required=True),
                  FormField("feedback", t("field.feedback"), "textarea", required=True)]
        self._open("report.detail.feedback", fields,
                   lambda v: Instructions(self.ctx).feedback(int(v["instruction"]), v["feedback"]))

    def action_merge(self) -> None:
        head = self.chain.head if self.chain else None
        if head is None:
            return
        candidates = [c for c in Reports(self.ctx).open_chains() if c.id != head.id]
        if not candidates:
            self.app.notify(t("report.detail.nothing_to_merge"), severity="warning", markup=False)
            return
        flagged = [c for c in candidates if c.id in head.duplicate_of]
        ordered = flagged + [c for c in candidates if c not in flagged]
        options = [(f"#{c.id} {t(c.category.label_key)} {_short(c.location, 30)}"
                    + (" *" if c in flagged else ""), c.id) for c in ordered]
        fields = [FormField("into", t("field.into"), "select", ordered[0].id, options, required=True)]
        self._open("report.detail.merge", fields,
                   lambda v: Reports(self.ctx).merge(self.report_id, int(v["into"])))

    def action_ticket(self) -> None:
        try:
            _report, ticket = to_ticket(self.ctx, self.report_id)
        except DomainError as error:
            self.app.notify(explain(error), severity="error", markup=False)
            return
        self.app.notify(t("report.detail.ticket_made", id=self.report_id, ticket=ticket["id"]), markup=False)
        self.reload()

    def action_correct(self) -> None:
        head = self.chain.head if self.chain else None
        if head is None:
            return
        fields = [FormField("reporter", t("field.reporter"), value=head.reporter),
                  FormField("phone", t("field.phone"), value=head.phone),
                  FormField("reason", t("field.reason"))]
        self._open("report.detail.correct", fields,
                   lambda v: correct_contact(self.ctx, self.report_id, reporter=v["reporter"],
                                             phone=v["phone"], reason=v["reason"],
                                             expected_version=head.version),
                   done_key="report.detail.corrected")

    def action_close(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------------- rendering
def deadline_line(ctx: Context, head: Any, now: arrow.Arrow) -> Text:
    pending = deadlines.pending(head, ctx.settings)
    if not pending:
        status = head.status if head.status != ReportStatus.OPEN else None
        return Text(t("report.detail.no_deadline") if status is None else t(status.label_key))
    line = Text()
    for i, d in enumerate(pending):
        if i:
            line.append("   ")
        line.append(f"{t(d.kind.label_key)} {ctx.local(d.due_at).format('MM-DD HH:mm')} ")
        line.append_text(countdown_text(d.seconds_left(now)))
    return line


class _Literal(Text):
    """Text whose every appended string loses control characters and bidi overrides.

    Intake cleans what officers type; this is the second line of defence for
    records another tool wrote raw.
    """

    def append(self, text: Any, style: Any = None) -> "Text":  # type: ignore[override]
        if isinstance(text, str):
            text = strip_controls(text)
        return super().append(text, style)


def chain_text(ctx: Context, chain: Chain, instructions: list[Instruction]) -> Text:
    head = chain.head
    now = ctx.now()
    out = _Literal()
    out.append(f"#{head.id}  ")
    out.append_text(severity_text(head.severity))
    out.append(f"  {t(head.category.label_key)}  ")
    out.append(head.location, style="bold")
    out.append(f"   {t(head.status.label_key)} · {t(head.chain_stage.label_key)}\n")
    fmt = "MM-DD HH:mm"
    who = " ".join(p for p in (head.reporter_unit, head.reporter, head.phone) if p) or t("word.none")
    out.append(t("report.detail.received", at=ctx.local(head.received_at).format(fmt),
                 channel=t(head.channel.label_key), who=who))
    if head.read_back:
        out.append(" · " + t("report.detail.read_back"))
    out.append("\n")
    if head.event_at:
        out.append(t("report.detail.event_at", at=ctx.local(head.event_at).format(fmt)) + "\n")
    if head.keypoint_id:
        out.append(t("report.detail.keypoint", id=head.keypoint_id) + "\n")
    out.append(t("report.detail.people", dead=head.dead, injured=head.injured, missing=head.missing,
                 trapped=head.trapped, affected=head.affected) + "\n")
    if head.measures:
        out.append(t("report.detail.measures") + head.measures + "\n")
    if head.already_told:
        out.append(t("report.detail.told") + head.already_told + "\n")
    verification = t(head.verification.label_key)
    if head.verified_by:
        verification += f"({head.verified_by}:{head.verified_how})"
    out.append(t("report.detail.verification") + verification + "\n")
    out.append(t("report.detail.ticket_line",
                 ticket=f"#{head.ticket_id}" if head.ticket_id else t("word.none")) + "\n")
    if head.duplicate_of and head.status == ReportStatus.OPEN:
        out.append("!! " + t("report.detail.duplicate", ids=", ".join(f"#{i}" for i in head.duplicate_of))
                   + "\n", style="bold")
    if head.merged_into:
        out.append(t("report.detail.merged_into", id=head.merged_into) + "\n", style="bold")

    out.append("\n── " + t("report.detail.thread") + " ──\n", style="bold")
    for report in chain.reports:
        label = t(report.stage.label_key) + (f" {report.sequence}" if report.sequence else "")
        out.append(f"[{label}] ", style="bold")
        out.append(f"#{report.id} {ctx.local(report.received_at).format(fmt)} {report.created_by}  ")
        out.append(t(report.severity.label_key) + "  ")
        out.append(report.text + "\n")
    if head.forwards:
        out.append("\n── " + t("report.detail.forwards") + " ──\n", style="bold")
        for f in head.forwards:
            out.append(t("report.forwarded", to=f.to, via=t(f.via.label_key),
                         at=ctx.local(f.at).format(fmt), by=f.by) + "\n")
    if head.severity_changes:
        out.append("\n── " + t("report.detail.severity_changes") + " ──\n", style="bold")
        for c in head.severity_changes:
            out.append(f"{ctx.local(c.at).format(fmt)} {c.by}: {t(c.old.label_key)} → "
                       f"{t(c.new.label_key)} {c.reason}".rstrip() + "\n")
    if head.corrections:
        out.append("\n── " + t("report.detail.corrections") + " ──\n", style="bold")
        for c in head.corrections:
            none = t("word.none")
            out.append(f"{ctx.local(c.at).format(fmt)} {c.by}: " + t(
                "report.correction.change", field=t(f"field.{c.field}"), old=c.old or none,
                new=c.new or none) + (t("report.correction.reason", reason=c.reason) if c.reason else "")
                + "\n")
    if chain.merged:
        out.append("\n── " + t("report.detail.merged") + " ──\n", style="bold")
        for m in chain.merged:
            out.append(f"#{m.id} {ctx.local(m.received_at).format(fmt)} {t(m.channel.label_key)}  ")
            out.append(m.text + "\n")
    if instructions:
        out.append("\n── " + t("report.detail.instructions") + " ──\n", style="bold")
        for item in instructions:
            state = (t("instruction.overdue") if item.overdue(now)
                     else t(f"enum.instruction_status.{item.status.value}"))
            out.append(f"#{item.id} [{state}] ", style="bold" if item.overdue(now) else "")
            out.append(f"{item.leader} → {item.assignee} "
                       f"{t('report.detail.due', at=ctx.local(item.due_at).format(fmt))}: ")
            out.append(item.text + "\n")
            if item.feedback:
                out.append("    " + t("instruction.feedback_line", text=item.feedback,
                                      by=item.feedback_by,
                                      at=ctx.local(item.feedback_at or now).format(fmt)) + "\n")
    return out


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(strip_controls(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


__all__ = ["ReportDetail", "chain_text", "deadline_line", "choices"]
