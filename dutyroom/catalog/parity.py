"""Words of what the app does as the command line does (issue 14): key-point links,
sign on/off, standing orders, the activity-log print, report corrections."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the key-point picker (log form) and ^K in the quick-entry line
    "form.log.keypoint": ("重点部位", "Key point"),
    "form.log.keypoint_hint": ("可选:输入名称或编号筛选,→ 补全", "optional: type a name or number to filter, → completes"),
    "form.log.keypoint_matches": ("{count} 处匹配:{names},请再输入几个字", "{count} match: {names}; type more to narrow"),
    "form.log.keypoint_none": ("没有匹配的重点部位", "no key point matches"),
    "keypoint.error.no_match": ("没有名称或编号为“{value}”的重点部位。", "No key point is named or numbered '{value}'."),
    "keypoint.error.ambiguous": ("有 {count} 处重点部位匹配({names}),请输入更完整的名称或编号。", "{count} key points match ({names}); type more of the name, or its number."),
}
MESSAGES.update({
    # standing orders (常设指令)
    "order.error.until_past": ("“截止”必须晚于现在。", "'until' must be later than now."),
    "order.error.not_in_force": ("常设指令 #{id} 已终止或已到期。", "Standing order #{id} has already ended or lapsed."),
    "order.error.missing": ("没有编号为 {id} 的常设指令。", "There is no standing order #{id}."),
    "order.log.added": ("新常设指令:{text}", "New standing order: {text}"),
    "order.log.added_until": ("新常设指令(至 {until}):{text}", "New standing order (until {until}): {text}"),
    "order.log.ended": ("常设指令 #{id} 终止:{text}", "Standing order #{id} ended: {text}"),
    "order.until": ("(至 {until})", "(until {until})"),
    "order.state.ended": ("已终止", "ended"),
    "cli.order": ("常设指令:下达、列出、终止(交接班时一直移交,直到终止)。", "Standing orders: give, list, end (every handover carries them until ended)."),
    "cli.order.add": ("下达一条常设指令(记入值班日志),输出其编号。", "Give a standing order (logged); prints its id."),
    "cli.order.arg.text": ("指令内容", "the order's text"),
    "cli.order.opt.until": ("到此时间自动失效(如 18:00、+1d、2026-07-30 08:00)", "lapses by itself at this time (18:00, +1d, 2026-07-30 08:00)"),
    "cli.order.list": ("列出有效的常设指令", "list the standing orders in force"),
    "cli.order.opt.all": ("也列出已终止或到期的", "also those ended or lapsed"),
    "cli.order.end": ("终止一条常设指令(记入值班日志)", "end a standing order (logged)"),
    "cli.order.arg.id": ("常设指令编号", "the standing order's id"),
    "cli.order.ended": ("常设指令 #{id} 已终止。", "Standing order #{id} ended."),
})
MESSAGES.update({
    # the action catalog (dashboard: o O g p; report detail: c; the standing-orders screen)
    "action.sign_on": ("签到", "Sign on"),
    "action.sign_off": ("签退", "Sign off"),
    "action.standing_orders": ("常设指令", "Standing order"),
    "action.print_activity_log": ("打印值班活动记录(ICS-214)", "Print activity log"),
    "report.action.correct": ("更正报告人/电话", "correct reporter/phone"),
    "order.action.new": ("下达常设指令", "New standing order"),
    "order.action.end": ("终止所选指令", "End the selected order"),
    "order.action.close": ("关闭", "Close"),
    "help.group.orders": ("常设指令", "standing orders"),
    # sign on / off
    "attendance.title_on": ("签到(本班)", "Sign on (this shift)"),
    "attendance.title_off": ("签退(本班)", "Sign off (this shift)"),
    "attendance.name": ("姓名", "Name"),
    "attendance.done": ("{shift} 在岗:{names}", "{shift} on duty: {names}"),
    # standing orders in the app
    "order.form.title": ("下达常设指令", "New standing order"),
    "order.form.text": ("指令内容", "Order"),
    "order.form.until": ("有效至", "Until"),
    "order.form.until_hint": ("可选:18:00、+1d、2026-07-30 08:00;空 = 直到终止", "optional: 18:00, +1d, 2026-07-30 08:00; empty = until ended"),
    "order.screen.title": ("常设指令(有效)", "Standing orders in force"),
    "order.screen.empty": ("没有有效的常设指令。按 n 下达。", "No standing orders in force. Press n to give one."),
    "order.screen.select_first": ("请先选中一条指令。", "Select an order first."),
    "order.screen.confirm_end": ("终止常设指令 #{id}“{text}”?终止后交接班不再移交。", "End standing order #{id} '{text}'? Handovers will no longer carry it."),
    "order.column.id": ("编号", "No."),
    "order.column.issued": ("下达时间", "Given"),
    "order.column.by": ("下达人", "By"),
    "order.column.until": ("有效至", "Until"),
    "order.column.text": ("内容", "Order"),
    "field.until": ("有效至", "until"),
    # the activity-log print
    "actlog.form.title": ("打印值班活动记录(ICS-214)", "Print activity log (ICS-214)"),
    "actlog.form.period": ("班次或日期", "Shift or date"),
    "actlog.form.hint": ("current 本班、last 上一班、班次编号,或日期 2026-07-29", "current, last, a shift number, or a date 2026-07-29"),
    "actlog.screen.writing": ("正在生成值班活动记录 PDF……", "Writing the activity log PDF…"),
    "actlog.screen.written": ("值班活动记录已写入 {path}", "Activity log written to {path}"),
})
MESSAGES.update({
    # correcting a report's reporter and phone
    "report.error.correct_nothing": ("请给出要更正的报告人(--reporter)或电话(--phone)。", "Give the reporter (--reporter) or the phone (--phone) to correct."),
    "report.error.correct_same": ("与现有的报告人和电话相同,无需更正。", "That is already the reporter and phone: nothing to correct."),
    "report.correction.reason": (",原因:{reason}", ", reason: {reason}"),
    "report.correction.change": ("{field} {old} → {new}", "{field} {old} → {new}"),
    "report.log.corrected": ("接报 #{id} 更正:{changes}", "Report #{id} corrected: {changes}"),
    "report.detail.corrections": ("报告人/电话更正", "Reporter/phone corrections"),
    "report.detail.correct": ("更正接报 #{id} 的报告人和电话", "Correct report #{id}: reporter and phone"),
    "report.detail.corrected": ("接报 #{id} 已更正(原值保留在报告链中)。", "Report #{id} corrected (the old values stay in the chain)."),
    "report.show.contact": ("报告人:{reporter}  单位:{unit}  电话:{phone}", "Reporter: {reporter}  unit: {unit}  phone: {phone}"),
    "report.show.people": ("伤亡:死亡 {dead}  受伤 {injured}  失踪 {missing}  被困 {trapped}  受影响 {affected}", "Casualties: dead {dead}  injured {injured}  missing {missing}  trapped {trapped}  affected {affected}"),
    "report.show.correction": ("更正 {at} {by}:{changes}", "Corrected {at} by {by}: {changes}"),
    "cli.report.correct": ("更正报告人和/或电话(原值保留在报告链中,记入值班日志)", "correct the reporter and/or phone (the old values stay in the chain; logged)"),
    "cli.report.opt.correct_reason": ("更正原因", "why it is corrected"),
})
