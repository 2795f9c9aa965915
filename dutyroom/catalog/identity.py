"""Who wrote it and what came in: identity, signatures, and input refused at the door."""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.output_folder_missing": ("输出文件夹 {path} 不存在:请先建好,或换一个位置。", "The output folder {path} does not exist: create it first or choose another place."),
    "error.output_is_folder": ("{path} 是一个文件夹:请给出文件名。", "{path} is a folder: give a file name."),
    "cli.not_utf8": ("参数 {arg} 含有无效的 UTF-8 字节:请检查终端的字符编码。", "Argument {arg} contains bytes that are not valid UTF-8: check the terminal's character encoding."),
    "cli.number_too_large": ("{value} 太大(最大 {max})", "{value} is too large (at most {max})"),
}
