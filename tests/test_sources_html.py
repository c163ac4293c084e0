"""Saved mp.weixin.qq.com pages: the facts the fixtures' README lists, read from real pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wxintel.model import Article, Reject, Unavailable
from wxintel.sources import read_bytes, read_path, sniff
from wxintel.sources.htmltext import IMAGE_MARKER, fragment_to_text

PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wechat-pages"


def read_page(name: str) -> Article | Reject | Unavailable:
    path = PAGES / name
    assert sniff(path) == "html"
    [record] = read_path(path)
    return record


def text_without_markers(content: str) -> str:
    return "".join(line for line in content.splitlines() if line != IMAGE_MARKER)


def test_ruanyf_weekly_page():
    page = read_page("wae_article_0_02_ruanyf_weekly372.html")
    assert isinstance(page, Article)
    assert page.title == "科技爱好者周刊#372：软件界面如何设计"
    assert page.account == "阮一峰的网络日志"
    assert page.author == "阮一峰"
    assert page.published == "2025-11-07T08:31:48+08:00"
    assert (page.biz, page.mid, page.idx) == ("MzI4NjAxNjY4Nw==", "2650242275", "1")
    assert page.sn == "522b4a6728fcde7b55e73a5568e2c028"
    assert page.aid == "2650242275_1"
    assert page.source_url == "https://www.ruanyifeng.com/blog/2025/11/weekly-issue-372.html"
    assert page.url == "https://mp.weixin.qq.com/s/tr38EieqyftubIx2FMWUWw"
    assert page.origin == str(PAGES / "wae_article_0_02_ruanyf_weekly372.html")
    assert page.content.splitlines().count(IMAGE_MARKER) == 51
    assert 10_000 <= len(text_without_markers(page.content)) <= 11_400
    assert page.raw_content == page.content


def test_ruanyf_body_keeps_paragraphs_and_drops_markup():
    content = read_page("wae_article_0_02_ruanyf_weekly372.html").content
    lines = content.splitlines()
    assert len(lines) > 100
    assert all(line == line.strip() and line for line in lines)
    assert not re.search(r"<[a-z]+[ >]|&nbsp;|&amp;", content)
    assert "软件界面如何设计" in lines  # the section heading stands on its own line
    assert "function(" not in content  # scripts in the page are not text


def test_second_normal_article():
    page = read_page("wae_article_0_01.html")
    assert isinstance(page, Article)
    assert page.title == "AI编程害死我了，给我的抓包软件埋了一个大雷！"
    assert (page.account, page.author) == ("轩辕的编程宇宙", "轩辕之风")
    assert page.published == "2025-11-10T12:00:10+08:00"
    assert (page.mid, page.idx, page.aid) == ("2247504179", "1", "2247504179_1")
    assert page.content.count(IMAGE_MARKER) == 10
    assert 1_800 <= len(text_without_markers(page.content)) <= 2_400


def test_image_share_text_comes_from_the_page_script():
    page = read_page("wae_image_share_8_01_36kr.html")
    assert isinstance(page, Article)
    assert page.title == "新能源车均价创6年新低，价格战「寒气」侵蚀供应链"
    assert page.account == "36氪"
    assert page.published == "2025-11-05T18:30:00+08:00"
    assert page.aid == f"{page.mid}_{page.idx}"
    assert "\\x0a" not in page.content and "\n\n" in page.content
    raw = (PAGES / "wae_image_share_8_01_36kr.html").read_text(encoding="utf-8")
    first_paragraph = next(line for line in page.content.splitlines() if line != IMAGE_MARKER)
    assert len(first_paragraph) > 10 and first_paragraph in raw
    assert "价格战" in page.content
    assert page.content.startswith(IMAGE_MARKER)  # the shared pictures head the post


def test_text_share_text_is_not_the_25_characters_of_js_content():
    page = read_page("wae_text_share_10_01.html")
    assert isinstance(page, Article)
    assert page.title == "AI编程带给程序员的危与机"
    assert page.account == "轩辕的编程宇宙"
    assert page.published == "2025-10-07T14:13:11+08:00"
    assert len(page.content) > 500
    assert "AI编程" in page.content
    raw = (PAGES / "wae_text_share_10_01.html").read_text(encoding="utf-8")
    assert page.content.split("\n")[0] in raw


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("wae_deleted_by_author_01.html", "deleted", "该内容已被发布者删除"),
        ("wae_violation_01.html", "violation", "此内容因违规无法查看"),
        ("wae_unavailable_01.html", "unavailable", "该内容暂时无法查看"),
    ],
)
def test_error_pages_are_unavailable_not_articles(name: str, status: str, message: str):
    page = read_page(name)
    assert isinstance(page, Unavailable)
    assert page.status == status
    assert page.message.startswith(message)
    assert page.origin == str(PAGES / name)


def test_directory_of_pages_yields_four_articles_and_three_unavailable():
    records = [r for r in read_path(PAGES) if not isinstance(r, Reject)]
    kinds = [type(r).__name__ for r in records]
    assert kinds.count("Article") == 4
    assert kinds.count("Unavailable") == 3


def test_upload_of_a_page_reads_like_the_file():
    data = (PAGES / "wae_article_0_01.html").read_bytes()
    [from_upload] = read_bytes(data, "upload.html")
    [from_file] = read_path(PAGES / "wae_article_0_01.html")
    assert from_upload.content == from_file.content
    assert from_upload.origin == "upload.html"


def test_a_page_that_is_not_a_wechat_article_is_rejected():
    [record] = read_bytes(b"<!doctype html><html><body><p>hello</p></body></html>", "x.html")
    assert isinstance(record, Reject)
    assert "js_content" in record.reason


def test_html_to_text_blocks_images_tables_and_whitespace():
    markup = (
        "<section><p>第一段&amp;<b>加粗</b>\n   续</p><p><img data-src='a.png'></p>"
        "<table><tr><td>单位</td><td>金额</td></tr></table>尾<br>行"
        "<script>var x = 1;</script><pre>a\n  b</pre></section>"
    )
    assert fragment_to_text(markup) == "第一段&加粗 续\n[图片]\n单位\n金额\n尾\n行\na\nb"


def test_a_share_without_title_is_named_by_its_first_words():
    raw = (PAGES / "wae_image_share_8_01_36kr.html").read_text(encoding="utf-8")
    title = "新能源车均价创6年新低，价格战「寒气」侵蚀供应链"
    untitled = raw.replace(f"'{title}'", "''").replace(f'content="{title}"', 'content=""')
    assert title not in untitled
    [page] = read_bytes(untitled.encode(), "untitled.html")
    first_text_line = next(line for line in page.content.splitlines() if line != IMAGE_MARKER)
    assert page.title == first_text_line[:64]
    assert page.title != IMAGE_MARKER
