"""A hostile operator name reaches other officers only as plain text (issue #13, Identity).

The name enters through ``operator_name`` (``--operator`` / ``DUTYROOM_OPERATOR`` / the OS
account), the one place it is cleaned; the conflict dialog and its notifications then show
what is left literally: no escape sequence reaches the terminal, no markup is parsed, and
pressing Discard or Re-apply does not kill the app with a MarkupError.
"""

from __future__ import annotations

import pytest
from textual.app import ComposeResult
from textual.widgets import Static

from dutyroom.screens.conflict import ConflictDialog
from dutyroom.services.clock import FixedClock
from dutyroom.services.identity import operator_name
from tests.conftest import START, wait_for
from tests.tui.test_conflict_two_apps import Officer as _Officer, _ctx, _set

HOSTILE = "mallory\x1b]0;PWNED\x07\x1b]52;c;SGFja2Vk\x07\x1b[2J[@click=app.quit]CLK[/]"


class Officer(_Officer):
    def compose(self) -> ComposeResult:
        yield Static(self.ctx.operator, markup=False)


def test_operator_name_is_cleaned_where_it_enters() -> None:
    name = operator_name(HOSTILE, {})
    assert name == "mallory[@click=app.quit]CLK[/]"
    assert operator_name(None, {"DUTYROOM_OPERATOR": HOSTILE}) == name
    assert operator_name("m" * 55, {}) == "m" * 32
    assert operator_name("张" * 20, {}) == "张" * 16  # 32 columns, a CJK character takes two
    assert operator_name("\x1b[2J", {"DUTYROOM_OPERATOR": "lina"}) == "lina"  # nothing left: next source
    assert operator_name("x\udcffy\x9b2J\u202e", {}) == "x\ufffdy"


@pytest.mark.parametrize("stored", ["cleaned", "raw"])
@pytest.mark.parametrize("key", ["d", "r"])
async def test_conflict_with_a_hostile_name_stays_literal(db, store, key: str, stored: str) -> None:
    """``raw``: the name as an older version or another tool may have stored it."""
    ticket = store.create("ticket", {"location": "沙河大堤", "severity": "minor", "open": True})
    name = operator_name(HOSTILE, {}) if stored == "cleaned" else HOSTILE
    mallory = Officer(_ctx(db, name, "local", FixedClock(START)))
    li = Officer(_ctx(db, "李娜", "10.0.0.7", FixedClock(START)))
    async with mallory.run_test(size=(100, 30)) as pm, li.run_test(size=(100, 30)) as pl:
        form_m, form_l = mallory.edit(ticket["id"]), li.edit(ticket["id"])
        await pm.pause()
        await pl.pause()
        await _set(pm, form_m, "location", "沙河大堤北段")
        await pm.press("ctrl+s")
        await wait_for(lambda: store.require("ticket", ticket["id"])["version"] == 2, pilot=pm)
        await _set(pl, form_l, "severity", "major")
        await pl.press("ctrl+s")
        await wait_for(lambda: isinstance(li.screen, ConflictDialog), pilot=pl)
        message = str(li.screen.query_one("#conflict-message").render())
        assert "mallory[@click=app.quit]CLK[/]" in message
        assert "\x1b" not in message and "PWNED" not in message and "\x07" not in message
        await pl.press(key)
        await wait_for(lambda: not isinstance(li.screen, ConflictDialog), pilot=pl)
        await pl.pause()
        assert li.is_running and li.return_code is None
        shown = [n for n in li._notifications if "mallory" in n.message]
        assert shown and all("[@click=app.quit]CLK[/]" in n.message and "\x1b" not in n.message
                             and not n.markup for n in shown)  # a toast that parsed it could quit
        assert mallory.is_running
