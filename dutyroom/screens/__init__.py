"""Screens: the dashboard, help, forms (``ModalScreen[Result | None]``) and others' screens."""
