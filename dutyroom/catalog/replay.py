"""复盘: the replay of the duty room at a past moment, and its after-action timeline."""

MESSAGES = {
    "cli.replay": ("复盘:显示某一时刻值班室的状态(只读)", "Replay: the duty room as it stood at a moment (read-only)"),
    "cli.replay.opt.at": ("时刻,如 02:40、-3h 或 2026-07-29 02:40", "the moment, e.g. 02:40, -3h or 2026-07-29 02:40"),
    "replay.intact": ("记录完整:哈希链核验至第 {line} 行", "Record intact through line {line} (hash chain checked)"),
    "replay.broken": ("记录不完整:哈希链在第 {line} 行断开(共 {count} 处)— {detail}",
                      "Record NOT intact: the hash chain breaks at line {line} ({count} in all) — {detail}"),
    "replay.heading": ("复盘 · {at} 时的值班室(流水第 {line} 行)", "Replay · the duty room at {at} (journal line {line})"),
    "replay.section.status": ("响应级别与预警", "Response level and warnings"),
    "replay.section.shift": ("班次与在岗人员", "Shift and who was signed on"),
    "replay.section.reports": ("未办结的接报", "Open report chains"),
    "replay.section.tickets": ("未办结的险情工单", "Open hazard tickets"),
    "replay.section.escalations": ("待处理的升级提醒", "Active escalations"),
    "replay.section.instructions": ("未办结的领导批示", "Open leader instructions"),
    "replay.section.callouts": ("呼叫", "Call-outs"),
    "replay.section.stations": ("超警戒的测站", "Stations above a threshold"),
    "replay.not_recorded": ("本版本尚未记录此类数据", "Not recorded by this version"),
    "replay.read_only": ("复盘为只读:不能修改记录。", "Replay is read-only: nothing can be changed."),
}
