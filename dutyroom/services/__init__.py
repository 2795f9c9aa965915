"""Clocks, the duty log, escalation, handover, printouts: rules over the store. No Textual."""
