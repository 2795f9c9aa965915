"""Text fields whose editing keys keep their place among the characters typed around them.

Textual's ``Input`` and ``TextArea`` insert a printable character in their own key handler,
but their bound editing keys (backspace, ctrl+u, arrows, ctrl+w ...) run only once the key
event has bubbled up to the app, one message queue after another. Keys that arrive
together (a fast typist, a paste of keystrokes, or several keystrokes in one SSH packet
from a remote station) are then applied out of order: ``ctrl+u`` then ``-1h`` left the
field empty, ``backspace`` then ``12`` deleted the ``2`` (Textual issue #6605; the fix
proposed upstream, PR #6631, does what :class:`InlineEditingKeys` does). Every text field
of the app is one of these.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, TextArea


class InlineEditingKeys:
    """Run the field's own (non-priority) bindings in its key handler, in arrival order."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable and await self._own_binding(event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)  # type: ignore[misc]

    async def _own_binding(self, key: str) -> bool:
        node: Any = self
        for binding in node._bindings.key_to_bindings.get(key, ()):  # noqa: SLF001 - Textual's map
            if not binding.priority and await node.app.run_action(binding.action, node):
                return True
        return False


class TextInput(InlineEditingKeys, Input):
    """A one-line field (see the module docstring)."""


class TextEditor(InlineEditingKeys, TextArea):
    """A multi-line field (see the module docstring)."""
