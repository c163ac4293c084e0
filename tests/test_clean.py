"""Cleaning on real exports: entities, line ends, learned boilerplate, reprints, stubs, language."""

from __future__ import annotations

import re

from wxintel.clean import clean_article, learn_boilerplate, normalize_text
from wxintel.model import Article

SEED_FOOTERS = ("欢迎转发，但请注明出处", "觉得不错请点赞")


def test_normalize_text_unescapes_and_folds_blank_runs() -> None:
    raw = "\r\r第一段&nbsp;内容\u3000\u3000\r\n\r\r\r&lt;b&gt;第二段&amp;\r"
    assert normalize_text(raw) == "第一段 内容\n\n<b>第二段&"


def test_seed_footers_are_learned_not_configured(seed_clean: list[Article]) -> None:
    learned = learn_boilerplate(a.raw_content for a in seed_clean)
    assert len(learned) == 2
    assert all(any(line.startswith(f) for line in learned) for f in SEED_FOOTERS)
    assert not any(f in a.content for a in seed_clean for f in SEED_FOOTERS)


def test_seed_reprints_stubs_and_languages(seed_clean: list[Article]) -> None:
    # 68 "转载自" lines and 14 "来源：<newspaper>" head lines
    assert sum(bool(a.reprinted_from) for a in seed_clean) == 82
    assert not any("转载自" in a.content for a in seed_clean)
    assert sum(bool(re.match(r"来源：", a.content)) for a in seed_clean) == 0
    assert {a.aid for a in seed_clean if a.lang == "en"} == {
        "2650689022_2",
        "2650688555_2",
        "2650688338_2",
        "2650687652_2",
    }


def test_seed_stubs_are_pointer_only_posts(seed_clean: list[Article]) -> None:
    stubs = {a.aid: a for a in seed_clean if a.is_stub}
    assert len(stubs) == 29
    # a pointer to an H5 page and a pointer to the original are stubs, and keep their text
    assert stubs["2650688142_1"].content == "点击“阅读全文”进入H5页面"
    assert "阅读原文" in stubs["2650689783_1"].content
    # a long article is never a stub
    assert all(len(a.content) < 60 for a in stubs.values())


def test_other_accounts_learn_their_own_footer(more_clean: dict[str, list[Article]]) -> None:
    minhang = more_clean["闵行发展改革"]
    # the footer is learned, including where the crawler glued it onto the last sentence;
    # one post's footer is cut off mid-word in the source and so matches no learned line
    assert sum("转载请注明“闵行发展改革”" in a.content for a in minhang) <= 1
    assert sum("原稿提供|" in a.content for a in minhang) >= 10
    assert sum(a.reprinted_from == "今日闵行" for a in minhang) >= 39
    # contact lines that recur in a few notices are facts, not chrome: they stay
    weiyang = more_clean["未央工信"]
    assert sum("未央大厦B座1720" in a.content for a in weiyang) >= 4


def test_small_accounts_learn_nothing() -> None:
    assert learn_boilerplate(["正文\r欢迎关注"] * 3) == frozenset()


def test_reprint_lines_of_every_form_are_sources() -> None:
    wechat = Article(title="t", content="（来源：“天津商务”微信公众号）\r正文内容")
    assert clean_article(wechat).reprinted_from == "天津商务"
    for line, source in [
        ("来源：上观新闻", "上观新闻"),
        ("文章来源：中国政府网", "中国政府网"),
        ("本文来源 | 信用天津", "信用天津"),
        ("via：天津发布", "天津发布"),
    ]:
        cleaned = clean_article(Article(title="t", content=f"正文内容\r第二段\r{line}"))
        assert cleaned.reprinted_from == source
        assert cleaned.content == "正文内容\n第二段"


def test_source_words_inside_the_body_stay() -> None:
    glued = Article(title="t", content="来源：新华社新华社北京4月30日电\r正文内容")
    assert clean_article(glued).reprinted_from == ""
    assert "新华社北京4月30日电" in clean_article(glued).content
    lines = ["第一段", "第二段", "第三段", "数据来源：统计局的年报显示增长", *"五六七八九十"]
    cleaned = clean_article(Article(title="t", content="\r".join(lines)))
    assert "数据来源：统计局的年报显示增长" in cleaned.content  # mid-body, not an edge line


def test_an_account_ending_its_posts_with_a_source_line_keeps_it_out_of_the_body(more_clean):
    posts = more_clean["河西政务服务"]
    tails = [a for a in posts if a.reprinted_from]
    assert len(tails) > len(posts) // 4
    assert not any(a.content.rstrip().endswith(f"来源：{a.reprinted_from}") for a in tails)


def test_carousel_hints_are_page_chrome() -> None:
    article = Article(title="t", content="第一段\r&lt;滑动查看更多&gt;\r滑动查看下一张图片\r第二段")
    assert clean_article(article).content == "第一段\n第二段"


def test_a_trailing_list_of_other_posts_is_cut_under_its_learned_heading(
    more_clean: dict[str, list[Article]], seed_clean: list[Article]
) -> None:
    """天津西青 ends its posts with "往期推荐" and three titles of other posts, new in each post:
    the heading is learned as chrome, and the titles under it go with it."""
    xiqing = {a.aid: a for a in more_clean["天津西青"]}
    warning = xiqing["2652067109_1"]  # a gale warning whose list named a consumer festival
    assert "大风蓝色预警" in warning.content
    assert "往期推荐" in warning.raw_content and "夏夜西青" in warning.raw_content
    assert "夏夜西青" not in warning.content and "网络安全宣传周" not in warning.content
    listed = [a for a in more_clean["天津西青"] if "往期推荐" in a.raw_content]
    kept = sum(a.raw_content.split("往期推荐")[-1].strip()[:20] in a.content for a in listed)
    assert kept < len(listed) / 10  # nearly every list is gone
    # an attachment list under "附件：" is the post's own text, and stays
    form = next(a for a in seed_clean if a.aid == "2650689022_1")
    assert form.content.rstrip().endswith("智能产品申报表.docx")
