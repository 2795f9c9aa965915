"""Party-member pioneer posts (党员先锋岗), ``b`` on the dashboard: ``n`` sets one up, ``x``
stands the selected one down (after asking: it cannot be undone), Esc closes. Posts
standing come first; the list follows other sessions."""

from __future__ import annotations

from rich.text import Text

from dutyroom.actions import bindings
from dutyroom.i18n import t
from dutyroom.model.pioneer_post import PioneerPost
from dutyroom.screens.post_forms import PostForm
from dutyroom.screens.record_list import RecordListScreen
from dutyroom.services.context import Context
from dutyroom.services.pioneer_posts import PioneerPosts
from dutyroom.widgets.pane import literal

COLUMNS = ("id", "name", "place", "leader", "party", "phone", "since", "state")


class PioneerPostsScreen(RecordListScreen[PioneerPost]):
    BINDINGS = bindings("posts")
    ACTION_GROUP = "posts"
    PREFIX = "posts"
    TITLE_KEY = "post.screen.title"
    COLUMN_KEY = "post.column"
    COLUMNS = COLUMNS

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.service = PioneerPosts(ctx)

    def load(self) -> list[PioneerPost]:
        return sorted(self.service.all(), key=lambda p: (not p.active, p.id or 0))

    def cells(self, post: PioneerPost) -> list[Text]:
        state = t("post.active") if post.active else t("post.ended")
        return [Text(f"#{post.id}"), Text(literal(post.name, one_line=True)),
                Text(literal(self.service.place_label(post), one_line=True)),
                Text(literal(post.leader, one_line=True)), Text(str(post.party_members)),
                Text(literal(post.phone, one_line=True)),
                Text(self.ctx.local(post.started_at).format("MM-DD HH:mm")),
                Text(state, style="" if post.active else "dim")]

    def note(self) -> str:
        if not self.records:
            return t("post.screen.empty")
        active = [p for p in self.records if p.active]
        return t("post.screen.summary", posts=len(active), party=sum(p.party_members for p in active))

    def action_new(self) -> None:
        self.open_form(PostForm(self.ctx), lambda post: t("post.saved", id=post.id))

    def action_end(self) -> None:
        post = self.selected()
        if post is None or not post.active:
            self.notify(t("post.screen.select_first"), severity="warning", markup=False)
            return
        question = t("post.screen.confirm_end", id=post.id, name=literal(post.name, one_line=True)[:200])
        self.confirm_then(question, lambda: self.service.end(post.id or 0, expected_version=post.version),
                          lambda: t("cli.post.ended", id=post.id))
