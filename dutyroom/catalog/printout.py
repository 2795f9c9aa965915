"""Printout engine messages: the words a printout adds itself, and its errors."""

MESSAGES: dict[str, tuple[str, str]] = {
    "printout.page_of": ("第 {page} 页 共 {pages} 页", "Page {page} of {pages}"),
    "printout.signed_at": ("签字时间", "Signed at"),
    "printout.signature": ("签字", "Signature"),
    "printout.generated_at": ("生成时间:{at}", "Generated: {at}"),
    "printout.no_rows": ("(无)", "(none)"),
    "printout.bad_format": ("不支持的输出格式“{value}”;可选:{choices}。", "Unsupported output format '{value}'; choose one of: {choices}."),
    "printout.bad_lang": ("打印件语言“{value}”无效;可选:zh、en。", "Invalid printout language '{value}'; choose zh or en."),
    "printout.row_too_long": ("表格第 {row} 行有 {cells} 格,但只有 {columns} 列。", "Table row {row} has {cells} cells but only {columns} columns."),
    "printout.bad_widths": ("表格列宽须为 {columns} 个正数。", "Table widths must be {columns} positive numbers."),
    "printout.font_missing": (
        "找不到可显示中文的字体,无法生成 PDF。请安装 fonts-noto-cjk(apt install fonts-noto-cjk),或用环境变量 {env} 指定一个中文字体文件(.ttf/.otf/.ttc);也可改用 txt 或 html 格式。",
        "No font that can show Chinese was found, so no PDF was made. Install fonts-noto-cjk (apt install fonts-noto-cjk) or point {env} at a Chinese font file (.ttf/.otf/.ttc); or use the txt or html format.",
    ),
    "printout.font_override_missing": (
        "环境变量 {env} 指定的字体文件 {path} 不存在,无法生成 PDF。请改正路径或删除该变量。",
        "The font file {path} named by {env} does not exist, so no PDF was made. Correct the path or unset {env}.",
    ),
    "printout.font_not_cjk": (
        "环境变量 {env} 指定的字体 {path} 不含中文字形(或无法读取),无法生成 PDF。请指定中文字体,例如 Noto Sans CJK SC。",
        "The font {path} named by {env} has no Chinese glyphs (or cannot be read), so no PDF was made. Name a Chinese font such as Noto Sans CJK SC.",
    ),
    "printout.font_unreadable": (
        "字体文件 {path} 无法使用:{reason}",
        "The font file {path} cannot be used: {reason}",
    ),
    "printout.no_lp": (
        "本机没有打印命令 lp(CUPS 未安装),未打印。文件已生成,请用 -o 保存后在有打印机的电脑上打印。",
        "There is no lp command here (CUPS is not installed); nothing was printed. The file is fine: save it with -o and print it from a computer with a printer.",
    ),
    "printout.lp_failed": (
        "打印失败(lp 退出码 {code}):{reason}。请检查打印机和 CUPS 服务,或用 -o 保存文件后另行打印。",
        "Printing failed (lp exit code {code}): {reason}. Check the printer and the CUPS service, or save the file with -o and print it elsewhere.",
    ),
    "printout.lp_timeout": (
        "打印命令 lp 在 {seconds} 秒内没有响应,可能未打印。请检查 CUPS 服务。",
        "The lp command did not answer within {seconds} s; the job may not have been printed. Check the CUPS service.",
    ),
    "printout.cannot_print_format": (
        "不能直接打印 {value} 格式;请打印 pdf 或 txt。",
        "The {value} format cannot be sent to the printer directly; print pdf or txt.",
    ),
}
