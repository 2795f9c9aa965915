"""Subjects and separators of messages stored in the record (services/record_text.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "record.list_sep": ("、", ", "),
    "handover.item.escalation": ("{reason}:{subject}(L{level})", "{reason}: {subject} (L{level})"),
    "handover.item.instruction": ("{subject} {text}", "{subject} {text}"),
    "escalation.title": ("{subject} {detail}", "{subject} {detail}"),
    "escalation.title.deadline": ("{subject} {what} {place}", "{subject} {what} {place}"),
    "subject.report": ("报告 #{id}", "report #{id}"),
    "subject.ticket": ("工单 #{id}", "ticket #{id}"),
    "subject.keypoint": ("重点部位 #{id}", "key point #{id}"),
    "subject.instruction": ("批示 #{id}", "instruction #{id}"),
    "subject.escalation": ("升级提醒 #{id}", "escalation #{id}"),
    "subject.log": ("日志 #{id}", "log entry #{id}"),
    "subject.unit": ("单位 #{id}", "unit #{id}"),
    "subject.handover": ("交接单 #{id}", "handover #{id}"),
    "subject.shift": ("班次 #{id}", "shift #{id}"),
    "subject.deployment": ("出动 #{id}", "deployment #{id}"),
    "subject.deed": ("事迹 #{id}", "deed #{id}"),
    "subject.patrol": ("重点部位 #{id}", "key point #{id}"),
    "subject.bulletin": ("日报 #{id}", "bulletin #{id}"),
}
