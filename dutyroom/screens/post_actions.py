"""Dashboard actions for issue #15's posts part: ``b`` pioneer posts (``post add|list|end``),
``v`` people moved (``evacuation add|list``). A mixin, so the dashboard stays about layout."""

from __future__ import annotations

from typing import Any


class PostActions:
    """Mixed into the dashboard screen (needs ``self.ctx`` and ``self.app``)."""

    ctx: Any
    app: Any

    def action_pioneer_posts(self) -> None:
        from dutyroom.screens.pioneer_posts import PioneerPostsScreen

        self.app.push_screen(PioneerPostsScreen(self.ctx))

    def action_evacuations(self) -> None:
        from dutyroom.screens.evacuations import EvacuationsScreen

        self.app.push_screen(EvacuationsScreen(self.ctx))
