"""Dashboard panes and controls, one per module."""
