"""Plain dataclasses and enums, validation and state transitions.

No I/O, no Textual, nothing of ours imported from above. Errors carry a
catalog key and parameters; the layer that shows them translates.
"""
