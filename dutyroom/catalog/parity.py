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
