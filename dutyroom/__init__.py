"""dutyroom: the 24-hour flood-season duty room in a terminal."""

__version__ = "0.1.0"
