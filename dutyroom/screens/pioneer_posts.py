"""Party-member pioneer posts (党员先锋岗), ``b`` on the dashboard: ``n`` sets one up, ``x``
stands the selected one down (after asking: it cannot be undone), Esc closes. Posts
standing come first; the list follows other sessions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.pioneer_post import PioneerPost
from dutyroom.screens.confirm import ConfirmScreen
from dutyroom.screens.post_forms import PostForm
from dutyroom.services.context import Context
from dutyroom.services.pioneer_posts import PioneerPosts
from dutyroom.widgets.pane import literal

COLUMNS = ("id", "name", "place", "leader", "party", "phone", "since", "state")


class PioneerPostsScreen(ModalScreen[None]):
    BINDINGS = bindings("posts")
    ACTION_GROUP = "posts"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.posts: list[PioneerPost] = []
        self._revision = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="posts-box"):
            yield Static("", id="posts-summary", markup=False)
            yield DataTable(id="posts-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#posts-box").border_title = t("post.screen.title")
        table = self.query_one("#posts-table", DataTable)
        for key in COLUMNS:
            table.add_column(Text(t(f"post.column.{key}")), key=key)
        self.reload()
        self.set_interval(1.0, self._follow)
        table.focus()

    def _follow(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.reload()

    def reload(self) -> None:
        self._revision = self.ctx.store.revision()
        service = PioneerPosts(self.ctx)
        try:
            self.posts = sorted(service.all(), key=lambda p: (not p.active, p.id or 0))
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        table = self.query_one("#posts-table", DataTable)
        row = table.cursor_row
        table.clear()
        for post in self.posts:
            state = t("post.active") if post.active else t("post.ended")
            table.add_row(Text(f"#{post.id}"), Text(literal(post.name, one_line=True)),
                          Text(literal(service.place_label(post), one_line=True)),
                          Text(literal(post.leader, one_line=True)), Text(str(post.party_members)),
                          Text(literal(post.phone, one_line=True)),
                          Text(self.ctx.local(post.started_at).format("MM-DD HH:mm")),
                          Text(state, style="" if post.active else "dim"), key=str(post.id))
        if self.posts:
            table.move_cursor(row=min(max(row, 0), len(self.posts) - 1), animate=False)
        active = [p for p in self.posts if p.active]
        summary = self.query_one("#posts-summary", Static)
        summary.update(t("post.screen.summary", posts=len(active), party=sum(p.party_members for p in active))
                       if self.posts else t("post.screen.empty"))

    def selected(self) -> PioneerPost | None:
        table = self.query_one("#posts-table", DataTable)
        if not self.posts or not 0 <= table.cursor_row < len(self.posts):
            return None
        return self.posts[table.cursor_row]

    def action_new(self) -> None:
        def saved(post: PioneerPost | None) -> None:
            if post is not None:
                self.notify(t("post.saved", id=post.id), markup=False)
            self.reload()

        self.app.push_screen(PostForm(self.ctx), saved)

    def action_end(self) -> None:
        post = self.selected()
        if post is None or not post.active:
            self.notify(t("post.screen.select_first"), severity="warning", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                PioneerPosts(self.ctx).end(post.id or 0, expected_version=post.version)
            except DomainError as error:
                self.notify(explain(error), severity="error", markup=False)
            else:
                self.notify(t("cli.post.ended", id=post.id), markup=False)
            self.reload()

        question = t("post.screen.confirm_end", id=post.id, name=literal(post.name, one_line=True)[:200])
        self.app.push_screen(ConfirmScreen(question), answer)

    def action_close(self) -> None:
        self.dismiss(None)
