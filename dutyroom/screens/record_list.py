"""The shape shared by the small list screens (standing orders, pioneer posts, people moved,
warning call-outs): a bordered box with one line of text over a table of records, a footer,
the list following other sessions' commits, a form for a new record, an end that asks first,
Esc closing.

A subclass names its ids, title and columns, and says how to load its records and how a
record reads as a row; its keys stay in its own ``BINDINGS`` (the action catalog's group).
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from dutyroom.actions import translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.screens.confirm import ConfirmScreen
from dutyroom.services.context import Context

R = TypeVar("R")


class RecordListScreen(ModalScreen[None], Generic[R]):
    """A table of records over one line of text; reloads when the store's revision moves."""

    PREFIX: ClassVar[str] = ""
    """Widget ids: ``PREFIX-box``, ``PREFIX-table`` and ``PREFIX-NOTE`` (the styles use them)."""
    NOTE: ClassVar[str] = "summary"
    """The id suffix of the line above the table."""
    TITLE_KEY: ClassVar[str] = ""
    """Catalog key of the box's border title."""
    COLUMN_KEY: ClassVar[str] = ""
    """Catalog prefix of the column headers: ``COLUMN_KEY.<column>``."""
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    """Column keys, in order; also the table's column keys."""
    POLLS: ClassVar[bool] = True
    """Reload each second when the store's revision moved; a screen that follows
    ``DataChanged`` messages instead says False."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.records: list[R] = []
        self._revision = -1

    # ------------------------------------------------------------ what a subclass says
    def load(self) -> list[R]:
        """The records to list, in order (a :class:`DomainError` is shown, the list kept)."""
        raise NotImplementedError

    def cells(self, record: R) -> list[Text]:
        """One row of the table: every cell already escaped (outside text is data)."""
        raise NotImplementedError

    def row_key(self, index: int, record: R) -> str:
        """The table's key for a row: the record's id where it has one."""
        return str(getattr(record, "id", index))

    def column_label(self, key: str) -> str:
        return t(f"{self.COLUMN_KEY}.{key}")

    def note(self) -> str | None:
        """The line above the table (after a load); ``None`` hides it."""
        return None

    # ------------------------------------------------------------ the shared shape
    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.PREFIX}-box", classes="record-list-box"):
            yield Static("", id=f"{self.PREFIX}-{self.NOTE}", classes="record-list-note", markup=False)
            yield DataTable(id=f"{self.PREFIX}-table", classes="record-list-table", cursor_type="row",
                            zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{self.PREFIX}-box").border_title = t(self.TITLE_KEY)
        table = self.table
        for key in self.COLUMNS:
            table.add_column(Text(self.column_label(key)), key=key)
        self.reload()
        if self.POLLS:
            self.set_interval(1.0, self._follow)
        table.focus()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(f"#{self.PREFIX}-table", DataTable)

    def _follow(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.reload()

    def reload(self) -> None:
        """Load again and refill the table, the cursor kept on the same row number."""
        self._revision = self.ctx.store.revision()
        try:
            self.records = self.load()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        table = self.table
        row = table.cursor_row
        table.clear()
        for index, record in enumerate(self.records):
            table.add_row(*self.cells(record), key=self.row_key(index, record))
        if self.records:
            table.move_cursor(row=min(max(row, 0), len(self.records) - 1), animate=False)
        line = self.query_one(f"#{self.PREFIX}-{self.NOTE}", Static)
        text = self.note()
        line.update(text or "")
        line.display = text is not None

    def selected(self) -> R | None:
        """The record under the cursor, if any."""
        table = self.table
        if not self.records or not 0 <= table.cursor_row < len(self.records):
            return None
        return self.records[table.cursor_row]

    def open_form(self, form: ModalScreen[Any], saved: Callable[[Any], str] | None = None) -> None:
        """Push ``form``; once it closes, say ``saved(record)`` if one was saved, and reload."""

        def done(record: Any) -> None:
            if record is not None and saved is not None:
                self.notify(saved(record), markup=False)
            self.reload()

        self.app.push_screen(form, done)

    def confirm_then(self, question: str, act: Callable[[], object], done: Callable[[], str]) -> None:
        """Ask ``question``; on yes run ``act`` (a refusal is shown) and say ``done()``; reload."""

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                act()
            except DomainError as error:
                self.notify(explain(error), severity="error", markup=False)
            else:
                self.notify(done(), markup=False)
            self.reload()

        self.app.push_screen(ConfirmScreen(question), answer)

    def action_close(self) -> None:
        self.dismiss(None)
