"""Presence, edit conflicts and sessions: words for many officers at once."""

MESSAGES: dict[str, tuple[str, str]] = {
    "presence.title": ("在线值班人员 {count}", "Working now {count}"),
    "presence.nobody": ("只有您在使用。", "Only you are working."),
    "presence.you": ("(本人)", "(you)"),
    "presence.since": ("{time} 起", "since {time}"),
    "presence.editing": ("正在编辑{kind} {id}", "editing {kind} {id}"),
    "presence.also_editing": ("{names} 也打开了这条记录。", "{names} also has this record open."),
    "cli.who": ("列出此刻正在使用本数据的会话", "list the sessions working on this data now"),
    "cli.who.nobody": ("此刻没有正在运行的会话。", "No session is running now."),
    "conflict.title": ("记录已被他人修改", "Changed by someone else"),
    "conflict.changed_by": ("{kind} {id} 已被 {by}({station})于 {at} 修改。", "{kind} {id} was changed by {by} ({station}) at {at}."),
    "conflict.their_changes": ("对方修改的内容:", "What they changed:"),
    "conflict.your_changes": ("您的修改:", "Your change:"),
    "conflict.both_changed": ("双方都改了“{field}”:对方改为“{theirs}”,您改为“{mine}”。重新应用将以您的为准。", "Both changed {field}: theirs '{theirs}', yours '{mine}'. Re-applying keeps yours."),
    "conflict.field_change": ("{field}:{old} → {new}", "{field}: {old} → {new}"),
    "conflict.reapply": ("重新载入并应用我的修改", "Reload and re-apply my change"),
    "conflict.discard": ("放弃我的修改", "Discard mine"),
    "conflict.keep": ("继续编辑", "Keep editing"),
    "conflict.reapplied": ("已在 {by} 的修改基础上保存您的修改。", "Your change was saved on top of {by}'s."),
    "conflict.discarded": ("已放弃您的修改;保留 {by} 的版本。", "Your change was discarded; {by}'s version stands."),
    "conflict.gone": ("该记录已不存在,未保存。", "The record no longer exists; nothing was saved."),
}
