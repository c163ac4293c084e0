"""What a question is pinned to (a district, a plan period, a year, a round) read against real
posts: a pin must rule out a post about another one and keep a post about its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from test_ask import answered_from, month_fixture, month_of

from wxintel.ask import ask, read_question
from wxintel.ask.evidence import (
    MIN_COVERAGE,
    evidence_ok,
    names_own_body,
    passages,
    pinned_ok,
    retrieve,
)
from wxintel.ask.extractive import pinned_out
from wxintel.ask.question import claimed_figures, other_figure, other_ordinal, read_pins
from wxintel.nlp.periods import years_named
from wxintel.store import SQLStore


@pytest.fixture(scope="module")
def minhang(tmp_path_factory: pytest.TempPathFactory) -> SQLStore:
    """A district development office's posts of 2025-10 and 2025-11 (month_of adds to one
    store): reviews of the 十四五 that close on the 十五五."""
    folder = tmp_path_factory.mktemp("minhang")
    month_of("闵行发展改革", 2025, 10, folder).close()
    store = month_of("闵行发展改革", 2025, 11, folder)
    yield store
    store.close()


# A district office's posts of one month (2025-09): it writes 我办 for itself, not 河西区.
hexi = month_fixture("河西政务服务", 2025, 9)


def test_a_district_pin_is_met_by_the_account_s_own_district_it_writes_as_wo_ban(hexi: SQLStore):
    """河西政务服务's posts are learned to be of 河西区 (link.places); its post on a visit says
    the visitors came 到我办, never 河西区, and answers for 河西区 — not for another district."""
    question = "武山县来河西区政务服务办交流学访的那一行，总共来了多少人？"
    answered_from(hexi, question, "47人", "2247520286_4")
    assert ask(hexi, question.replace("河西区", "和平区")).refused
    # the post alone, without its account's district, does not name the district asked
    read = read_question(question)
    top = passages(read, retrieve(hexi, read))[0]
    assert top.post.home == "河西区"
    assert pinned_ok(read.pins, top.post, top.text, *top.in_content)
    assert not pinned_ok(read.pins, replace(top.post, home=""), top.text, *top.in_content)


def test_a_post_on_the_plan_asked_is_not_ruled_out_by_its_look_ahead(minhang: SQLStore):
    """A review of the 十四五 gives its 投入约176亿元 and closes on 展望“十五五”: the pins rule
    out that closing sentence, not the post, so it is no post about another plan that would
    make an answer suspect (on the seven accounts such a sentence of another review refused
    the question); asked for the 十五五 or 十三五, nothing answers."""
    question = "“十四五”期间闵行区交通委在重大交通工程上一共投了多少钱？"
    got = answered_from(minhang, question, "176亿元")
    read = read_question(question)
    retrieved = retrieve(minhang, read)
    ranked = passages(read, retrieved)
    ahead = [
        p
        for p in ranked
        if p.coverage >= MIN_COVERAGE and not pinned_ok(read.pins, p.post, p.text, *p.in_content)
    ]
    assert ahead and ahead[0].text.startswith("展望“十五五”")
    assert ahead[0].post.id == got.citations[0].id
    assert pinned_out(read, retrieved, ranked) == []
    assert ask(minhang, question.replace("十四五", "十五五")).refused
    assert ask(minhang, question.replace("十四五", "十三五")).refused


def test_an_ordinal_before_a_verb_says_how_often_and_pins_no_round():
    """第一次超过 is "for the first time", as 首次 is: a post writing 首次突破 answers it; 第五次
    before a noun and a session counted without 第 (十二届六次全会) stay rounds."""
    assert read_question("2024年中拉贸易额第一次超过了多少？").pins.ordinals == ()
    assert read_question("第五次全国经济普查什么时候开始？").pins.ordinals == (("次", 5),)
    assert read_question("第一次会议在哪里开？").pins.ordinals == (("次", 1),)
    assert read_question("天津市纪委十二届六次全会是哪天开的？").pins.ordinals == (("次", 6),)


# A district commerce bureau's posts of one month (2025-05), among them a speech of 2025-05-13.
jinbei = month_fixture("津北商务", 2025, 5)


def test_a_year_asked_is_the_year_a_post_names_by_去年(jinbei: SQLStore):
    """Search reads 2024年 as when posts were published; the speech of 2025 writes 去年，中拉
    贸易额首次突破5000亿美元 for 2024: it is found and answers for 2024, not for 2023 or 2025."""
    assert years_named("去年，中拉贸易额首次突破5000亿美元，前年…今年…", date(2025, 5, 13)) == {
        2024,
        2023,
        2025,
    }
    question = "在中拉论坛第四届部长级会议开幕式的讲话里，2024年中拉贸易额第一次超过了多少？"
    answered_from(jinbei, question, "5000亿美元", "2247516157_1")
    assert ask(jinbei, question.replace("2024年", "2023年")).refused
    assert ask(jinbei, question.replace("2024年", "2025年")).refused


# A district office's posts of 2025-10, among them a 生活汇 on 重阳 reprinted from 中国教育报.
hexi_october = month_fixture("河西政务服务", 2025, 10)


def test_a_source_question_is_matched_against_the_whole_post(hexi_october: SQLStore):
    """那篇讲…的 describes a post: its words are in the title and all over the text, no one
    sentence holds enough of them; the post holding them answers with its 来源 line, and a post
    the archive lacks (端午, 中秋) is refused."""
    got = ask(hexi_october, "那篇讲重阳节习俗和重阳诗词的“生活汇”原载哪家报纸？")
    assert got.answer == "中国教育报", got.reason
    cited = got.citations[0]
    assert (cited.id, cited.field, cited.quote) == ("2247521382_6", "reprinted_from", "中国教育报")
    for other in ("端午节龙舟习俗和端午诗词", "中秋赏月习俗和中秋诗词"):
        assert ask(hexi_october, f"那篇讲{other}的“生活汇”原载哪家报纸？").refused


def test_a_reprint_verb_beside_its_question_word_asks_for_the_source(hexi_october: SQLStore):
    """从哪里转载的, 出自哪家媒体 ask where a post first appeared (data/reprint_verbs.txt), and the
    verb is no word to search for; a reprint verb away from the question word does not (那篇转载
    的文章是什么时候发的 asks a day), nor does 转发 (who passed the post on)."""
    for question in (
        "那篇报道是从哪里转载过来的？",
        "这篇评论出自哪家媒体？",
        "这段话摘自什么书？",
    ):
        read = read_question(question)
        assert read.type == "source", question
        assert not {"转载", "出自", "摘自"} & set(read.topic.split())
    assert read_question("那篇转载的文章是什么时候发的？").type == "date"
    assert read_question("这篇文章被哪些媒体转发了？").type != "source"
    got = ask(hexi_october, "河西政务服务那篇讲重阳节习俗和重阳诗词的“生活汇”，内容出自哪家媒体？")
    assert got.answer == "中国教育报", got.reason


def test_a_yes_no_claiming_one_ordinal_is_answered_no_by_another(store: SQLStore):
    """The question claims the first country (第一个); the post says the fourth (第四个): 否,
    quoted where the post says it. 首个 is 第一个 and says nothing against it."""
    question = (
        "中广核数科的“和睦系统”让我国成了全世界第一个掌握核级数字化仪控平台技术的国家，对吗？"
    )
    pins = read_question(question).pins
    assert other_ordinal(pins, "这使我国成为世界上第四个掌握该技术的国家") == (9, 12)
    assert other_ordinal(pins, "我国首个自主核级数字化仪控平台") is None
    got = ask(store, question)
    assert got.answer == "否", got.reason
    cited = got.citations[0]
    assert cited.id == "2650688483_1"
    assert cited.quote[cited.answer_start - cited.start : cited.answer_end - cited.start] == (
        "第四个"
    )


def test_a_yes_no_claiming_one_figure_is_answered_no_by_another(store: SQLStore):
    """The notice counts 累计已完成114款 (beside 新增9款): asked whether it is 120款, 否;
    asked whether it is 114款, 是 (the 9款 of the same sentence says nothing against
    it); a figure with a qualifier (超过100款) is no contradiction."""
    asked = "截至9月11日，上海已经登记的生成式AI服务是不是有{}？"
    added, total = "截至9月11日，我市新增9款已完成登记的生成式人工智能服务", "累计已完成114款"
    sentence = f"{added}，{total}生成式人工智能服务"
    assert other_figure(claimed_figures(asked.format("120款"), sentence), total) == (5, 9)
    assert other_figure(claimed_figures(asked.format("114款"), sentence), added) is None
    assert other_figure(claimed_figures(asked.format("超过100款"), sentence), total) is None
    wrong = ask(store, asked.format("120款"))
    assert wrong.answer == "否", wrong.reason
    cited = wrong.citations[0]
    # quoted at a figure in 款 the sentence states (the clause with most of the question's
    # words decides: 新增9款已完成登记的…服务, itself no 120款)
    said = cited.quote[cited.answer_start - cited.start : cited.answer_end - cited.start]
    assert said in ("9款", "114款")
    assert ask(store, asked.format("114款")).answer == "是"


def test_an_edition_of_a_plan_is_a_pin_as_a_round_is(minhang: SQLStore):
    """A post on 闵行区营商环境8.0版 counts its 24项改革任务: asked for the 8.0版 it answers, asked
    for the 7.0版 (an edition no post of the store describes) nothing does."""
    question = "闵行营商环境8.0版一共有多少项改革任务？"
    assert read_question(question).pins.editions == (("版", 8.0),)
    answered_from(minhang, question, "24项", "2247504343_2")
    assert ask(minhang, question.replace("8.0版", "7.0版")).refused


# A district office's posts of 2026-02: one reports 空天数字产业园改造项目二期、三期施工许可证.
hexi_february = month_fixture("河西政务服务", 2026, 2)


def test_a_phase_of_a_project_is_a_pin(hexi_february: SQLStore):
    """The permits of a project's 二期、三期 were issued on 1月14日: asked for the 三期 that is the
    answer, asked for the 四期 nothing answers; 分三期 (in three phases) pins none."""
    question = "空天数字产业园改造项目三期的施工许可证是哪天办下来的？"
    assert read_question(question).pins.editions == (("期", 3.0),)
    answered_from(hexi_february, question, "1月14日", "2247523836_5")
    assert ask(hexi_february, question.replace("三期", "四期")).refused
    assert read_question("这个项目分三期建设，总投资多少？").pins.editions == ()


# A district government's posts of 2026-01: a weather notice on the snow of the 17th and 18th.
xiqing_january = month_fixture("天津西青", 2026, 1)


def test_a_day_the_question_names_must_be_written_by_the_post(xiqing_january: SQLStore):
    """A weather notice forecasts snow 17日下午至18日下午 (days under no month) and 最大积雪深度
    1～2厘米: asked about the snow of 1月17日到18日 it answers; asked about a snow of days it never
    writes, its sentence is no evidence and nothing answers."""
    question = "1月17日到18日西青那场小雪，积雪最深预计能有多厚？"
    got = answered_from(xiqing_january, question, "1～2厘米", "2652076747_1")
    other = read_question(question.replace("17日到18日", "24日到25日"))
    assert other.pins.days == ((1, 24), (1, 25))
    top = next(
        p
        for p in passages(other, retrieve(xiqing_january, other))
        if p.post.id == got.citations[0].id
    )
    assert not evidence_ok(other.pins, top)
    assert pinned_ok(other.pins, top.post, top.text, *top.in_content)  # not about another day
    assert ask(xiqing_january, other.said).refused


# A district commerce bureau's posts of 2025-11: one quotes two notices of 财政部 and 商务部, the
# second with its number after its title.
jinbei_november = month_fixture("津北商务", 2025, 11)


def test_a_document_number_belongs_to_the_title_it_follows(jinbei_november: SQLStore):
    """根据《…国际化消费环境建设工作的通知》（财建〔2025〕342号）: the number answers for that
    notice; asked for the number of the other notice the post names (with no number), nothing
    answers."""
    named = "《财政部 商务部关于开展{}工作的通知》的文号是多少？"
    answered_from(
        jinbei_november, named.format("国际化消费环境建设"), "财建〔2025〕342号", "2247516451_2"
    )
    assert ask(jinbei_november, named.format("消费新业态新模式新场景试点")).refused


def test_a_deadline_at_a_range_end_without_its_month_is_quoted_with_the_range(
    jinbei_november: SQLStore,
):
    """公示时间为11月20日至28日: asked when the 公示 ends, the answer is quoted from the range's
    start, which gives the month (28日 alone names none)."""
    got = answered_from(
        jinbei_november, "试点城市名单公示到哪天截止？", "11月20日至28日", "2247516451_2"
    )
    assert got.type == "deadline"


# A district government's posts of 2025-12: a question-and-answer sheet under the heading
# 2025年西青区第三期汽车促消费活动 gives the subsidy's dates.
xiqing_december = month_fixture("天津西青", 2025, 12)


def test_a_phase_asked_without_di_is_the_phase_a_post_writes_with_it(
    xiqing_december: SQLStore,
):
    """Asked about 三期, the post writing 第三期 is about that phase (one reader of rounds reads
    both forms); asked about 四期, it is about another."""
    question = "西青区三期汽车促消费活动的补贴发放期限到哪天？"
    asked = read_question(question)
    assert asked.pins.editions == (("期", 3.0),)
    found = [
        p
        for p in passages(asked, retrieve(xiqing_december, asked))
        if "2025年12月1日至2026年2月28日" in p.text
    ]
    assert found
    top = found[0]
    assert top.post.id == "2652066597_2"
    assert "第三期" in top.post.content[: top.in_content[1]]
    assert "三期" not in top.post.content[: top.in_content[1]].replace("第三期", "")
    assert pinned_ok(asked.pins, top.post, top.text, *top.in_content)
    other = read_question(question.replace("三期", "四期"))
    assert not pinned_ok(other.pins, top.post, top.text, *top.in_content)


xiqing_november = month_fixture("天津西青", 2025, 11)


def test_a_town_asked_is_a_place_pin_as_a_district_is(xiqing_november: SQLStore):
    """A shop opened in 精武镇: asked of the 大寺镇 shop, the post of the 精武镇 one is no
    answer (towns and subdistricts pin as districts do); asked of 精武镇, it is."""
    assert read_pins("七鲜超市大寺镇仓店哪天开业？").districts == ("大寺镇",)
    assert read_pins("浦锦街道在哪里？").districts == ("浦锦街道",)
    for general in ("各街镇要在哪天前报送？", "杨柳青古镇几点开门？", "特色小镇有哪些？"):
        assert read_pins(general).districts == (), general
    for asked in ("七鲜超市大寺镇仓店从哪天开始可以线上下单？", "七鲜超市大寺镇仓店最快多久送达？"):
        other = ask(xiqing_november, asked)
        assert other.refused, (asked, other.answer)
    own = ask(xiqing_november, "七鲜超市精武镇仓店最快多久送达？")
    assert own.answer == "30分钟", own.reason
    assert own.citations[0].id == "2652062705_1"


def test_a_body_named_by_its_level_alone_is_the_account_s_own_district_s():
    """区政务服务办, 区委, 县政府: an account of a district writes its own district's bodies by
    the level alone, as it writes 我区. A place's name ending in the level (西青区政府) or a
    longer word starting with it (区域, 县城) is no such body."""
    own = ("找到了区政务服务办的窗口", "专班与区体育局联合", "由区委组织部牵头", "市商务局发布")
    for text, home in zip(own, ("河西区", "河西区", "河西区", "西安市"), strict=True):
        assert names_own_body(text, home), text
    for text, home in (
        ("西青区政府发布通知", "河西区"),
        ("对区域发展的影响", "河西区"),
        ("区域协调办公室", "河西区"),
        ("县城的发展", "某县"),
        ("区政务服务办", "西安市"),  # a district's body in a city's post: another level
    ):
        assert not names_own_body(text, home), text


def test_a_weekday_asked_is_not_answered_from_another_day_s_line():
    """A week's forecast gives each day's high on its own line: 周三 asked is not 周日's."""
    asked = read_question("西青区周三的最高气温预报是多少度？")
    assert (("周三",), ("周一", "周二", "周四", "周五", "周六", "周日")) in asked.pins.contrasts
