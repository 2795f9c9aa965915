"""The zh / en catalog and the lookup function.

Every user-facing string goes through :func:`t`. Catalogs live in
``dutyroom/catalog/<feature>.py`` modules, each defining ``MESSAGES`` as
``{key: (zh, en)}``; a new feature adds its own module, so features never
edit one shared file. The model and store never translate: they raise
errors that carry a key and parameters, and the layer that shows them calls
:func:`t`.
"""

from __future__ import annotations

import importlib
import locale
import os
import pkgutil
from functools import lru_cache

LANGUAGES = ("zh", "en")
_current = "zh"


@lru_cache(maxsize=1)
def catalog() -> dict[str, tuple[str, str]]:
    """All messages of all catalog modules; a key defined twice is a bug."""
    from dutyroom import catalog as package

    merged: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for key, pair in getattr(module, "MESSAGES", {}).items():
            if key in merged:
                raise RuntimeError(f"duplicate catalog key {key!r} in {info.name}")
            merged[key] = pair
    return merged


def detect_language(explicit: str | None = None) -> str:
    """--lang, then DUTYROOM_LANG, then LANG/LC_ALL; Chinese unless English is asked for."""
    for candidate in (explicit, os.environ.get("DUTYROOM_LANG")):
        if candidate:
            return normalise(candidate)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en" if value.lower().startswith("en") else "zh"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "en" if loc.lower().startswith("en") else "zh"


def normalise(code: str) -> str:
    code = code.strip().lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    raise ValueError(code)


def set_language(code: str) -> None:
    global _current
    _current = normalise(code)


def language() -> str:
    return _current


def t(key: str, /, lang: str | None = None, **params: object) -> str:
    """Translate ``key``; an unknown key shows itself so a gap is visible, never a crash."""
    pair = catalog().get(key)
    if pair is None:
        return key
    text = pair[0] if (lang or _current) == "zh" else pair[1]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def explain(error: Exception) -> str:
    """One translated sentence for a DomainError; field and kind names translated too."""
    key = getattr(error, "key", None)
    if key is None:
        return str(error)
    params = dict(getattr(error, "params", {}))
    field = getattr(error, "field", None)
    if field is not None:
        params.setdefault("field", field)
    if "field" in params:
        params["field"] = t(f"field.{params['field']}") if f"field.{params['field']}" in catalog() else params["field"]
    if "kind" in params and f"kind.{params['kind']}" in catalog():
        params["kind"] = t(f"kind.{params['kind']}")
    return t(key, **{name: _label(value) for name, value in params.items()})


def _label(value: object) -> object:
    """A code given to an error is shown by its label (已取消, not ``cancelled``); a list of
    codes joined with the language's separator."""
    from dutyroom.model.codes import Code

    if isinstance(value, Code):
        return t(value.label_key)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Code) for v in value):
        return t("record.list_sep").join(t(v.label_key) for v in value)
    return value
