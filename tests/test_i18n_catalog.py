"""Every user-facing key exists in Chinese and English; no code uses a key the catalog lacks."""

from __future__ import annotations

import re
from pathlib import Path

from dutyroom.i18n import catalog, t
from dutyroom.model.codes import Code

PACKAGE = Path(__file__).resolve().parents[1] / "dutyroom"
KEY_CALL = re.compile(r"""\b(?:t|message|Error|Problem|StoreCorrupt|StoreLocked|StoreWriteFailed|StaleRecord|RecordNotFound|ValidationError|TransitionError|DomainError|(?!KeyError|ValueError|TypeError|OSError|RuntimeError|IndexError|AttributeError)[A-Z][A-Za-z]*(?:Error|Missing|Unavailable))\(\s*["']([a-z_]+\.[a-zA-Z0-9_.]+)["']""")


def test_every_entry_has_both_languages():
    for key, pair in catalog().items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_every_key_used_in_code_exists():
    missing = []
    for path in PACKAGE.rglob("*.py"):
        if "catalog" in path.parts:
            continue
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            if key not in catalog():
                missing.append(f"{path.relative_to(PACKAGE)}: {key}")
    assert not missing, missing


def test_every_enum_code_has_labels():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    import importlib
    import pkgutil

    import dutyroom.model as model

    for info in pkgutil.iter_modules(model.__path__):
        importlib.import_module(f"dutyroom.model.{info.name}")
    for cls in subclasses(Code):
        for member in cls:
            assert member.label_key in catalog(), member.label_key


def test_lookup_in_both_languages():
    assert t("kind.log", lang="zh") == "值班日志"
    assert t("kind.log", lang="en") == "duty-log entry"
    assert t("no.such.key") == "no.such.key"
