"""RSS 2.0 and Atom feeds as WeChat-to-RSS bridges write them, with WeChat article HTML."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import MORE

from wxintel.model import Article, Reject
from wxintel.sources import read_bytes, read_path, sniff
from wxintel.sources.htmltext import fragment_to_text

ARTICLE_HTML = (
    '<section style="margin: 0"><p><span>关于开展2026年度专项资金申报的通知</span></p>'
    "<p>各有关单位：</p><p><img data-src='https://mmbiz.qpic.cn/a.png' /></p>"
    "<p>申报截止时间：2026年1月15日</p><p>联系电话：021-12345678</p></section>"
)
ARTICLE_TEXT = (
    "关于开展2026年度专项资金申报的通知\n各有关单位：\n[图片]\n"
    "申报截止时间：2026年1月15日\n联系电话：021-12345678"
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>上海经信委</title>
  <link>https://mp.weixin.qq.com</link>
  <description>bridge</description>
  <item>
    <title>关于开展2026年度专项资金申报的通知</title>
    <link>https://mp.weixin.qq.com/s?__biz=MjM5MDU2MTc4NQ==&amp;mid=2650690001&amp;idx=2&amp;sn=0a1b2c#rd</link>
    <pubDate>Wed, 15 Oct 2025 00:30:00 GMT</pubDate>
    <dc:creator>市经济信息化委</dc:creator>
    <guid isPermaLink="false">2650690001_2</guid>
    <description>摘要</description>
    <content:encoded><![CDATA[{ARTICLE_HTML}]]></content:encoded>
  </item>
  <item>
    <title>只有摘要的条目</title>
    <link>https://example.org/post/1</link>
    <pubDate>Thu, 16 Oct 2025 09:00:00 +0800</pubDate>
    <description>&lt;p&gt;第一段&lt;/p&gt;&lt;p&gt;第二段&lt;/p&gt;</description>
  </item>
  <item>
    <link>https://example.org/post/2</link>
    <description>没有标题</description>
  </item>
  <item>
    <title>日期坏了</title>
    <pubDate>someday</pubDate>
    <description>x</description>
  </item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>阮一峰的网络日志</title>
  <id>urn:feed</id>
  <updated>2025-11-07T00:31:48Z</updated>
  <entry>
    <title type="html">科技爱好者周刊 &amp;lt;372&amp;gt;</title>
    <link rel="self" href="https://bridge.example/entry/1"/>
    <link rel="alternate" href="https://mp.weixin.qq.com/s?__biz=MzI4NjAxNjY4Nw==&amp;mid=2650242275&amp;idx=1&amp;sn=522b"/>
    <id>urn:entry:1</id>
    <published>2025-11-07T00:31:48Z</published>
    <updated>2025-11-08T00:00:00Z</updated>
    <author><name>阮一峰</name></author>
    <content type="html"><![CDATA[{ARTICLE_HTML}]]></content>
  </entry>
  <entry>
    <title>XHTML 内容</title>
    <link href="https://example.org/x"/>
    <updated>2025-11-09T10:00:00+08:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>甲</p><p>乙</p></div></content>
  </entry>
  <entry>
    <title>纯文本摘要</title>
    <summary>一行 &lt;不是标签&gt;</summary>
  </entry>
</feed>
"""


def test_rss_items_become_articles(tmp_path: Path):
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    assert sniff(path) == "feed"
    first, summary_only, untitled, bad_date = read_path(path)
    assert first.title == "关于开展2026年度专项资金申报的通知"
    assert first.account == "上海经信委"
    assert first.author == "市经济信息化委"
    assert first.published == "2025-10-15T08:30:00+08:00"
    assert (first.biz, first.mid, first.idx, first.sn) == (
        "MjM5MDU2MTc4NQ==",
        "2650690001",
        "2",
        "0a1b2c",
    )
    assert first.aid == "2650690001_2"
    assert first.content == ARTICLE_TEXT  # content:encoded wins over description
    assert first.origin == f"{path}#0"
    assert first.extra == {"guid": "2650690001_2"}
    assert summary_only.content == "第一段\n第二段"
    assert summary_only.published == "2025-10-16T09:00:00+08:00"
    assert summary_only.mid == ""  # not a WeChat link: the aid comes from the link
    assert summary_only.aid.startswith("feed-") and summary_only.aid != first.aid
    assert untitled == Reject(f"{path}#2", "missing field title", untitled.record)
    assert bad_date.reason == "field pubDate: cannot parse date 'someday'"


def test_atom_entries_become_articles():
    first, xhtml, plain = read_bytes(ATOM.encode(), "atom.xml")
    assert first.title == "科技爱好者周刊 <372>"
    assert first.account == "阮一峰的网络日志"
    assert first.author == "阮一峰"
    assert first.url.startswith("https://mp.weixin.qq.com/s?__biz=MzI4NjAxNjY4Nw==")
    assert (first.mid, first.idx, first.aid) == ("2650242275", "1", "2650242275_1")
    assert first.published == "2025-11-07T08:31:48+08:00"  # published, not updated
    assert first.content == ARTICLE_TEXT
    assert xhtml.content == "甲\n乙"
    assert xhtml.published == "2025-11-09T10:00:00+08:00"
    assert plain.content == "一行 <不是标签>"  # type="text" is not parsed as markup
    assert plain.published == ""


def test_feed_and_page_share_one_html_to_text():
    [article] = [a for a in read_bytes(RSS.encode(), "feed.xml") if isinstance(a, Article)][:1]
    assert article.content == fragment_to_text(ARTICLE_HTML)


def test_malformed_xml_keeps_earlier_items_and_names_line_and_column():
    cut = RSS.replace("<title>只有摘要的条目</title>", "<title>只有摘要的条目</titel>")
    out = list(read_bytes(cut.encode(), "broken.xml"))
    assert [type(r) for r in out] == [Article, Reject]
    line = cut[: cut.index("</titel>")].count("\n") + 1
    assert out[1].origin.startswith(f"broken.xml:{line}:")
    assert out[1].reason.startswith(f"malformed XML at line {line}, column ")


def test_truncated_feed_is_a_reject_not_an_exception():
    out = list(read_bytes(ATOM.encode()[:600], "cut.xml", format="feed"))
    assert isinstance(out[-1], Reject)
    assert "malformed XML" in out[-1].reason


def test_an_entity_expansion_bomb_is_refused_unexpanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<rss version="2.0"><channel><title>&b;</title><item><title>&b;</title>'
        b"<description>x</description></item></channel></rss>"
    )
    [refused] = read_bytes(bomb, "bomb.xml")
    assert isinstance(refused, Reject)
    # the entity is named, not the exception's repr (EntitiesForbidden(name='a', system_id=None…)
    assert refused.reason == "refused: the XML declares entities or external references ('a')"


def test_rss1_gbk_and_json_feed_files_are_sniffed_and_read(tmp_path: Path):
    rdf = tmp_path / "rdf.xml"
    rdf.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>号</title></channel>'
        '<item rdf:about="https://e.org/1"><title>一</title><link>https://e.org/1</link>'
        "<description>正文</description></item></rdf:RDF>",
        encoding="utf-8",
    )
    gbk = tmp_path / "gbk.xml"
    gbk.write_bytes(RSS.replace('encoding="UTF-8"', 'encoding="GBK"').encode("gbk"))
    jsonfeed = tmp_path / "feed.json"
    jsonfeed.write_text(
        '{"version": "https://jsonfeed.org/version/1.1", "title": "号", "items": ['
        '{"id": "1", "title": "一", "summary": "摘要", "url": "https://e.org/1"}, {"id": "2"}]}',
        encoding="utf-8",
    )
    assert [sniff(p) for p in (rdf, gbk, jsonfeed)] == ["feed"] * 3
    [item] = read_path(rdf)
    assert (item.title, item.content, item.account) == ("一", "正文", "号")
    assert next(read_path(gbk)).title == "关于开展2026年度专项资金申报的通知"
    first, empty = read_path(jsonfeed)
    assert (first.title, first.content, first.url) == ("一", "摘要", "https://e.org/1")
    assert isinstance(empty, Reject) and empty.reason.startswith("empty item 2")


def test_collector_decorations_are_stripped_from_the_account():
    """Title forms from data/feed_titles.txt: RSSHub's "X - 微信公众号" and the reversed form
    name X; an aggregate's title ("WeWe-RSS") names none, so its items take their author; a
    title no collector decorates is the account as written."""
    from wxintel.sources.feed import parse_feed
    from wxintel.sources.feed_account import read_feed_title

    assert read_feed_title("上海经信委 - 微信公众号").account == "上海经信委"
    assert read_feed_title("微信公众号 - 晚点LatePost").account == "晚点LatePost"
    assert read_feed_title("WeWe-RSS").aggregate and not read_feed_title("WeWe-RSS").account
    assert read_feed_title("Mp-We-Rss").aggregate
    assert read_feed_title("阮一峰的网络日志") == read_feed_title(" 阮一峰的网络日志 ")
    assert read_feed_title("阮一峰的网络日志").account == "阮一峰的网络日志"

    def feed(title: str, author: str) -> bytes:
        item = f"<item><title>一</title><link>https://e.org/1</link>{author}"
        body = f"{item}<description>正文</description></item>"
        return f'<rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'.encode()

    [item] = parse_feed(feed("WeWe-RSS", "<author>津北商务</author>"), "all.xml").entries
    assert item.article.account == "津北商务"
    [item] = parse_feed(feed("津北商务 - 微信公众号", "<author>张三</author>"), "f.xml").entries
    assert (item.article.account, item.article.author) == ("津北商务", "张三")


def test_an_aggregate_file_without_authors_keeps_the_collectors_name(tmp_path: Path):
    """A file ingest fetches no page: an aggregate's item that names no account is filed
    under the feed's title, as before, rather than under a blank account."""
    path = tmp_path / "all.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>WeWe-RSS</title><item><title>一</title>'
        "<link>https://e.org/1</link><description>正文</description></item></channel></rss>",
        encoding="utf-8",
    )
    [item] = read_path(path)
    assert item.account == "WeWe-RSS"


def test_a_wewe_rss_json_feed_whose_summary_is_the_page_html_is_read_as_text(tmp_path: Path):
    """wewe-rss in full-text mode writes each post's page (a <style> block, then WeChat's
    rich_media_content div) as the JSON Feed item's `summary`, with `date_modified` only and a
    short /s/ link as id (feeds.service.ts, through the `feed` package's json1). Real posts of
    未央工信, wrapped so: stored as their text, never as markup."""
    posts = [
        p
        for p in json.loads((MORE / "未央工信.json").read_text("utf-8-sig"))
        if len(str(p.get("finalContent") or "")) > 600
    ][:2]
    style = "<style> .rich_media_content {overflow: hidden;color: #222;font-size: 17px;}</style>"
    items = []
    for n, post in enumerate(posts):
        lines = [line.strip() for line in post["finalContent"].splitlines() if line.strip()]
        page = "".join(f"<p><span>{html.escape(line)}</span></p>" for line in lines)
        items.append(
            {
                "id": f"wewe{n}",
                "url": f"https://mp.weixin.qq.com/s/wewe{n}",
                "title": post["标题title"],
                "summary": f"{style}<div class=rich_media_content id=js_content>{page}</div>",
                "image": "https://mmbiz.qpic.cn/cover.jpg",
                "date_modified": "2025-10-14T02:00:00.000Z",
            }
        )
    items.append({"id": "plain", "title": "纯文本摘要", "summary": "PM2.5<35 的 <不是标签>"})
    feed = {"version": "https://jsonfeed.org/version/1", "title": "未央工信", "items": items}
    path = tmp_path / "MP_WXS_1.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), "utf-8")
    *read, plain = read_path(path)
    assert len(read) == 2
    for article, post in zip(read, posts, strict=True):
        lines = [line.strip() for line in post["finalContent"].splitlines() if line.strip()]
        assert article.content.splitlines() == lines
        assert "rich_media_content" not in article.content and "<" not in article.content
        assert article.published.startswith("2025-10-14T10:00")
    assert plain.content == "PM2.5<35 的 <不是标签>"  # a plain summary stays as written


def we_mp_rss(post: dict, cdata: bool) -> bytes:
    """A post as we-mp-rss's core/rss.py writes an item, through ElementTree as it does: full
    text in content:encoded, set to "<![CDATA[…]]>" as text when `rss.cdata` is on (so the
    markers come out escaped), a guid that is the link, and a pubDate without a zone."""
    lines = [line.strip() for line in post["finalContent"].splitlines() if line.strip()]
    page = "".join(f"<p><span>{html.escape(line)}</span></p>" for line in lines)
    rss = ET.Element("rss", version="2.0")
    rss.attrib["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
    channel = ET.SubElement(rss, "channel")
    for name, text in (("title", post["公众号名称"]), ("generator", "Mp-We-Rss")):
        ET.SubElement(channel, name).text = text
    item = ET.SubElement(channel, "item")
    ET.SubElement(item, "title").text = post["标题title"]
    ET.SubElement(item, "description").text = lines[0][:100]
    ET.SubElement(item, "guid").text = post["链接url"]
    encoded = ET.SubElement(item, "content:encoded")
    encoded.text = f"<![CDATA[{page}]]>" if cdata else page
    ET.SubElement(item, "link").text = post["链接url"]
    ET.SubElement(item, "pubDate").text = "Tue, 30 Sep 2025 09:15:00 "
    return b'<?xml version="1.0" encoding="utf-8"?>\r\n' + ET.tostring(rss, encoding="utf-8")


def test_we_mp_rss_items_with_and_without_its_cdata_option_read_alike(tmp_path: Path):
    """Real posts of 津北商务 as we-mp-rss serves them: with rss.cdata on, the escaped CDATA
    markers are not part of the text (the post ended in "]]>")."""
    posts = json.loads((MORE / "津北商务.json").read_text("utf-8-sig"))
    for post in [p for p in posts if len(str(p.get("finalContent") or "")) > 600][:3]:
        lines = [line.strip() for line in post["finalContent"].splitlines() if line.strip()]
        read = {}
        for cdata in (True, False):
            path = tmp_path / f"wemp-{cdata}.xml"
            path.write_bytes(we_mp_rss(post, cdata))
            [read[cdata]] = read_path(path)
        assert read[True].content == read[False].content
        assert read[True].content.splitlines() == lines
        assert read[True].account == "津北商务" and read[True].title == post["标题title"]
