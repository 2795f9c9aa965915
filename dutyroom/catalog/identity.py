"""Who wrote it and what came in: identity, signatures, and input refused at the door."""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.output_folder_missing": ("输出文件夹 {path} 不存在:请先建好,或换一个位置。", "The output folder {path} does not exist: create it first or choose another place."),
    "error.output_is_folder": ("{path} 是一个文件夹:请给出文件名。", "{path} is a folder: give a file name."),
    "cli.not_utf8": ("参数 {arg} 含有无效的 UTF-8 字节:请检查终端的字符编码。", "Argument {arg} contains bytes that are not valid UTF-8: check the terminal's character encoding."),
    "cli.number_too_large": ("{value} 太大(最大 {max})", "{value} is too large (at most {max})"),
    "enum.handover_role.leader": ("带班领导", "leader on duty"),
    "field.signature_reason": ("代签理由", "reason for the leader's override"),
    "signature.error.not_self": ("只能以本人身份签字:您是 {me},不是 {name}。由他人代签或替班须带班领导在其本人会话中填写理由。", "You sign as yourself: you are {me}, not {name}. Signing for someone else or a substitute needs the leader on duty, in their own session, with a reason."),
    "signature.error.not_leader": ("{name} 不是本班带班领导({leader}):带班领导签字须由其本人完成。", "{name} is not the leader on duty ({leader}): the leader signs in person."),
    "signature.error.no_roster": ("该班次没有排班名单:请先导入排班表(dutyroom roster import)。", "That shift has no roster: import the roster first (dutyroom roster import)."),
    "signature.error.reason_needed": ("带班领导让 {name} 签字须写明理由(--reason)。", "The leader on duty letting {name} sign must give a reason (--reason)."),
    "signature.log.countersigned": ("带班领导 {name} 在交接班记录上签字", "Leader on duty {name} countersigned the handover"),
    "signature.log.signed_for": ("带班领导 {leader} 准许 {name} 以{role}身份签字:{reason}", "Leader on duty {leader} let {name} sign as {role}: {reason}"),
    "signature.doc.leader": ("带班领导", "Leader on duty"),
    "signature.doc.signed_for": ("带班领导 {leader} 于 {at} 准许 {name} 以{role}身份签字,理由:{reason}", "Leader on duty {leader} let {name} sign as {role} at {at}. Reason: {reason}"),
    "signature.doc.signed_for_title": ("代签与替班", "Signatures allowed by the leader"),
    "cli.handover.opt_sign_reason": ("带班领导准许他人签字或替班时的理由", "the leader on duty's reason when letting someone else sign"),
    "cli.handover.countersigned": ("带班领导 {name} 已签字。", "Leader on duty {name} countersigned."),
    "handover.action.sign_leader": ("领导签字", "Leader signs"),
    "handover.screen.sign_reason": ("理由(仅带班领导为他人签字时填写)", "Reason (only when the leader on duty lets someone else sign)"),
}
