"""Documents shared by the printout tests: Chinese and English, with a long table."""

from __future__ import annotations

from dutyroom.services.printout import Document, Section, Signature, Table

HOSTILE = "<script>alert(1)</script> [bold]粗体[/bold] \x1b[31m红色\x1b[0m \x1b]0;title\x07 &amp;"


def long_rows(n: int = 90) -> list[list[str]]:
    rows = []
    for i in range(1, n + 1):
        detail = (f"沙河水库 {i} 号测点水位 21.{i % 10}m,超汛限 0.{i % 7}m;已通知下游三个村组转移群众,"
                  "巡查组每两小时报告一次。Downstream villages notified; patrols report every two hours.")
        if i % 9 == 0:
            detail += " " + "长" * 120  # a very long unbroken run of Chinese
        if i % 13 == 0:
            detail += " https://example.org/" + "x" * 150  # a very long unbroken word
        rows.append([f"R-{i:03d}", f"07-29 {i % 24:02d}:{i % 60:02d}", ["一般", "较大", "重大", "特别重大"][i % 4],
                     detail, ["张伟", "李娜", "Wang Fang"][i % 3]])
    return rows


def sample_document(lang: str = "zh", rows: int = 90) -> Document:
    zh = lang == "zh"
    return Document(
        title="防汛值班交接班记录" if zh else "Flood duty handover record",
        subtitle="2026年7月29日 08:30 — 7月30日 08:30" if zh else "29 Jul 2026 08:30 – 30 Jul 2026 08:30",
        meta=[("交班人" if zh else "Outgoing", "张伟"), ("接班人" if zh else "Incoming", "李娜 Li Na"),
              ("带班领导" if zh else "Leader on duty", "王强"), ("应急响应" if zh else "Response level", "IV 级 / Level IV")],
        sections=[
            Section(heading="一、未结事项" if zh else "1. Open items",
                    paragraphs=["以下事项移交下一班继续跟踪。Items carried to the next shift.", HOSTILE],
                    table=Table(columns=["编号" if zh else "ID", "时间" if zh else "Time",
                                         "等级" if zh else "Severity", "内容" if zh else "Details",
                                         "责任人" if zh else "Owner"],
                                rows=long_rows(rows))),
            Section(heading="二、领导指示" if zh else "2. Leader instructions",
                    items=["加强沙河水库夜间巡查,每小时报水位。", "Keep the pumping station manned overnight.", HOSTILE]),
            Section(heading="三、统计" if zh else "3. Statistics",
                    table=Table(columns=["类别" if zh else "Kind", "数量" if zh else "Count"],
                                rows=[["来电", "12"], ["巡查", "30"], ["险情", "3"]], widths=[3, 1])),
        ],
        signatures=[Signature("交班人" if zh else "Outgoing officer", "张伟", "2026-07-30 08:31"),
                    Signature("接班人" if zh else "Incoming officer"),
                    Signature("带班领导" if zh else "Leader on duty", "王强", "")],
        footer="某市防汛抗旱指挥部办公室 值班室" if zh else "City flood control HQ duty room",
        seal=("封存时间 2026-07-30 08:31;封存码(SHA-256)" if zh else "Sealed 2026-07-30 08:31; seal (SHA-256) ")
        + "3f7a9c0d2b41e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4",  # a sentence, as callers give it
        lang=lang,
        generated_at="2026-07-30 08:35",
    )
