"""Deployment: the duty day's start, the demo's offer, ``dutyroom doctor``, printing."""

MESSAGES: dict[str, tuple[str, str]] = {
    "config.error.bad_day_start": ("值班日起始时间设置有误:“{value}”不是 HH:MM 格式的时间(config.toml 的 {setting})。", "The duty day's start '{value}' is not a time in HH:MM form ({setting} in config.toml)."),
}
