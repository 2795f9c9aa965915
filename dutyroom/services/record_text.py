"""The record speaks every language: messages stored as a key and parameters, rendered when read.

A system log entry, an escalation's title or a seeded unit's name is stored as
``{"key": "escalation.log.raise", "params": {...}}`` and turned into a sentence
only when somebody reads it, in the reader's language (the way ``gettext_lazy``
defers translation). Parameters are values, never sentences:

- a number or a string is shown literally (names, places, notes are data);
- ``{"kind": "report", "id": 9}`` is a subject: "报告 #9" / "report #9"; with a
  ``name`` (a key point) the name is the subject;
- ``{"enum": "ticket_status", "code": "closed"}`` is a code shown by its label;
- ``{"key": ..., "params": ...}`` is a nested message;
- a list is joined with the reader's list separator.

Older log entries hold a finished sentence in ``text`` and no message: one of the
app's own sentences is recognised when read (:func:`recognise`), anything else is
shown as written. Escalations and units, which may change, are migrated instead
(:mod:`dutyroom.services.record_migrate`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping

from dutyroom.i18n import LANGUAGES, catalog, language, t
from dutyroom.model.codes import Code

Message = dict[str, Any]
SENTENCES = "record.sentences"
_SPACES = re.compile(r" {2,}")


def message(key: str, /, **params: Any) -> Message:
    """A message to store: the catalog key and its parameters (values, subjects, codes)."""
    return {"key": key, "params": {k: _plain(v) for k, v in params.items()}}


def sentences(*parts: Message | None, sep: str = " ") -> Message:
    """Several messages stored as one entry, read one after the other."""
    return {"key": SENTENCES, "params": {"parts": [p for p in parts if p], "sep": sep}}


def subject_ref(kind: str, subject_id: int | None, name: str = "") -> dict[str, Any]:
    """A record a message speaks about; ``name`` (a key point's) is shown instead of the number."""
    out: dict[str, Any] = {"kind": str(kind), "id": int(subject_id or 0)}
    if name:
        out["name"] = str(name)
    return out


def enum(code: Code | str, group: str | None = None) -> dict[str, str]:
    """A code shown by its label in the reader's language."""
    if isinstance(code, Code):
        return {"enum": code.group(), "code": code.value}
    return {"enum": str(group or ""), "code": str(code)}


def _plain(value: Any) -> Any:
    if isinstance(value, Code):
        return enum(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def is_message(value: object) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("key"), str)


def render(value: Any, lang: str | None = None) -> str:
    """Any stored value as the reader reads it (a message, a subject, a code, a list, a scalar)."""
    lang = lang or language()
    if value is None:
        return ""
    if isinstance(value, Mapping):
        if is_message(value):
            params = value.get("params") or {}
            if value["key"] == SENTENCES:
                return str(params.get("sep", " ")).join(render(p, lang) for p in params.get("parts") or [])
            text = t(str(value["key"]), lang=lang, **{str(k): render(v, lang) for k, v in params.items()})
            return _SPACES.sub(" ", text).strip()  # an empty parameter leaves no gap
        if "kind" in value and "id" in value:
            return subject_text(str(value["kind"]), value.get("id"), str(value.get("name") or ""), lang)
        if "enum" in value:
            return code_label(str(value["enum"]), str(value.get("code", "")), lang)
        return ""
    if isinstance(value, (list, tuple)):
        return separator(lang).join(render(v, lang) for v in value)
    if isinstance(value, Code):
        return code_label(value.group(), value.value, lang)
    return str(value)


def subject_text(kind: str, subject_id: object, name: str = "", lang: str | None = None) -> str:
    """"报告 #9" / "report #9"; a named subject (a key point) by its name."""
    if name and kind == "keypoint":
        return name
    key = f"subject.{kind}"
    text = t(key, lang=lang, id=subject_id) if key in catalog() else f"#{subject_id}"
    return f"{text} {name}" if name else text


def code_label(group: str, code: str, lang: str | None = None) -> str:
    """The label of a code; an unknown code is shown as a neutral dash, never raw."""
    key = f"enum.{group}.{code}"
    if key in catalog():
        return t(key, lang=lang)
    looks_like_code = "_" in code or ":" in code
    return "—" if looks_like_code else code


def separator(lang: str | None = None) -> str:
    """The list separator of the reader's language ("、" in Chinese, ", " in English)."""
    return t("record.list_sep", lang=lang)


def join(items: list[str], lang: str | None = None) -> str:
    return separator(lang).join(i for i in items if i)


def entry_text(entry: Any, lang: str | None = None) -> str:
    """A log entry's text in the reader's language: its message if it has one, an older system
    line recognised (:func:`recognise`), else what was written."""
    def get(name: str) -> Any:
        return entry.get(name) if isinstance(entry, Mapping) else getattr(entry, name, None)

    msg = get("message")
    if is_message(msg):
        return render(msg, lang)
    text = str(get("text") or "")
    if get("system"):
        old = recognise(text)
        if old is not None:
            return render(old, lang)
    return text


def title_text(record: Any, lang: str | None = None) -> str:
    """An escalation's (or any record's) title: ``title_message`` rendered, else the stored title."""
    msg = record.get("title_message") if isinstance(record, Mapping) else getattr(record, "title_message", None)
    if is_message(msg):
        return render(msg, lang)
    return str((record.get("title") if isinstance(record, Mapping) else getattr(record, "title", "")) or "")


def system_entry(msg: Message, *, at: Any, author: str, kind: Any = None, **links: Any) -> dict[str, Any]:
    """The payload of a log entry the app writes itself: its message, and (for search and for
    older tools) the text it reads as in the writer's language, which no reader is shown."""
    from dutyroom.model.log_entry import LogKind, new_log_entry

    entry = new_log_entry(text=render(msg)[:4000] or msg["key"], kind=kind or LogKind.NOTICE, at=at,
                          author=author, system=True, message=msg, **links)
    return entry.payload()


_HIDDEN = frozenset({"id", "open", "version", "station", "updated_at", "updated_by", "key", "title_message",
                     "message", "name_key", "subject_id"})


def record_rows(kind: str, data: Mapping[str, Any], tz: str, lang: str | None = None) -> list[tuple[str, str]]:
    """Any record as labelled lines for an officer: codes by their labels, times in the duty
    room's zone, the subject as "报告 #9"; bookkeeping and unlabelled internals left out."""
    from dutyroom.model.timeinput import from_iso

    rows: list[tuple[str, str]] = []
    for key, value in data.items():
        if key in _HIDDEN or value in (None, "", [], {}) or isinstance(value, (dict, bool)):
            continue
        label_key = f"field.{key}"
        if label_key not in catalog():
            continue
        if key == "subject_kind":
            text = subject_text(str(value), data.get("subject_id"), lang=lang)
        elif isinstance(value, str) and _ISO.match(value):
            text = from_iso(value).to(tz).format("YYYY-MM-DD HH:mm")
        elif isinstance(value, str):
            text = _field_code(kind, key, value, lang)
        elif isinstance(value, list):
            text = join([str(v) for v in value if not isinstance(v, dict)], lang)
        else:
            text = str(value)
        if text:
            rows.append((t(label_key, lang=lang), text))
    return rows


_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def _field_code(kind: str, field: str, value: str, lang: str | None) -> str:
    """A field's value by its label when it is one of that field's codes, else as written."""
    groups = _groups_of(value)
    for group in (f"{kind}_{field}", field, f"{kind}_status" if field == "status" else ""):
        if group in groups:
            return t(f"enum.{group}.{value}", lang=lang)
    fitting = [g for g in groups if g.endswith("_" + field)] or (groups if len(groups) == 1 else [])
    return t(f"enum.{fitting[0]}.{value}", lang=lang) if fitting else value


def _groups_of(code: str) -> list[str]:
    """Every enum group that has ``code`` (``geological_point`` → ``key_point_type``)."""
    suffix = f".{code}"
    return sorted(k[5:-len(suffix)] for k in catalog() if k.startswith("enum.") and k.endswith(suffix))


# ---------------------------------------------------------------- sentences written before messages
LOG_TEMPLATES = ("escalation.log.", "ticket.log.", "report.log.", "instruction.log.", "handover.log.",
                 "shift.log.", "unit.log.", "keypoint.log.", "upward.log.", "roster.log.", "status.changed_log")
LABELS = ("enum.", "escalation.level.", "unit.default.", "word.none")
_FIELD = re.compile(r"{(\w+)[^}]*}")


@lru_cache(maxsize=1)
def _templates() -> list[tuple[str, str, re.Pattern[str]]]:
    """(key, language, pattern) for every log template, the most specific first."""
    out = []
    for key, pair in catalog().items():
        if not key.startswith(LOG_TEMPLATES):
            continue
        for lang, text in zip(LANGUAGES, pair):
            seen: set[str] = set()
            parts, end = [], 0
            for found in _FIELD.finditer(text):
                parts.append(re.escape(text[end:found.start()]))
                name = found.group(1)
                parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
                seen.add(name)
                end = found.end()
            parts.append(re.escape(text[end:]))
            literal = len(_FIELD.sub("", text))
            out.append((literal, key, lang, re.compile("^" + "".join(parts) + "$", re.S)))
    out.sort(key=lambda row: -row[0])
    return [(key, lang, pattern) for _, key, lang, pattern in out]


@lru_cache(maxsize=2)
def _labels(lang: str) -> dict[str, tuple[str, ...]]:
    """Label → the catalog keys it is the label of, in ``lang``."""
    index = 0 if lang == "zh" else 1
    out: dict[str, list[str]] = {}
    for key, pair in catalog().items():
        if key.startswith(LABELS):
            out.setdefault(pair[index], []).append(key)
    return {label: tuple(keys) for label, keys in out.items()}


PARAM_HINTS = {"old": "enum.ticket_status.", "new": "enum.ticket_status.", "level_name": "escalation.level.",
               "reason": "enum.escalation_reason.", "via": "enum.forward_via.", "unit": "unit.default.",
               "category": "enum.category.", "hazard": "enum.category.", "channel": "enum.channel.",
               "severity": "enum.severity.", "task": "enum.task_code.", "type": "enum.key_point_type."}
"""Where a label names several things, the one a parameter of that name means."""


def _label_key(lang: str, name: str, value: str, template: str) -> str | None:
    keys = _labels(lang).get(value, ())
    if len(keys) == 1:
        return keys[0]
    hint = PARAM_HINTS.get(name, "")
    if template.startswith("report.log.") and name in ("old", "new"):
        hint = "enum.severity."
    fitting = [k for k in keys if hint and k.startswith(hint)]
    return fitting[0] if len(fitting) == 1 else None


@lru_cache(maxsize=4096)
def _recognise(text: str) -> Message | None:
    for key, lang, pattern in _templates():
        found = pattern.match(text)
        if found is None:
            continue
        params: dict[str, Any] = {}
        for name, value in found.groupdict().items():
            label = _label_key(lang, name, value, key)
            params[name] = {"key": label, "params": {}} if label else value
        msg = message(key, **params)
        if render(msg, lang) != text:  # only what reads back exactly as it was stored
            continue
        if isinstance(params.get("subject"), str):
            params["subject"] = _old_deadline_title(params["subject"], lang) or params["subject"]
        return message(key, **params)
    return None


_OLD_TITLE = re.compile(r"^#(\d+) (.+)$")


def _old_deadline_title(value: str, lang: str) -> Message | None:
    """An old escalation title for a reporting deadline, "#5 书面报告 沙河水库": the label says
    it is a report's, so it can be read in the other language too."""
    found = _OLD_TITLE.match(value)
    if found is None:
        return None
    rest = found.group(2)
    for label, keys in _labels(lang).items():
        deadline = [k for k in keys if k.startswith("enum.deadline_kind.")]
        if deadline and (rest == label or rest.startswith(label + " ")):
            return {"key": "escalation.title.deadline",
                    "params": {"subject": {"kind": "report", "id": int(found.group(1))},
                               "what": {"key": deadline[0], "params": {}}, "place": rest[len(label):].strip()}}
    return None


def recognise(text: str) -> Message | None:
    """The message an old system sentence was made from, or None when not sure. The duty log
    is append-only, so sentences written before messages existed are recognised when read:
    matched against the catalog's own log templates in both languages, a value that is
    exactly a label mapped back to its key, accepted only if it renders back to the very
    sentence stored. Callers must not change what they get (it is cached)."""
    if not text or len(text) > 2000:
        return None
    return _recognise(text)
