"""The string values WeChat's page scripts assign, read without running any JavaScript.

A saved mp.weixin.qq.com page keeps its facts in script text (`var ct = "1762475508"`,
`window.biz = '' || 'MzI...'`, `nick_name: JsDecode('36氪')` inside `window.cgiDataNew`),
often more completely than in its markup, which JavaScript would fill in a browser.
"""

from __future__ import annotations

import re
from collections import defaultdict

_STRING = r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""
_ASSIGNMENT = re.compile(
    rf"""(?:\bvar\s+|\bwindow\.)(\w+)\s*=\s*(?:htmlDecode\(|JsDecode\()?\s*
         ((?:{_STRING})(?:\s*\|\|\s*(?:{_STRING}))*)""",
    re.VERBOSE,
)
_CGI_FIELD = re.compile(
    rf"""^[ \t]*(\w+):\s*(?:JsDecode\(\s*({_STRING})\s*\)|({_STRING})\s*\*\s*1)""", re.MULTILINE
)
_LITERAL = re.compile(_STRING)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_CGI_START = "cgiDataNew = {"


def js_unescape(literal: str) -> str:
    """The value of a JavaScript string literal, quotes included in `literal`."""

    def replace(match: re.Match[str]) -> str:
        code = match[1]
        if code[0] in "xu" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, code)

    text = _ESCAPE.sub(replace, literal[1:-1])
    if _SURROGATE.search(text):  # "\ud83d\ude00": pair the halves, drop a lone one
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def script_assignments(page: str) -> dict[str, list[str]]:
    """Every `var NAME = '...' || '...'` and `window.NAME = ...`: the first non-empty literal
    of each, in page order (a name is assigned many times; callers pick the valid one)."""
    values: dict[str, list[str]] = defaultdict(list)
    for match in _ASSIGNMENT.finditer(page):
        literals = (js_unescape(literal) for literal in _LITERAL.findall(match[2]))
        value = next((text for text in literals if text), "")
        if value:
            values[match[1]].append(value)
    return values


def cgi_data(page: str) -> dict[str, str]:
    """The top-level string fields of `window.cgiDataNew` (image and text shares keep their
    text here); the first occurrence of a key is the top-level one."""
    start = page.find(_CGI_START)
    if start < 0:
        return {}
    fields: dict[str, str] = {}
    for match in _CGI_FIELD.finditer(page, start):
        fields.setdefault(match[1], js_unescape(match[2] or match[3]))
    return fields


def picture_count(page: str) -> int:
    """How many pictures an image share lists in `picture_page_info_list`."""
    start = page.find("picture_page_info_list: [")
    if start < 0:
        return 0
    line_start = page.rfind("\n", 0, start) + 1
    indent = page[line_start:start]
    end = page.find(f"\n{indent}]", start)
    block = page[start : end if end > 0 else len(page)]
    return block.count(f"\n{indent}    {{")
