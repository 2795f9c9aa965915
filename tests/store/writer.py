"""A writer process for the crash tests: commits log entries and reports each confirmed one.

Usage: python tests/store/writer.py DB COUNT TAG — prints "ok <id> <text>" after each
commit returns (i.e. after the journal line is fsynced), flushing every line.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import arrow  # noqa: E402

from dutyroom.store import Create, Store  # noqa: E402


def main() -> None:
    db, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    store = Store(db, now=arrow.utcnow, operator=f"writer-{tag}", station="local")
    store.open()
    for i in range(count):
        text = f"{tag}-{i} 水位巡查 " + "数据" * 40
        data = {"at": arrow.utcnow().isoformat(), "kind": "patrol", "text": text, "author": tag,
                "amends": None}
        if i % 5 == 4:
            # a two-record commit: both or neither
            records = store.commit([Create("log", data), Create("report", {
                "received_at": data["at"], "text": text, "open": True, "location": "沙河"})])
        else:
            records = store.commit([Create("log", data)])
        sys.stdout.write(f"ok {records[0]['id']} {text[:len(tag) + 8].split()[0]}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
