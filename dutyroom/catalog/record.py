"""Subjects and separators of messages stored in the record (services/record_text.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "record.list_sep": ("、", ", "),
    "cli.migrate": ("让旧记录以每位读者的语言显示:升级提醒的标题、默认单位的名称(值班日志本身只读,显示时识别)", "make older records read in each reader's language: escalation titles, default unit names (the duty log itself is read-only and is recognised when shown)"),
    "cli.migrate.done": ("已迁移:升级提醒 {escalations} 条,单位 {units} 个。", "Migrated: {escalations} escalations, {units} units."),
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
