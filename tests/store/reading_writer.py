"""A writer process for the concurrency tests: records readings of one station.

Usage: python tests/store/reading_writer.py DB BARRIER PROCS TAG add STATION COUNT START_ISO
       python tests/store/reading_writer.py DB BARRIER PROCS TAG import FILE ROUNDS

``add`` tries a reading at each of COUNT consecutive minutes from START_ISO (the same
minutes in every process) and prints "ok MINUTE ID" for each it recorded and "dup MINUTE"
for each refused as a duplicate. ``import`` imports FILE ROUNDS times and prints "imported N"
each time. Before each attempt the PROCS processes meet at a barrier (files in the
directory BARRIER), so they race for every minute and every import, not just the first.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import arrow  # noqa: E402

from dutyroom.api import open_room  # noqa: E402
from dutyroom.model.errors import ValidationError  # noqa: E402
from dutyroom.services.stations import Stations  # noqa: E402


def meet(barrier: Path, procs: int, step: int, tag: str) -> None:
    """Wait until every process has reached ``step``."""
    (barrier / f"{step}-{tag}").touch()
    deadline = time.monotonic() + 120
    while len(list(barrier.glob(f"{step}-*"))) < procs:
        if time.monotonic() > deadline:
            raise SystemExit(f"barrier {step}: the other writers never came")
        time.sleep(0.0002)


def main() -> None:
    db, barrier, procs, tag, mode, *rest = sys.argv[1:]
    barrier_dir = Path(barrier)
    with open_room(db, operator=f"sensor-{tag}", lang="en") as room:
        stations = Stations(room.ctx)
        if mode == "import":
            for step in range(int(rest[1])):
                meet(barrier_dir, int(procs), step, tag)
                sys.stdout.write(f"imported {stations.import_readings(Path(rest[0]))}\n")
            return
        station, count, first = rest[0], int(rest[1]), arrow.get(rest[2])
        for minute in range(count):
            meet(barrier_dir, int(procs), minute, tag)
            try:
                reading = stations.add_reading(station, 20.0 + minute / 1000, at=first.shift(minutes=minute),
                                               source="sensor")
            except ValidationError as error:
                assert error.key == "error.reading_duplicate", error.key
                sys.stdout.write(f"dup {minute}\n")
            else:
                sys.stdout.write(f"ok {minute} {reading.id}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
