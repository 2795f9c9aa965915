"""``dutyroom station add|import|list`` and ``dutyroom reading add|import|list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dutyroom.cli.common import CliEnv, add_command, add_group, one_line, print_json
from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.station import ReadingSource, StationKind, StationState, StationTrend
from dutyroom.services.stations import Stations, reading_json, station_json

LEVEL_OPTIONS = ("warning-level", "guarantee-level", "flood-limit")
RAIN_OPTIONS = ("rain-1h", "rain-3h", "rain-24h")


def register(sub: argparse._SubParsersAction) -> None:
    _register_station(sub)
    _register_reading(sub)


def _register_station(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "station", t("cli.station"))
    add = add_command(group, "add", t("cli.station.add"))
    add.add_argument("name", help=t("cli.station.arg.name"))
    add.add_argument("--kind", required=True, help=t("cli.station.opt.kind", choices="|".join(StationKind.codes())))
    add.add_argument("--keypoint", default=None, metavar="ID", help=t("cli.station.opt.keypoint"))
    for option in LEVEL_OPTIONS:
        add.add_argument(f"--{option}", default=None, metavar="M", help=t(f"cli.station.opt.{option.replace('-', '_')}"))
    for option in RAIN_OPTIONS:
        add.add_argument(f"--{option}", default=None, metavar="MM", help=t(f"cli.station.opt.{option.replace('-', '_')}"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_station_add)

    imp = add_command(group, "import", t("cli.station.import"))
    imp.add_argument("file", help=t("cli.station.arg.file"))
    imp.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    imp.set_defaults(func=_station_import)

    listing = add_command(group, "list", t("cli.station.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_station_list)


def _register_reading(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "reading", t("cli.reading"))
    add = add_command(group, "add", t("cli.reading.add"))
    add.add_argument("station", help=t("cli.reading.arg.station"))
    add.add_argument("value", help=t("cli.reading.arg.value"))
    add.add_argument("--at", default=None, metavar="TIME", help=t("cli.reading.opt.at"))
    add.add_argument("--source", default="phone", help=t("cli.reading.opt.source", choices="|".join(ReadingSource.codes())))
    add.add_argument("--force", action="store_true", help=t("cli.reading.opt.force"))
    add.add_argument("--reason", default=None, help=t("cli.reading.opt.reason"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_reading_add)

    imp = add_command(group, "import", t("cli.reading.import"))
    imp.add_argument("file", help=t("cli.reading.arg.file"))
    imp.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    imp.set_defaults(func=_reading_import)

    listing = add_command(group, "list", t("cli.reading.list"))
    listing.add_argument("station", help=t("cli.reading.arg.station"))
    listing.add_argument("--since", default=None, metavar="TIME", help=t("cli.reading.opt.since"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_reading_list)


def _after_write(env: CliEnv) -> None:
    """A reading may cross a threshold: raise (or clear) its escalation now, not at the next
    tick of an app somebody may not have open."""
    from dutyroom.services.escalation import EscalationService, escalation_title, rules_for
    from dutyroom.services.escalation_engine import ActionKind

    ctx = env.context()
    try:
        actions = EscalationService(ctx, rules=rules_for(ctx, strict=False)).evaluate_now()
    except Exception:  # noqa: BLE001 - the reading is saved; the app's next tick will retry
        sys.stderr.write(t("cli.reading.escalation_later") + "\n")
        return
    for action in actions:  # say so on stderr: stdout stays the id (or the JSON) for scripts
        if action.kind == ActionKind.RAISE and action.watch is not None and action.watch.subject_kind == "station":
            raised = _raised(ctx, action.key)
            title = escalation_title(raised) if raised is not None else ""
            sys.stderr.write(t("cli.reading.raised", reason=t(action.watch.reason.label_key), title=title) + "\n")


def _raised(ctx: Any, key: str) -> Any:
    from dutyroom.model.escalation import Escalation

    row = next((r for r in ctx.store.open_records("escalation") if r.get("key") == key), None)
    return Escalation.from_dict(row) if row else None


# ------------------------------------------------------------------ station
def _station_add(args: argparse.Namespace, env: CliEnv) -> int:
    service = Stations(env.context())
    station = service.add(args.name, args.kind, keypoint=args.keypoint, warning_level=args.warning_level,
                          guarantee_level=args.guarantee_level, flood_limit=args.flood_limit,
                          rain_1h=args.rain_1h, rain_3h=args.rain_3h, rain_24h=args.rain_24h)
    if args.json:
        print_json(station_json(station))
    else:
        print(station.id)
    return 0


def _station_import(args: argparse.Namespace, env: CliEnv) -> int:
    stations = Stations(env.context()).import_csv(Path(args.file))
    if args.json:
        print_json([station_json(s) for s in stations])
    else:
        print(t("cli.station.imported", count=len(stations), first=stations[0].id, last=stations[-1].id))
    return 0


def _station_list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    views = Stations(ctx).views()
    if args.json:
        print_json(views)
        return 0
    if not views:
        print(t("cli.empty"))
    for view in views:
        print(station_line(view, ctx.tz))
    return 0


def station_line(view: dict[str, Any], tz: str) -> str:
    """"#3  沙河水库  水库  21.40 米 07-29 08:00  上涨  超汛限  距警戒 0.60"."""
    import arrow

    rain = view["kind"] == "rain"
    unit = t("station.unit.mm" if rain else "station.unit.m")
    latest = view["latest"]
    reading = (f"{latest['value']:g} {unit} {arrow.get(latest['at']).to(tz).format('MM-DD HH:mm')}"
               if latest else t("cli.station.no_reading"))
    margin = t("cli.station.margin", margin=f"{view['margin']:g}", unit=unit) if view["margin"] is not None else ""
    flag = t("cli.station.approaching") if view.get("approaching") else ""
    kind, trend, state = (StationKind(view["kind"]), StationTrend(view["trend"]), StationState(view["state"]))
    return (f"#{view['id']:<4} {one_line(view['name'], 20)}  {t(kind.label_key)}  {reading}  "
            f"{t(trend.label_key)}  {t(state.label_key)}  {margin} {flag}").rstrip()


# ------------------------------------------------------------------ reading
def _reading_add(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    if args.force and not (args.reason or "").strip():
        raise ValidationError("error.reading_force_reason", field="reason")
    if args.reason is not None and not args.force:
        raise ValidationError("error.reading_force_reason", field="reason")
    at = ctx.parse_time(args.at, "at") if args.at else None
    reading = Stations(ctx).add_reading(args.station, args.value, at=at, source=args.source,
                                        force_reason=args.reason if args.force else None)
    _after_write(env)
    if args.json:
        print_json(reading_json(reading))
    else:
        print(reading.id)
    return 0


def _reading_import(args: argparse.Namespace, env: CliEnv) -> int:
    count = Stations(env.context()).import_readings(Path(args.file))
    if count:
        _after_write(env)
    if args.json:
        print_json({"imported": count})
    else:
        print(t("cli.reading.imported", count=count))
    return 0


def _reading_list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = Stations(ctx)
    station = service.require(args.station)
    since = ctx.parse_time(args.since, "since") if args.since else None
    readings = service.readings(int(station.id or 0), since=since)
    if args.json:
        print_json([reading_json(r) for r in readings])
        return 0
    if not readings:
        print(t("cli.empty"))
    unit = t("station.unit.mm" if station.is_rain else "station.unit.m")
    for reading in readings:
        forced = t("cli.reading.forced", reason=reading.force_reason) if reading.force_reason else ""
        print(f"#{reading.id:<5} {ctx.local(reading.at).format('YYYY-MM-DD HH:mm')}  {reading.value:g} {unit}  "
              f"{t(reading.source.label_key)} {forced}".rstrip())
    return 0
