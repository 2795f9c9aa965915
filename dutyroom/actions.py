"""The one catalog of what an officer can do, and the keys that do it.

Each action is declared once here. The catalog feeds the ``BINDINGS`` of the
app, the dashboard, the panes and the forms (so the footer shows them), the
help screen (``?``/F1) and the command palette (ctrl+p). The binding id is the
action id, so ``config.toml`` can remap any key::

    [keys]
    new_log = "ctrl+n"
    quick_entry = "colon,i"

No translated text here: ``description_key`` is looked up when a screen is built,
so the language chosen at start-up applies.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterable

from textual.binding import Binding

from dutyroom.i18n import catalog, t
from dutyroom.model.errors import ValidationError


@dataclass(frozen=True)
class ActionSpec:
    """One thing an officer can do.

    ``id`` is the binding id (for ``[keys]`` remapping) and, unless ``action``
    says otherwise, the Textual action name run in the ``group``'s node:
    ``app`` on the App, ``dashboard`` on the dashboard screen, ``escalation``
    on the escalation pane, ``form`` on every form.
    """

    id: str
    key: str
    description_key: str
    show: bool = True
    group: str = "dashboard"
    action: str = ""
    priority: bool = False
    palette: bool = True
    key_display: str | None = None

    @property
    def action_name(self) -> str:
        return self.action or self.id

    def binding(self) -> Binding:
        return Binding(self.key, self.action_name, self.description_key, show=self.show,
                       priority=self.priority, id=self.id, key_display=self.key_display)


ACTIONS: list[ActionSpec] = [
    ActionSpec("new_log", "n", "action.new_log"),
    ActionSpec("new_report", "r", "action.new_report"),
    ActionSpec("new_ticket", "t", "action.new_ticket"),
    ActionSpec("amend_log", "e", "action.amend_log"),
    ActionSpec("filter_pane", "slash", "action.filter_pane", key_display="/"),
    ActionSpec("open_selected", "enter", "action.open_selected", show=False),
    ActionSpec("clear_filter", "escape", "action.clear_filter", show=False),
    ActionSpec("handover", "h", "action.handover"),
    ActionSpec("quick_entry", "colon", "action.quick_entry", key_display=":"),
    ActionSpec("set_status", "s", "action.set_status"),
    ActionSpec("callout_start", "c", "action.callout_start"),
    ActionSpec("upward", "u", "action.upward"),
    ActionSpec("next_pane", "tab", "action.next_pane", show=False),
    ActionSpec("previous_pane", "shift+tab", "action.previous_pane", show=False),
    *(ActionSpec(f"show_pane_{n}", str(n), f"action.show_pane_{n}", show=False, palette=False,
                 action=f"show_pane({n})") for n in range(1, 9)),
    # water & rain (issue #15): a reading by keys; the station screen (enter on the pane)
    ActionSpec("record_reading", "w", "action.record_reading"),
    ActionSpec("new_station", "W", "action.new_station", show=False),
    # what the command line also does (shift sign-on/off, order, log print): palette and help
    ActionSpec("sign_on", "o", "action.sign_on", show=False),
    ActionSpec("sign_off", "O", "action.sign_off", show=False),
    ActionSpec("standing_orders", "g", "action.standing_orders", show=False),
    ActionSpec("pioneer_posts", "b", "action.pioneer_posts", show=False),
    ActionSpec("evacuations", "v", "action.evacuations", show=False),
    ActionSpec("print_activity_log", "p", "action.print_activity_log", show=False),
    ActionSpec("older_page", "right_square_bracket", "action.older_page", show=False,
               key_display="]"),
    ActionSpec("newer_page", "left_square_bracket", "action.newer_page", show=False,
               key_display="["),
    ActionSpec("acknowledge", "a", "action.acknowledge", group="escalation"),
    ActionSpec("snooze", "z", "escalation.key.snooze", group="escalation"),
    ActionSpec("help", "question_mark,f1", "action.help", group="app", key_display="?"),
    # priority: a detail screen is modal, and Textual ignores the app's other keys there
    ActionSpec("command_palette", "ctrl+p", "action.command_palette", group="app", show=False,
               palette=False, priority=True),
    ActionSpec("quit", "q", "action.quit", group="dashboard", action="app.quit"),
    ActionSpec("alert_open", "f2", "action.alert_open", group="app", show=False, priority=True,
               key_display="F2"),
    ActionSpec("alert_dismiss", "f3", "action.alert_dismiss", group="app", show=False, priority=True,
               key_display="F3"),
    ActionSpec("force_quit", "ctrl+q", "action.force_quit", group="app", action="quit",
               show=False, priority=True),
    ActionSpec("handover_ack", "space", "handover.action.ack", group="handover", action="acknowledge",
               key_display="Space"),
    ActionSpec("handover_ack_all", "a", "handover.action.ack_all", group="handover",
               action="acknowledge_all"),
    ActionSpec("handover_sign_incoming", "i", "handover.action.sign_incoming", group="handover",
               action="sign_incoming"),
    ActionSpec("handover_sign_outgoing", "o", "handover.action.sign_outgoing", group="handover",
               action="sign_outgoing"),
    ActionSpec("handover_sign_leader", "c", "handover.action.sign_leader", group="handover",
               action="sign_leader"),
    ActionSpec("handover_override", "l", "handover.action.override", group="handover", action="override"),
    ActionSpec("handover_notes", "n", "handover.action.notes", group="handover", action="notes"),
    ActionSpec("handover_print", "p", "handover.action.print", group="handover", action="print"),
    ActionSpec("handover_send", "P", "handover.action.send", group="handover", action="send_to_printer"),
    ActionSpec("handover_refresh", "r", "handover.action.refresh", group="handover", action="refresh"),
    ActionSpec("handover_close", "escape", "handover.action.close", group="handover", action="close"),
    # the report detail (enter on a report): the chain's next steps
    ActionSpec("report_follow_up", "f", "report.action.follow_up", group="report", action="follow_up"),
    ActionSpec("report_final", "x", "report.action.final", group="report", action="final"),
    ActionSpec("report_forward", "p", "report.action.forward", group="report", action="forward"),
    ActionSpec("report_verify", "v", "report.action.verify", group="report", action="verify"),
    ActionSpec("report_severity", "l", "report.action.severity", group="report", action="severity"),
    ActionSpec("report_instruction", "i", "report.action.instruction", group="report",
               action="instruction"),
    ActionSpec("report_feedback", "b", "report.action.feedback", group="report", action="feedback"),
    ActionSpec("report_merge", "m", "report.action.merge", group="report", action="merge"),
    ActionSpec("report_ticket", "t", "report.action.ticket", group="report", action="ticket"),
    ActionSpec("report_correct", "c", "report.action.correct", group="report", action="correct"),
    ActionSpec("report_close", "escape", "report.action.close", group="report", action="close"),
    # the ticket detail (enter on a ticket)
    ActionSpec("ticket_close", "escape", "ticket.key.close", group="ticket", action="close"),
    ActionSpec("ticket_dispatch", "d", "ticket.key.dispatch", group="ticket", action="dispatch"),
    ActionSpec("ticket_status", "s", "ticket.key.status", group="ticket", action="status"),
    ActionSpec("ticket_update", "u", "ticket.key.update", group="ticket", action="update"),
    # one escalation (enter on the escalations pane, or the alert banner's open key)
    ActionSpec("escalation_ack", "a", "action.acknowledge", group="escalation_screen",
               action="acknowledge"),
    ActionSpec("escalation_snooze", "z", "escalation.key.snooze", group="escalation_screen",
               action="snooze"),
    ActionSpec("escalation_open_subject", "o", "escalation.screen.open_subject",
               group="escalation_screen", action="open_subject"),
    ActionSpec("escalation_close", "escape", "report.action.close", group="escalation_screen",
               action="close"),
    ActionSpec("station_record", "w", "action.record_reading", group="station", action="record"),
    ActionSpec("station_close", "escape", "water.action.close", group="station", action="close"),
    # reports upward (u) and the daily bulletin (b there)
    ActionSpec("upward_close", "escape", "upward.screen.close", group="upward", action="close"),
    ActionSpec("upward_deploy", "d", "upward.screen.deploy", group="upward", action="deploy"),
    ActionSpec("upward_bulletin", "b", "upward.screen.bulletin", group="upward", action="bulletin"),
    ActionSpec("upward_new_deed", "n", "upward.screen.new_deed", group="upward", action="new_deed"),
    ActionSpec("upward_party_report", "r", "action.party_report", group="upward", action="party_report"),
    ActionSpec("upward_earlier", "left_square_bracket", "upward.screen.earlier", group="upward",
               action="shift_period(-1)", key_display="["),
    ActionSpec("upward_later", "right_square_bracket", "upward.screen.later", group="upward",
               action="shift_period(1)", key_display="]"),
    ActionSpec("upward_shorter", "minus", "upward.screen.shorter", group="upward",
               action="resize_period(-1)", key_display="-"),
    ActionSpec("upward_longer", "plus,equals_sign", "upward.screen.longer", group="upward",
               action="resize_period(1)", key_display="+"),
    ActionSpec("deed_mark", "m", "upward.deeds.toggle", group="deeds", action="toggle_mark"),
    ActionSpec("bulletin_close", "escape", "upward.screen.close", group="bulletin", action="close"),
    ActionSpec("bulletin_draft", "r", "upward.bulletin.key_draft", group="bulletin", action="draft"),
    ActionSpec("bulletin_approve", "a", "upward.bulletin.key_approve", group="bulletin",
               action="approve"),
    ActionSpec("bulletin_issue", "i", "upward.bulletin.key_issue", group="bulletin", action="issue"),
    ActionSpec("bulletin_print", "p", "action.bulletin_print", group="bulletin", action="print"),
    ActionSpec("bulletin_earlier", "left_square_bracket", "upward.screen.earlier", group="bulletin",
               action="day(-1)", key_display="["),
    ActionSpec("bulletin_later", "right_square_bracket", "upward.screen.later", group="bulletin",
               action="day(1)", key_display="]"),
    # standing orders (g on the dashboard)
    ActionSpec("orders_new", "n", "order.action.new", group="orders", action="new"),
    ActionSpec("orders_end", "x", "order.action.end", group="orders", action="end"),
    ActionSpec("orders_close", "escape", "order.action.close", group="orders", action="close"),
    # the warning call-out (c on the dashboard): one call-out, worked down by keys
    ActionSpec("callout_answer", "a", "action.callout_answer", group="callout", action="answer"),
    ActionSpec("callout_fail", "f", "action.callout_fail", group="callout", action="fail"),
    ActionSpec("callout_arrived", "r", "action.callout_arrived", group="callout", action="arrived"),
    ActionSpec("callout_next", "n", "action.callout_next", group="callout", action="next_call"),
    ActionSpec("callout_print", "p", "action.callout_print", group="callout", action="print"),
    ActionSpec("callout_close", "x", "action.callout_close", group="callout", action="close_callout"),
    ActionSpec("callout_list", "l", "action.callout_list", group="callout", action="list"),
    ActionSpec("callout_back", "escape", "action.callout_back", group="callout", action="back"),
    # every call-out (c when some are open, l on a call-out)
    ActionSpec("callouts_open", "enter", "action.callouts_open", group="callouts", action="open"),
    ActionSpec("callouts_new", "n", "action.callouts_new", group="callouts", action="new"),
    ActionSpec("callouts_close", "escape", "action.callout_back", group="callouts", action="back"),
    # pioneer posts (b) and people moved (v) on the dashboard
    ActionSpec("posts_new", "n", "posts.action.new", group="posts", action="new"),
    ActionSpec("posts_end", "x", "posts.action.end", group="posts", action="end"),
    ActionSpec("posts_close", "escape", "posts.action.close", group="posts", action="close"),
    ActionSpec("evacuations_new", "n", "evacuations.action.new", group="evacuations", action="new"),
    ActionSpec("evacuations_update", "u", "evacuations.action.update", group="evacuations", action="update"),
    ActionSpec("evacuations_close", "escape", "evacuations.action.close", group="evacuations", action="close"),
    # 复盘 (issue #16) by keys on the dashboard: the read-only replay at a moment, the
    # after-action timeline (also in a replay); in the footer after q, where they fit
    ActionSpec("replay_open", "R", "action.replay_open"),
    ActionSpec("timeline_export", "T", "action.timeline_export"),
    # 复盘: the read-only replay (dutyroom --replay TIME); over every screen's own keys there
    ActionSpec("replay_back", "left_square_bracket", "replay.key.back", group="replay",
               action="app.replay_step(-1)", priority=True, key_display="["),
    ActionSpec("replay_forward", "right_square_bracket", "replay.key.forward", group="replay",
               action="app.replay_step(1)", priority=True, key_display="]"),
    ActionSpec("replay_hour_back", "left_curly_bracket", "replay.key.hour_back", group="replay",
               action="app.replay_hours(-1)", priority=True, key_display="{"),
    ActionSpec("replay_hour_forward", "right_curly_bracket", "replay.key.hour_forward", group="replay",
               action="app.replay_hours(1)", priority=True, key_display="}"),
    ActionSpec("replay_play", "space", "replay.key.play", group="replay", action="app.replay_play",
               priority=True, key_display="Space"),
    ActionSpec("replay_speed", "x", "replay.key.speed", group="replay", action="app.replay_speed",
               priority=True),
    ActionSpec("replay_goto", "g", "replay.key.goto", group="replay", action="app.replay_goto",
               priority=True),
    ActionSpec("form_save", "ctrl+s", "action.form_save", group="form", action="save",
               priority=True, palette=False),
    ActionSpec("form_cancel", "escape", "action.form_cancel", group="form", action="cancel",
               palette=False),
    # priority: the focus moves while the Tab is handled, so a key typed in the same burst
    # (a paste, an SSH packet) lands in the next field, not in the one Tab left
    ActionSpec("form_next_field", "tab", "action.form_next_field", group="form", action="next_field",
               show=False, priority=True, palette=False),
    ActionSpec("form_previous_field", "shift+tab", "action.form_previous_field", group="form",
               action="previous_field", show=False, priority=True, palette=False),
]

BY_ID: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}


def specs(group: str) -> list[ActionSpec]:
    return [spec for spec in ACTIONS if spec.group == group]


def bindings(group: str) -> list[Binding]:
    """``BINDINGS`` for a class: every action of ``group``, descriptions untranslated."""
    return [spec.binding() for spec in specs(group)]


def help_first() -> Binding:
    """The app's help key again at the head of a screen's bindings (same id, so ``[keys]``
    moves both): the footer lists keys in binding order, and at 80 columns the app's own
    keys fall off its end — ``?`` must stay visible there."""
    spec = BY_ID["help"]
    return Binding(spec.key, "app.help", spec.description_key, id=spec.id,
                   key_display=spec.key_display)


def translate_bindings(node: Any) -> None:
    """Replace a node's binding descriptions with their text in the current language.

    ``BINDINGS`` are class attributes built at import time, before ``--lang`` is
    known; a node calls this from ``__init__`` so its footer speaks the officer's
    language.
    """
    table = node._bindings.key_to_bindings  # noqa: SLF001 - Textual keeps no public setter
    for key, items in list(table.items()):
        table[key] = [dataclasses.replace(b, description=short_label(b.description),
                                          tooltip=b.tooltip or t(b.description))
                      if b.description else b for b in items]


def short_label(description_key: str) -> str:
    """The footer's words for a key: the catalog's short form (``<key>.short``) if it has one.

    The footer is one line: at 80 columns full descriptions were cut mid-word ("h Handov").
    The help screen and the palette show the full description."""
    short = f"{description_key}.short"
    if short in catalog():
        return t(short)
    return t(description_key)


def keymap_from_settings(section: dict[str, Any]) -> dict[str, str]:
    """``[keys]`` of config.toml as a Textual keymap; an unknown id or a non-text key is refused."""
    keymap: dict[str, str] = {}
    for action_id, keys in section.items():
        if action_id not in BY_ID:
            raise ValidationError("error.bad_key_action", field="keys", value=action_id,
                                  choices=", ".join(BY_ID))
        if not isinstance(keys, str) or not keys.strip():
            raise ValidationError("error.bad_key", field="keys", value=action_id)
        keymap[action_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap


def current_keys(spec: ActionSpec, keymap: dict[str, str]) -> str:
    """The keys an action answers to now, as the help screen shows them."""
    keys = keymap.get(spec.id) or spec.key
    names = []
    for key in keys.split(","):
        key = key.strip()
        if key == spec.key.split(",")[0] and spec.key_display:
            names.append(spec.key_display)
        else:
            names.append(_KEY_NAMES.get(key, key))
    return " / ".join(names)


_KEY_NAMES = {"question_mark": "?", "slash": "/", "colon": ":", "right_square_bracket": "]",
              "left_square_bracket": "[", "f1": "F1", "enter": "Enter", "tab": "Tab",
              "left_curly_bracket": "{", "right_curly_bracket": "}", "space": "Space",
              "shift+tab": "Shift+Tab", "escape": "Esc", "ctrl+p": "Ctrl+P", "ctrl+q": "Ctrl+Q",
              "ctrl+s": "Ctrl+S"}


SCREEN_GROUPS = ("dashboard", "handover", "report", "ticket", "upward", "bulletin", "orders",
                 "escalation_screen", "station", "callout", "callouts", "posts", "evacuations")
"""Groups whose actions run on a screen (the palette offers those of the screen it opened on)."""


def palette_specs(group: str = "dashboard") -> Iterable[ActionSpec]:
    """What the palette offers on a screen whose actions are ``group``: those, and the app's."""
    return (spec for spec in ACTIONS if spec.palette and spec.group in ("app", group))
