"""Words of the alert banner, the escalation screen and the layout by urgency."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the banner (dutyroom/alerting.py)
    "action.alert_open": ("打开警报", "Open the alert"),
    "action.alert_dismiss": ("忽略警报", "Dismiss the alert"),
    "alert.keys": ("{open} 打开 · {dismiss} 忽略", "{open} open · {dismiss} dismiss"),
    "alert.more": ("另有 {n} 条", "+{n} more"),
    "alert.none": ("没有待处理的警报。", "No alert is waiting."),
    "alert.subject.report": ("报告 #{id} {place}", "Report #{id} {place}"),
    "alert.subject.ticket": ("工单 #{id} {place}", "Ticket #{id} {place}"),
    "alert.subject.keypoint": ("重点部位 {name}", "Key point {name}"),
    "alert.severity": ("{s}级", "{s}"),
    "alert.duty.phone": ("电话报告", "phone report"),
    "alert.duty.written": ("书面报告", "written report"),
    "alert.duty.follow_up": ("续报", "follow-up report"),
    "alert.duty_missed": ("{duty}逾期", "{duty} overdue"),
    "alert.duty_soon": ("{duty}即将到期", "{duty} due soon"),
    "alert.new_report": ("新接报", "new report"),
    "alert.integrity": ("数据完整性警报:{detail}", "Data integrity alarm: {detail}"),
    "alert.integrity_plain": ("数据完整性警报:请立即通知系统管理员", "Data integrity alarm: tell the administrator now"),
    # the duty log follows new entries unless the officer scrolled down
    "log.unseen": ("↑ {n} 条新记录", "↑ {n} new"),
    # the escalation screen (dutyroom/screens/escalation_detail.py)
    "help.group.escalation_screen": ("升级详情", "escalation detail"),
    "escalation.screen.title": ("升级提醒 #{id}", "Escalation #{id}"),
    "escalation.screen.open_subject": ("打开对象", "Open the subject"),
    "escalation.screen.breach": ("超时起点", "breached at"),
    "escalation.screen.raised": ("提出时间", "raised at"),
    "escalation.screen.notified": ("最近提醒", "last notified"),
    "escalation.screen.count": ("提醒次数", "reminders"),
    "escalation.screen.acked": ("确认", "acknowledged"),
    "escalation.screen.snoozed": ("暂缓原因", "snoozed because"),
    "escalation.screen.closed": ("此升级提醒已解除。", "This escalation has been cleared."),
}
