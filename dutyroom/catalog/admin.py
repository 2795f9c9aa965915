"""verify / backup / recover messages."""

MESSAGES: dict[str, tuple[str, str]] = {
    "verify.unreadable": ("流水日志第 {line} 行无法解析(已损坏或被改动)。", "Journal line {line} cannot be read (damaged or altered)."),
    "verify.edited": ("流水记录第 {seq} 条(第 {line} 行)被改动过:哈希不符。", "Journal record {seq} (line {line}) was edited: its hash does not match."),
    "verify.inserted": ("流水日志第 {line} 行是被插入的记录(序号 {seq},应为 {expected})。", "Journal line {line} was inserted (record {seq}, expected {expected})."),
    "verify.deleted": ("流水记录第 {expected} 条被删除(第 {line} 行直接跳到第 {seq} 条)。", "Journal record {expected} was deleted (line {line} jumps to record {seq})."),
    "verify.state_edited": ("状态中的记录 {kind} #{id} 与流水日志不符:被绕过程序改动。", "State record {kind} #{id} does not match the journal: it was changed behind the app's back."),
    "verify.state_inserted": ("状态中的记录 {kind} #{id} 在流水日志中没有:被绕过程序插入。", "State record {kind} #{id} is not in the journal: it was inserted behind the app's back."),
    "verify.state_deleted": ("流水日志中的记录 {kind} #{id} 在状态中缺失:被绕过程序删除。", "Journal record {kind} #{id} is missing from the state: it was deleted behind the app's back."),
}
