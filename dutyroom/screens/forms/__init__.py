"""Forms: ``ModalScreen[T | None]`` with Textual validators; escape cancels, ctrl+s saves."""
