"""How a question's wording is read as its type, checked on real posts: a wording people use
for a type is answered from the post that states it."""

from __future__ import annotations

from datetime import date

from test_ask import answered_from, month_fixture

from wxintel.ask import ask, read_question
from wxintel.ask.evidence import passages, retrieve
from wxintel.ask.question import asked_quantity_units
from wxintel.ask.spans import LABELLED, candidates, cuts_a_word
from wxintel.store import SQLStore

# A district industry office's posts of 2025-09: a financing seminar with a leasing firm's
# speaker, whom the people extraction names.
weiyang = month_fixture("未央工信", 2025, 9)
# A district government service centre's posts of 2025-03: a clinic's licences checked.
hexi = month_fixture("河西政务服务", 2025, 3)
# A district commerce office's posts of 2025-04: it reposts the Politburo's meeting of 4月25日.
jinbei = month_fixture("津北商务", 2025, 4)


def test_what_a_person_is_called_is_a_person(weiyang: SQLStore):
    """叫什么 after a person (负责人, 讲课的人, 总经理) asks for a person, whom the people
    extraction names, not for a quoted name: 刘琪, not a phrase ending in 的."""
    for asked in ("负责人叫什么？", "讲课的人叫什么名字？", "总经理叫什么？"):
        assert read_question(asked).type == "person", asked
    assert read_question("这个微信群叫什么？").type == "name"
    # a word ending in 人 names no person unless it is a noun of one (person_nouns.txt)
    assert read_question("发言人叫什么？").type == "person"
    for asked in ("这款人形机器人叫什么？", "发布的数字人叫什么？"):
        assert read_question(asked).type == "name", asked
    question = "融资政策宣讲会上为企业讲解融资租赁的那位负责人叫什么？"
    answered_from(weiyang, question, "刘琪", "2247495029_1")


def test_a_few_after_a_demonstrative_asks_no_count(hexi: SQLStore):
    """那几张许可证 points at the licences ("those few"): the question asks the day, which the
    post's sentence gives beside the question's words, not a count of licences."""
    question = read_question("尖山街社区卫生服务中心那几张许可证是哪天通过全部校验的？")
    assert question.type == "date"
    assert read_question("这几个项目在哪里？").type == "place"
    assert read_question("申报材料交几份？").type == "count"
    found = passages(question, retrieve(hexi, question))
    checked = next(p for p in found if "通过全部校验" in p.text)
    assert checked.post.id == "2247517523_5"
    spans = candidates(
        question, checked.source, checked.start, checked.end, [], checked.post.day, checked.anchors
    )
    assert spans[0].text == "3月11日"


def test_a_verb_not_the_verb_asks_yes_or_no(jinbei: SQLStore):
    """提没提, 说没说, 去不去 (正反问句) ask yes or no whatever the verb, as 是不是 and 有没有 do;
    a reduplicated verb without 没 or 不 (看看) asks nothing."""
    for asked in ("会上提没提降准？", "他去不去现场？", "是不是第一个？"):
        assert read_question(asked).type == "yes_no", asked
    assert read_question("看看在哪里？").type == "place"
    got = ask(jinbei, "4月25日的政治局会议说没说要适时降准降息？")
    assert got.answer == "是", got.reason
    assert got.citations[0].id == "2247516083_1"


def test_a_count_in_the_post_s_own_measure_word_counts_the_noun_asked(post):
    """多少条工作措施 is answered by 23项工作措施: the noun asked right after the count says what it
    counts, whatever measure word the post writes; a count in another measure word before
    another noun (8个方面) counts something else, and so does 23项 for a noun it is not before."""
    content = post("未央工信", "2247494614_2").content
    a = content.index("近日，金融监管总局")
    b = content.index("。", a) + 1
    day = date(2025, 9, 1)
    asked = read_question("《支持小微企业融资的若干措施》提出了多少条工作措施？")
    assert [c.text for c in candidates(asked, content, a, b, [], day)] == ["23项"]
    other = read_question("《支持小微企业融资的若干措施》提出了多少条融资措施？")
    assert candidates(other, content, a, b, [], day) == []


# A district's posts of 2026-03: a fraud warning naming the app a victim was led to install.
xiqing = month_fixture("天津西青", 2026, 3)


def test_a_bounded_name_beside_the_noun_asked_answers_which_thing(xiqing: SQLStore):
    """什么软件 where no name ends with 软件: the quoted name right before 的软件 is the one asked
    (名为“惠购助手”的软件); the sentence's other quote, “客服”, stands away from it and is none."""
    question = read_question("王某被诱导安装的是个什么软件？")
    assert question.type == "which"
    found = passages(question, retrieve(xiqing, question))
    told = next(p for p in found if "惠购助手" in p.text)
    assert told.post.id == "2652090709_2" and "“客服”" in told.text
    spans = candidates(question, told.source, told.start, told.end, [], told.post.day, told.anchors)
    assert [c.text for c in spans] == ["惠购助手"]


def test_an_address_ends_with_its_number_and_a_range_is_one_figure(post):
    """位于…迎春路670号的民生路旗舰店: the place is the address up to its number, not the shop
    standing there; 1～2厘米 is one figure, not its second end (2厘米)."""
    shop = post("上海经信委", "2650688611_2").content
    a = shop.index("7月下旬，上海移动位于")
    b = shop.index("。", a) + 1
    asked = read_question("上海移动民生路旗舰店开在什么地址？")
    assert candidates(asked, shop, a, b, [], date(2025, 9, 1))[0].text == "浦东新区迎春路670号"
    snow = post("天津西青", "2652076747_1").content
    a = snow.index("最大积雪深度")
    b = snow.index("\n", a)
    asked = read_question("这场雪积雪会有多深？")
    assert [c.text for c in candidates(asked, snow, a, b, [], date(2026, 1, 16))] == ["1～2厘米"]


def sentence_of(content: str, opening: str) -> tuple[int, int]:
    """The span of the sentence of `content` that opens with `opening`."""
    a = content.index(opening)
    return a, content.index("。", a) + 1


def test_figures_a_post_writes_without_the_question_s_unit(post):
    """过亿元 is a sum (over one 亿元) though no number stands before it; 多久 asked with 至少 is a
    span of time (两年以上); 几个 asked where the question counts 59个测评点 and the post writes
    59项测评点 is answered in the post's measure word (22项)."""
    day = date(2025, 9, 1)
    text = post("未央工信", "2247495092_1").content
    asked = read_question("区工信局的“年度重点企业”产值门槛是多少以上？")
    spans = candidates(asked, text, *sentence_of(text, "三、正向激励树标杆"), [], day)
    assert [c.text for c in spans] == ["过亿元"]
    text = post("天津西青", "2652090745_1").content
    asked = read_question("投标的药企至少要有多长时间的稳定生产经验？")
    spans = candidates(asked, text, *sentence_of(text, "设立了严格的投标准入"), [], day)
    assert spans[0].text == "两年"
    text = post("闵行发展改革", "2247504090_1").content
    asked = read_question("营商环境的59个测评点里，上海有几个是全球最优？")
    spans = candidates(asked, text, *sentence_of(text, "今年4月，世界银行"), [], day)
    assert {c.text for c in spans} == {"59项", "22项"}
    assert (
        candidates(
            read_question("上海有几个是全球最优？"),
            text,
            *sentence_of(text, "今年4月，世界银行"),
            [],
            day,
        )
        == []
    )


def test_how_long_asked_with_a_threshold_reads_no_date_as_a_length():
    """至少要有多久 reads spans of time as a count question asking 多久 does: the 3月 and 31日 of
    a date are no length of time (review revB16, finding 1), and a sentence holding only a date
    answers nothing."""
    day = date(2025, 3, 1)
    asked = read_question("申请人至少要有多久的工作经验？")
    assert asked.type == "threshold"
    sentence = "申请截止时间为2025年3月31日，申请人须具有两年以上相关工作经验。"
    spans = candidates(asked, sentence, 0, len(sentence), [], day)
    assert [c.text for c in spans] == ["两年"]
    sentence = "请于3月31日前提交材料，逾期不予受理。"
    assert candidates(asked, sentence, 0, len(sentence), [], day) == []


def test_a_figure_before_ji_names_a_class_not_a_measurement(post):
    """国产首台16米级超大直径盾构机: 16米级 is the machine's class (about 16 metres), so asked how
    big its diameter is that sentence offers no figure; the sentence that measures it does
    (16.07米直径)."""
    question = read_question("京华号盾构机的直径有多大？")
    content = post("上海经信委", "2650688507_2").content
    for sentence, found in (("这是国产首台16米级", []), ("“16.07米直径", ["16.07米"])):
        a = content.index(sentence)
        b = content.index("。", a) + 1
        spans = candidates(question, content, a, b, [], date(2025, 9, 24))
        assert [c.text for c in spans if "米" in c.text] == found


def test_a_noun_cue_after_the_question_word_and_a_verb_is_its_object(xiqing: SQLStore):
    """哪天接到那通电话 asks for a day (电话 is what was received), not a phone: answered with the
    day the post says the call came; 哪个部门的电话 and 什么时候截止 keep their types."""
    question = "被骗走5万元的王某是哪天接到那通电话的？"
    assert read_question(question).type == "date"
    answered_from(xiqing, question, "2026年2月28日", "2652090067_2")
    assert read_question("哪个部门的电话是多少？").type == "contact"
    assert read_question("什么时候截止？").type == "deadline"


def test_a_standard_number_answers_a_standard_number_question(post):
    """标准号 asks for a document number of a standard's shape (GB/T 44193—2024), which no
    notice's 文号 reader reads: the number written after the standard's title answers."""
    question = read_question("《全国一体化政务服务平台一网通办基本要求》的标准号是多少？")
    assert question.type == "doc_number"
    content = post("河西政务服务", "2247513371_2").content
    a = content.index("GB/T 44193")
    a = content.rfind("。", 0, a) + 1
    b = content.index("。", a) + 1
    spans = candidates(question, content, a, b, [], date(2024, 10, 1))
    assert [c.text for c in spans] == ["GB/T 44193—2024"]


# A district development and reform office's posts of 2025-11: a town's yearly figures.
minhang = month_fixture("闵行发展改革", 2025, 11)


def test_the_noun_a_bare_how_much_asks_of_says_what_the_figure_measures(minhang: SQLStore):
    """多少 asks of a noun that says what is measured: 财政总收入 is a sum (52.04亿元), not the
    growth rate written first beside it (年均增长4.81%); 增长多少 asks the rate. The nouns are
    data (quantity_nouns.txt)."""
    assert asked_quantity_units(read_question("全镇财政总收入有多少？")) == ("元",)
    assert asked_quantity_units(read_question("每项扶持资金最多有多少？")) == ("元",)
    assert asked_quantity_units(read_question("客流量一共有多少？"))[0] == "人次"
    assert "%" in asked_quantity_units(read_question("总产值同比增长多少？"))
    assert asked_quantity_units(read_question("申报材料交几份？")) == ()
    total = ask(minhang, "浦江镇2024年的财政总收入是多少？")
    assert total.answer == "52.04亿元", total.reason
    assert total.citations[0].id == "2247504392_2"
    growth = ask(minhang, "浦江镇的财政总收入年均增长多少？")
    assert growth.answer == "4.81%", growth.reason


def test_a_one_character_word_does_not_place_the_answer(minhang: SQLStore):
    """加 of 加起来 stands in 增加值 too: as the question's word nearest 多少 it put the answer in
    the clause of the 增加值 (700亿元); a longer question word (营业收入) places it (2400亿元)."""
    got = ask(minhang, "闵行1000余家规上文创企业的年营业收入加起来有多少？")
    assert got.answer == "2400亿元", got.reason
    assert got.citations[0].id == "2247504324_2"


def test_a_level_asked_is_not_answered_from_another_level(minhang: SQLStore):
    """创成国家级夜间文化和旅游消费集聚区: asked whether it is the 市级 one, the sentence about the
    国家级 one says nothing of a 市级 title (levels are siblings, contrast_words.txt), so no 是."""
    asked = "吴中路商圈所在的虹桥消费集聚区，评上的是{}夜间文化和旅游消费集聚区吗？"
    assert ask(minhang, asked.format("国家级")).answer == "是"
    other = ask(minhang, asked.format("市级"))
    assert other.answer != "是", other.citations[0].quote


hexi_october_2025 = month_fixture("河西政务服务", 2025, 10)


def test_which_standard_asks_for_its_number(hexi_october_2025: SQLStore):
    """什么国家标准 asks for the standard's number as 标准号 does (GB/T 27728.2—2024), not for the
    words 推荐性国家标准 that name its kind."""
    assert read_question("要符合什么国家标准？").type == "doc_number"
    assert read_question("执行的是哪个行业标准？").type == "doc_number"
    got = ask(hexi_october_2025, "婴幼儿和儿童用的湿巾要符合什么国家标准？")
    assert got.answer == "GB/T 27728.2—2024", got.reason
    assert got.citations[0].id == "2247520839_1"


minhang_september = month_fixture("闵行发展改革", 2025, 9)


def test_a_firm_asked_for_is_no_phrase_ending_in_the_general_noun(minhang_september: SQLStore):
    """企业 ends phrases (与企业负责人深入交流企业, 世界五百强企业) far more often than firms'
    names (…有限公司, …集团): like 单位 and 机构 it is too general a noun to end the name asked
    for, so 哪家企业 gives no such phrase as the firm."""
    got = ask(minhang_september, "郭宇一行在闵行看到的eVTOL工程样机是哪家企业的？")
    assert got.refused or not got.answer.endswith("企业"), got.answer


def test_a_name_asked_for_ends_where_a_word_ends(post):
    """有力推动区域产业结构 holds 有力推动区 and 行业主管部门 holds 行业主管部 as strings, but
    each is cut out of a word (区域, 部门): no such piece is offered as the district or body."""
    cases = (
        ("上海经信委", "2650689606_1", "屹锂的全固态电池项目落户在上海哪个区？", "有力推动区域"),
        ("闵行发展改革", "2247504124_1", "隐患信息报送至哪个部门？", "行业主管部门"),
    )
    for account, aid, asked, where in cases:
        question = read_question(asked)
        content = post(account, aid).content
        a = content.rfind("。", 0, content.index(where)) + 1
        b = content.index("。", content.index(where)) + 1
        cut = content.index(where) + len(where) - 1
        assert cuts_a_word(content, cut)
        spans = candidates(question, content, a, b, [], date(2025, 10, 1))
        assert not [c.text for c in spans if c.end == cut]
        assert all(not cuts_a_word(content, c.end) for c in spans)


def test_a_venue_said_here_a_hotline_by_its_name_and_a_compound_s_head_noun():
    """Made-up sentences: the place of an event held 在这里 is the venue the sentence opens
    with; a five-digit number opening a hotline's name is a number to call; for 哪家展览馆
    the name ending in the noun asked starts after the verb or time word before it (前往)."""
    day = date(2025, 10, 1)
    place = read_question("那场消防宣传活动是在什么地方办的？")
    sentence = "今天上午，滨河广场人头攒动，一场消防宣传活动在这里热闹开展。"
    spans = candidates(place, sentence, 0, len(sentence), [], day)
    assert [c.text for c in spans][:1] == ["滨河广场"]
    hotline = read_question("投诉协同处理机制是依托哪条热线建立的？")
    sentence = "依托12345政务服务便民热线建立投诉协同处理机制。"
    spans = candidates(hotline, sentence, 0, len(sentence), [], day)
    assert [c.text for c in spans] == ["12345"]
    sentence = "全市共接诉12000件，办结率达98%。"  # a figure, no number to call
    assert candidates(hotline, sentence, 0, len(sentence), [], day) == []
    venue = read_question("参加对口联系活动的干部去参观的是哪家展览馆？")
    sentence = "11月8日，全体干部与区委会代表前往南京市规划展览馆开展对口联系活动。"
    spans = candidates(venue, sentence, 0, len(sentence), [], day)
    assert [c.text for c in spans][:1] == ["南京市规划展览馆"]


def test_a_day_under_a_label_naming_what_is_asked():
    """Made-up: a field list's label (开奖时间) above a day on its own line says what the day is
    for, so it answers 哪天开奖 though a day alone on its line is else read as a signature's."""
    day = date(2025, 10, 20)
    drawn = read_question("送演出票的那次活动哪天开奖？")
    post = "拿免费门票啦！\n开奖时间\n2025年10月24日\n活动详情见下方"
    spans = candidates(drawn, post, 0, len(post), [], day)
    assert [(c.key, c.strength) for c in spans] == [("2025-10-24", LABELLED)]
    held = read_question("活动哪天举办？")  # the label names another thing: no such day
    assert candidates(held, post, 0, len(post), [], day) == []


def test_a_temperature_below_zero_keeps_its_sign():
    """Made-up: a low of -4℃ keeps its sign (零下 too), a range of two such its both ends; a
    low of 4℃ would be another day's weather."""
    day = date(2025, 12, 1)
    cold = read_question("明天最低气温会降到多少度？")
    for sentence, low in (
        ("明天最低气温降至-4℃左右。", "-4℃"),
        ("最低气温零下5℃，最高气温3℃。", "零下5℃"),
        ("气温-3～-1℃。", "-3～-1℃"),
    ):
        assert [c.text for c in candidates(cold, sentence, 0, len(sentence), [], day)][:1] == [low]


def test_a_new_name_asked_for_is_the_name_written_after_the_change():
    """Made-up: 改成了什么名字 asks for the name after 变更为/更名为, not a quoted phrase of the
    passage (“一对一”帮办)."""
    day = date(2025, 6, 26)
    renamed = read_question("某某进出口商品服务有限公司6月改成了什么名字？")
    passage = (
        "6月2日，某某进出口商品服务有限公司因转型升级，急需变更为某某生活服务有限公司。"
        "窗口提供“一对一”预约帮办服务。"
    )
    spans = candidates(renamed, passage, 0, len(passage), [], day)
    assert [c.text for c in spans][:1] == ["某某生活服务有限公司"]
    quoted = "该活动更名为“津彩夜市”，每周五举办。"
    spans = candidates(read_question("这个活动改名叫什么？"), quoted, 0, len(quoted), [], day)
    assert [c.text for c in spans][:1] == ["津彩夜市"]
