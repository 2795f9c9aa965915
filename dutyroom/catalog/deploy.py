"""Deployment: the duty day's start, the demo's offer, ``dutyroom doctor``, printing."""

MESSAGES: dict[str, tuple[str, str]] = {
    "config.error.bad_day_start": ("值班日起始时间设置有误:“{value}”不是 HH:MM 格式的时间(config.toml 的 {setting})。", "The duty day's start '{value}' is not a time in HH:MM form ({setting} in config.toml)."),
    "printout.pdf_only": ("只能把 PDF 送打印机(格式 {value} 不行):CUPS 打印文本时中文会成方框,--print 总是打印 PDF 版本。", "Only a PDF can be sent to the printer (not {value}): CUPS prints the Chinese of a text job as empty boxes, so --print always prints the PDF."),
    "cli.demo.opt.shared": ("也写入组共享的数据目录(仅用于培训主机)", "write into a group-shared data directory too (a training host only)"),
    "cli.demo.shared": ("{path} 是组共享的值班数据目录:演示数据会混入全室的正式记录。请用个人目录(如 --db ~/dutyroom-demo);培训主机确需写入请加 --shared。", "{path} is a group-shared duty-room data directory: the demo would mix with the whole room's legal record. Use a personal directory (e.g. --db ~/dutyroom-demo); on a training host add --shared."),
}
