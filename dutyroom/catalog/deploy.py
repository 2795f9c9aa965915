"""Deployment: the duty day's start, the demo's offer, ``dutyroom doctor``, printing."""

MESSAGES: dict[str, tuple[str, str]] = {
    "config.error.bad_day_start": ("值班日起始时间设置有误:“{value}”不是 HH:MM 格式的时间(config.toml 的 {setting})。", "The duty day's start '{value}' is not a time in HH:MM form ({setting} in config.toml)."),
    "printout.pdf_only": ("只能把 PDF 送打印机(格式 {value} 不行):CUPS 打印文本时中文会成方框,--print 总是打印 PDF 版本。", "Only a PDF can be sent to the printer (not {value}): CUPS prints the Chinese of a text job as empty boxes, so --print always prints the PDF."),
}
