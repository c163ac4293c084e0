"""Which addresses may become links: only absolute http(s) ones, however they are disguised."""

from __future__ import annotations

import pytest

from wxintel.links import markdown_target, safe_url


@pytest.mark.parametrize(
    "url",
    [
        "https://mp.weixin.qq.com/s?__biz=MzA==&mid=1&idx=2#rd",
        "http://www.sheitc.sh.gov.cn/",
        "HTTPS://EXAMPLE.COM/a(1)",
    ],
)
def test_web_addresses_pass_unchanged(url: str) -> None:
    assert safe_url(url) == url
    assert safe_url(f"  {url}\n") == url


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\nscript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        "/articles/1",
        "http:alert(1)",
        "http://",
        "https://exa mple.com/",
        "http://[::1",
        "mailto:a@b.c",
    ],
)
def test_everything_else_is_refused(url: str | None) -> None:
    assert safe_url(url) is None


def test_markdown_target_cannot_close_the_link() -> None:
    assert markdown_target("https://e.com/a_(b)") == "https://e.com/a_%28b%29"
