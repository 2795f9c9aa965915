"""Message catalogs: one module per feature, each ``MESSAGES = {key: (zh, en)}``."""
