"""复盘 by keys: the timeline's kinds of event, and the forms that open a replay or write a
timeline from the live app (issue #16's keys)."""

MESSAGES = {
    "timeline.col.event": ("事件", "event"),
    "timeline.event.report": ("接报", "report received"),
    "timeline.event.follow_up": ("续报", "follow-up"),
    "timeline.event.upward": ("向上报告", "reported upward"),
    "timeline.event.report_change": ("接报变更", "report changed"),
    "timeline.event.ticket": ("险情工单", "hazard ticket"),
    "timeline.event.dispatch": ("派遣", "dispatch"),
    "timeline.event.acknowledged": ("单位接收", "unit acknowledged"),
    "timeline.event.ticket_status": ("工单进展", "ticket progress"),
    "timeline.event.escalation": ("升级提醒", "escalation"),
    "timeline.event.threshold": ("水雨情超阈值", "reading over threshold"),
    "timeline.event.escalation_ack": ("升级确认", "escalation acknowledged"),
    "timeline.event.instruction": ("领导批示", "instruction"),
    "timeline.event.feedback": ("批示反馈", "instruction feedback"),
    "timeline.event.callout": ("预警叫应", "warning call-out"),
    "timeline.event.callout_answer": ("叫应应答", "call-out answer"),
    "timeline.event.reading": ("水雨情读数", "reading"),
    "timeline.event.handover": ("交接班", "handover"),
    "timeline.event.sign_on": ("签到签退", "sign-on / sign-off"),
    "timeline.event.status": ("响应与预警", "response and warnings"),
    "timeline.event.entry": ("值班记录", "log entry"),
}
