"""Firm profiles: a JSON or YAML file (or a stored one), checked field by field.

A field left out is unknown and stays unknown: nothing is assumed, so a verdict that needs it
says which field would decide instead of guessing.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

#: every profile field, its kind, and the question a page asks when a verdict needs it
PROFILE_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("text", "企业名称？"),
    "registered_city": ("text", "注册在哪个城市？"),
    "registered_district": ("text", "注册在哪个区？"),
    "registered_address": ("text", "注册地址（是否在特定园区/新片区）？"),
    "registered_on": ("date", "成立（注册）日期？"),
    "employees": ("number", "员工人数？"),
    "revenue_wan": ("number", "营业收入（万元）？"),
    "assets_wan": ("number", "资产总额（万元）？"),
    "tax_wan": ("number", "纳税额（万元）？"),
    "rd_ratio_pct": ("number", "研发费用占营业收入比例（%）？"),
    "rd_expense_wan": ("number", "研发费用（万元）？"),
    "ip_count": ("number", "知识产权数量？"),
    "qualifications": ("list", "有哪些资质认定（高新技术企业、专精特新…）？"),
    "industries": ("list", "所属行业？"),
    "credit_ok": ("bool", "信用记录良好（无失信、无违法违规）吗？"),
}

#: what a page calls a condition's field: each profile field, and the clauses no field decides
FIELD_LABELS: dict[str, str] = {
    "name": "企业名称",
    "registered_city": "注册城市",
    "registered_district": "注册区",
    "registered_address": "注册地址",
    "registered_on": "成立日期",
    "employees": "员工人数",
    "revenue_wan": "营业收入（万元）",
    "assets_wan": "资产总额（万元）",
    "tax_wan": "纳税额（万元）",
    "rd_ratio_pct": "研发费用占比（%）",
    "rd_expense_wan": "研发费用（万元）",
    "ip_count": "知识产权数量",
    "qualifications": "资质认定",
    "industries": "所属行业",
    "credit_ok": "信用记录",
    "applicant": "面向对象（个人、政府）",
    "any_of": "满足其一",
    "all_of": "同时满足",
    "other": "其他条件",
}


# 5,000 and 12，500.5: figures grouped as annual reports write them, typed in a file or a form
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the field. `field` is
    the field at fault (None when the whole file or object is), so a page can say it in its
    own words."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Profile:
    name: str
    registered_city: str | None = None
    registered_district: str | None = None
    registered_address: str | None = None
    registered_on: date | None = None
    employees: float | None = None
    revenue_wan: float | None = None
    assets_wan: float | None = None
    tax_wan: float | None = None
    rd_ratio_pct: float | None = None
    rd_expense_wan: float | None = None
    ip_count: float | None = None
    qualifications: tuple[str, ...] | None = None
    industries: tuple[str, ...] | None = None
    credit_ok: bool | None = None

    def to_json(self) -> dict[str, Any]:
        """The fields that are known (unknown ones are left out, as in the file)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            out[f.name] = value
        return out


def parse_profile(data: Any, where: str = "profile") -> Profile:
    """A Profile from parsed JSON/YAML; raises ProfileError naming `where` and the field."""
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: must be an object of fields, not {type(data).__name__}")
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise ProfileError(
            f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(PROFILE_FIELDS)})"
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or "/" in name:
        raise ProfileError(f"{where}: field 'name' must be a non-empty text without '/'", "name")
    values: dict[str, Any] = {"name": name.strip()}
    for key, raw in data.items():
        if key == "name" or raw is None:
            continue
        values[key] = _field(key, raw, where)
    return Profile(**values)


def _field(key: str, raw: Any, where: str) -> Any:
    kind = PROFILE_FIELDS[key][0]
    problem = f"{where}: field {key!r} must be"
    if kind == "text":
        if not isinstance(raw, str):
            raise ProfileError(f"{problem} a text, not {raw!r}", key)
        return raw.strip() or None
    if kind == "date":
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError as exc:
            raise ProfileError(f"{problem} a date YYYY-MM-DD, not {raw!r}", key) from exc
    if kind == "number":
        if isinstance(raw, str) and _GROUPED_NUMBER.fullmatch(raw.strip()):
            raw = float(re.sub("[,，]", "", raw))
        # NaN passes `raw < 0` and compares false with every threshold; inf is no figure
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw < math.inf:
            raise ProfileError(f"{problem} a number >= 0, not {raw!r}", key)
        return float(raw)
    if kind == "bool":
        if not isinstance(raw, bool):
            raise ProfileError(f"{problem} true or false, not {raw!r}", key)
        return raw
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ProfileError(f"{problem} a list of texts, not {raw!r}", key)
    return tuple(v.strip() for v in raw if v.strip())


def load_profile(path: Path | str) -> Profile:
    """Read a profile file: YAML for .yaml/.yml, JSON otherwise (JSON is YAML too)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not UTF-8 text") from exc
    try:
        data = yaml.safe_load(text) if path.suffix in {".yaml", ".yml"} else json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{path}: line {exc.lineno}: not JSON: {exc.msg}") from exc
    except yaml.YAMLError as exc:  # one line, not PyYAML's four with a caret under the text
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        said = f"{problem} ({context})" if context else problem
        raise ProfileError(f"{path}: {where}not YAML: {said}") from exc
    return parse_profile(data, str(path))


#: the JSON Schema of each field kind, for clients that build a profile (MCP's input schema)
_SCHEMA_OF_KIND: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "number": {"type": "number", "minimum": 0},
    "list": {"type": "array", "items": {"type": "string"}},
    "bool": {"type": "boolean"},
}


def profile_json_schema() -> dict[str, Any]:
    """A profile as JSON Schema, from PROFILE_FIELDS: each field's type and the question it
    answers, so a client (an AI assistant) can build one without reading this module."""
    return {
        "type": "object",
        "properties": {
            name: {**_SCHEMA_OF_KIND[kind], "description": question}
            for name, (kind, question) in PROFILE_FIELDS.items()
        },
        "required": ["name"],
        "additionalProperties": False,
    }
