"""Writing a printout from the app: rendered off the UI thread into ``printouts/`` of
the data directory (as the handover's ``p`` does), then the officer is told where."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError


def write_printout(node: Any, ctx: Any, file_name: str, make: Callable[[], bytes]) -> None:
    """Run ``make`` in a thread, store its bytes as ``printouts/file_name`` and notify."""

    def work() -> None:
        from dutyroom.store.atomic import atomic_write

        try:
            data = make()
            folder = Path(ctx.store.root) / "printouts"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / file_name
            atomic_write(path, data)
        except DomainError as error:
            node.app.call_from_thread(node.notify, explain(error), severity="error", timeout=10,
                                      markup=False)
        except OSError as error:
            node.app.call_from_thread(node.notify, t("form.save_failed", reason=error.strerror or str(error)),
                                      severity="error", timeout=10, markup=False)
        else:
            node.app.call_from_thread(node.notify, t("printout.written", path=str(path)),
                                      timeout=15, markup=False)

    node.notify(t("printout.writing"), markup=False)
    node.run_worker(work, thread=True, exclusive=True, exit_on_error=False, group="printout")
