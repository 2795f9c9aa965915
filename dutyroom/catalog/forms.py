"""Safe forms: leaving a form with input, drafts that no longer fit, questions before
irreversible or bulk actions, the final report with a report upward still due."""

MESSAGES: dict[str, tuple[str, str]] = {
    "action.form_next_field": ("下一项", "Next field"),
    "action.form_previous_field": ("上一项", "Previous field"),
    # leaving a form (Esc) with input
    "form.leave.question": ("表单中有尚未保存的输入,怎么处理?", "This form holds input that is not saved. What should happen to it?"),
    "form.leave.question_no_draft": ("表单中有尚未保存的输入,要丢弃吗?", "This form holds input that is not saved. Discard it?"),
    "form.leave.keep_draft": ("留作草稿", "Keep as draft"),
    "form.leave.discard": ("丢弃", "Discard"),
    "form.leave.edit": ("继续编辑", "Keep editing"),
    "form.draft_kept": ("已留作草稿:再次打开此表单或下次启动时恢复。", "Kept as a draft: it comes back when you open this form again or at the next start."),
    "form.draft_restored": ("已恢复 {when} 的草稿。", "The draft from {when} is back in the form."),
    "form.draft_dropped": ("草稿中“{field}”的值已不再有效,已留空:请重新选择。", "The draft's value for '{field}' is no longer valid and was left blank: choose it again."),
    # drafts offered at start-up
    "draft.later": ("稍后", "Later"),
    "draft.discard_confirm": ("丢弃草稿“{title}”({when})?丢弃后无法恢复。", "Discard the draft '{title}' ({when})? It cannot be brought back."),
    "draft.kept_for_later": ("草稿“{title}”保留,下次启动时再询问。", "The draft '{title}' is kept; you are asked again at the next start."),
    # irreversible or bulk actions
    "ticket.confirm.final": ("把工单 #{id} 设为“{status}”?此后工单状态不能再更改。", "Set ticket #{id} to '{status}'? Its status cannot change after that."),
    "handover.confirm.ack_all": ("一次确认全部 {count} 项移交事项?请先逐项看过。", "Acknowledge all {count} carried items at once? Go through each of them first."),
    # the final report while a report upward is still due
    "report.final.upward_due": ("接报 #{id} 的{kind}尚未完成(时限 {due})。终报后不再提醒。", "Report #{id}: the {kind} upward is still due ({due}). After the final report nothing reminds you of it."),
    "report.final.kind.phone": ("电话报告", "phone report"),
    "report.final.kind.written": ("书面报告", "written report"),
    "report.final.record_first": ("先记录上报", "Record it first"),
    "report.final.anyway": ("仍然终报", "Final report anyway"),
    "report.final.cancel": ("取消", "Cancel"),
    "cli.report.final_upward_due": ("警告:接报 #{id} 的{kind}尚未完成(时限 {due}),链条已终结,不会再提醒。上报后请记录:dutyroom report forward {id} --to 单位 --via {via}", "warning: report #{id}: the {kind} upward is still due ({due}); the chain is closed and nothing reminds you of it any more. Once reported, record it: dutyroom report forward {id} --to WHOM --via {via}"),
}
