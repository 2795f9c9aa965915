"""A dashboard in live use, measured from inside its own process (run by ``bench_tui``).

The probe starts the app headless on the season (clock in its last day), then:

1. makes its first update (a progress note on an open ticket, as an officer would) and
   reads its resident memory once the dashboard has applied it;
2. sits idle for a few seconds (up to 10) to learn what a second of idling costs it in CPU;
3. for ``--live`` seconds: waits a random time (so nothing is phase-locked to a poll or
   a tick), has another process (``dutyroom.api``, started once beforehand) commit a log
   entry, and notes when the entry's row is in the log pane and painted, and the CPU the
   process spent from the commit until then plus a settling time, less idling;
4. reads its memory again (current and peak).

Lines printed: ``RSS_FIRST mb``, ``IDLE pct``, ``SAMPLE latency_ms cpu_ms``, ``RSS_END mb hwm``.
"""

from __future__ import annotations

LIVE_PROBE = r"""
import asyncio, os, random, resource, sys, time
os.environ.setdefault("DUTYROOM_TZ", "Asia/Shanghai")
from pathlib import Path
from dutyroom.app import make_app
from dutyroom.bench_common import proc_status_mb
from dutyroom.config import load_settings
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.services.tickets import Tickets
from dutyroom.store import Store
from dutyroom.widgets.log_pane import LogPane

db, now, live = sys.argv[1], sys.argv[2], float(sys.argv[3])
clock = FixedClock(now)
store = Store(Path(db), now=clock.now, operator="bench")
store.open()
ctx = Context(store=store, clock=clock, settings=load_settings(Path(db) / "config.toml"), operator="bench")
SETTLE = 0.3

WRITER = '''
import sys, time
from dutyroom.api import open_room
from dutyroom.services.clock import FixedClock
room = open_room(sys.argv[1], operator="writer", clock=FixedClock(sys.argv[2]))
for line in sys.stdin:
    room.log.add(line.strip(), kind="other", at=sys.argv[2])
    print(time.time(), flush=True)
'''


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def main():
    writer = await asyncio.create_subprocess_exec(sys.executable, "-c", WRITER, db, now,
                                                  stdin=asyncio.subprocess.PIPE,
                                                  stdout=asyncio.subprocess.PIPE)
    app = make_app(ctx, offer_drafts=False, ask_identity=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(LogPane)
        waiting = {}
        show = pane._show

        def watched_show(now_):
            show(now_)
            for marker, event in list(waiting.items()):
                if any(marker in row.cells[4].plain for row in pane._rows.values()):
                    del waiting[marker]
                    app.call_after_refresh(lambda e=event: (setattr(e, "at", time.time()), e.set()))

        pane._show = watched_show
        # 1. the first update of this process
        open_ids = [r["id"] for r in store.open_records("ticket")]
        if open_ids:
            version = app.data_version
            Tickets(ctx).record(open_ids[0], note="bench: first update")
            app.refresh_now()
            while app.data_version == version:
                await asyncio.sleep(0.05)
            await pilot.pause()
        print("RSS_FIRST", proc_status_mb(), flush=True)
        # 2. idling (after the first update has settled: the engine looks at it on a tick)
        await asyncio.sleep(2.0)
        c0, t0 = cpu(), time.monotonic()
        await asyncio.sleep(min(10.0, max(2.0, live / 6)))
        idle_rate = (cpu() - c0) / (time.monotonic() - t0)
        print("IDLE", idle_rate * 100, flush=True)
        # 3. another process commits at random moments
        rng = random.Random(7)
        end = time.monotonic() + live
        i = 0
        while time.monotonic() < end:
            await asyncio.sleep(rng.uniform(0.2, 1.2))
            marker = f"bench-live-{i}-{time.time_ns()}"
            i += 1
            event = asyncio.Event()
            waiting[marker] = event
            c0, t0 = cpu(), time.monotonic()
            writer.stdin.write((marker + "\n").encode())
            await writer.stdin.drain()
            committed = float((await writer.stdout.readline()).decode())
            try:
                await asyncio.wait_for(event.wait(), 30)
            except asyncio.TimeoutError:
                print("MISSED", marker, flush=True)
                continue
            await asyncio.sleep(SETTLE)
            spent = cpu() - c0 - idle_rate * (time.monotonic() - t0)
            print("SAMPLE", (event.at - committed) * 1000, max(0.0, spent) * 1000, flush=True)
        print("RSS_END", proc_status_mb(), proc_status_mb(field_name="VmHWM"), flush=True)
    writer.stdin.close()
    await writer.wait()

asyncio.run(main())
"""


def live_dashboard(db: str, now: str, live_s: float) -> dict[str, list[float]]:
    """Run the probe in a fresh process; its measurements by line kind."""
    import subprocess
    import sys

    from dutyroom.bench_common import quiet_env

    out = subprocess.run([sys.executable, "-c", LIVE_PROBE, db, now, str(live_s)],
                         capture_output=True, text=True, timeout=600 + live_s, env=quiet_env())
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    result: dict[str, list[float]] = {}
    for line in out.stdout.splitlines():
        kind, *values = line.split()
        if kind == "MISSED":
            raise RuntimeError(f"a write never reached the dashboard: {line}")
        if kind == "SAMPLE":
            result.setdefault("latency", []).append(float(values[0]))
            result.setdefault("cpu", []).append(float(values[1]))
        elif kind in ("RSS_FIRST", "IDLE", "RSS_END"):
            result.setdefault(kind, []).extend(float(v) for v in values)
    return result
