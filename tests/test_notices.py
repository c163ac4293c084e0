"""Notice facts on hand-written sentences of each pattern and on real notices of all accounts."""

import re
from datetime import date

import pytest

from wxintel.extract.notices import (
    attachment_facts,
    deadline_fact,
    doc_number_facts,
    extract_notice_facts,
    period_fact,
    policy_title_facts,
    signature_facts,
)
from wxintel.nlp.cndate import find_dates

REF = date(2025, 9, 23)


def deadline(text: str, ref: date = REF) -> str | None:
    facts = deadline_fact(text, find_dates(text, ref), ref)
    for fact in facts:
        assert text[fact.start : fact.end] == fact.text
    return facts[0].value if facts else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推荐单位于2025年10月30日前按推荐项目优先顺序填写推荐汇总表", "2025-10-30"),
        ("请于2025年12月19日前将申报材料报上海市经济信息化委。", "2025-12-19"),
        ("申报材料请于11月17日17:00前快递至上海市工业互联网协会。", "2025-11-17T17:00"),
        ("请务必于2025年9月20日24点前在大会注册页面完成信息提交。", "2025-09-20T23:59"),
        ("即日起至9月30日，上传作品参与征集。", "2025-09-30"),
        ("截止时间：2025年10月8日。请按时提交。", "2025-10-08"),
        ("参展报名截止日期为10月15日。", "2025-10-15"),
        ("网上申报时间为即日起至2025年6月24日17:00，过时不予受理。", "2025-06-24T17:00"),
        ("第一批项目申报时间为2025年10月3日至30日。", "2025-10-30"),
        ("展位申请将于10月30日截止，请尽快报名。", "2025-10-30"),
        ("于2025 年12月15日上午12点将申报材料纸质版报送市工信局。", "2025-12-15T12:00"),
        ("并于2026年2月27日18：00时前将推荐文件报送未央区工信局。", "2026-02-27T18:00"),
        ("即日起至2025年10月15日。", "2025-10-15"),
        # full-width digits in the year too; a schedule row labelled by its verb and a colon
        ("截止时间：２０２５年１０月２０日", "2025-10-20"),
        ("网上申报：2025年10月10日8:30—10月20日17:30", "2025-10-20T17:30"),
        # a window asked for; a clause-opening 截至 with what comes late refused
        ("请于2025年10月20日至10月25日期间登录系统填报。", "2025-10-25"),
        ("截至2025年10月20日下午5:00，逾期不予受理。", "2025-10-20T17:00"),
    ],
)
def test_deadline_patterns(text, expected):
    assert deadline(text, date(2025, 6, 1)) == expected


def test_yearless_deadline_across_the_new_year():
    assert deadline("请于1月9日前报送申报材料。", date(2025, 12, 20)) == "2026-01-09"


@pytest.mark.parametrize(
    "text",
    [
        "9月28日，元宇宙发展论坛在漕河泾会议中心举行。",  # an event date
        "截至9月11日，我市新增9款已完成登记的服务。",  # a statistic's cut-off
        "欢迎市民9月25日至28日前来打卡。",  # 前来 is not 之前
        "机关应当于每年3月31日前将上一年情况报送。",  # a standing rule, not this call
        "公示时间：2025年10月10日-10月16日",  # a period
        "即日起至10月30日，各企业开展全覆盖自查自纠。",  # a campaign, nothing to hand in
        # a verb and a colon introducing what follows, not labelling the window
        "请按以下安排办理：\n10月10日至10月20日\n开展培训",
        "截至10月20日，累计受理1200件，逾期未办结的0件。",  # a report's "as of"
        "所提交发票的开票日期均应在2025年10月1日至2025年12月31日期间。",  # a condition
    ],
)
def test_other_dates_are_not_deadlines(text):
    assert deadline(text) is None


def stated(text: str, ref: date = REF) -> list[dict]:
    return [f.value for f in deadline_fact(text, find_dates(text, ref), ref)[1:]]


def test_the_applicants_final_deadline_wins_and_every_stage_is_kept():
    text = "请于2025年9月30日前注册报名。请于2025年10月28日前提交方案。"
    assert deadline(text) == "2025-10-28"
    assert [d["at"] for d in stated(text)] == ["2025-09-30", "2025-10-28"]


def test_a_projects_own_schedule_is_not_a_deadline_to_hand_in_by():
    text = "请于2025年10月31日前报送申报材料。项目须于2026年12月31日前完成建设并投入使用。"
    assert [d["at"] for d in stated(text)] == ["2025-10-31"]
    assert deadline("请于11月5日前在申报平台完成资料审核。") == "2025-11-05"


def test_a_later_phase_of_the_programme_is_no_deadline_of_the_call():
    text = (
        "各省级主管部门应于2025年10月24日前将实施方案报商务部。"
        "试点启动第二年初，由省级主管部门组织开展绩效自评，于3月底前报送自评报告。"
    )
    assert deadline(text) == "2025-10-24"
    alone = "请各项目单位开展绩效自评，于12月31日前报送自评报告。"
    assert deadline(alone) == "2025-12-31"  # a notice that asks for the report keeps it


def test_when_only_intermediaries_are_given_dates_the_first_stage_binds():
    text = "各区于10月20日前将推荐名单报送市经信委；各推荐单位于10月30日前报送汇总表。"
    assert deadline(text) == "2025-10-20"


def test_an_agencys_own_schedule_asks_the_reader_nothing():
    assert deadline("据了解，区民政局将于10月11日前完成检查并报送结果。") is None
    text = "我局将于10月20日前完成审核并报送市经信委。请各企业于10月15日前提交申报材料。"
    assert deadline(text) == "2025-10-15"
    assert deadline("申报系统将于10月31日17:00关闭，请尽快提交。") == "2025-10-31T17:00"
    # a thing's schedule (a system, a result) tells the reader what will come, unless it closes
    assert deadline("报名成功后，系统将于10月14日前发送参会链接。") is None
    assert deadline("审核结果将于10月16日前通过短信发送至报名手机。") is None
    assert deadline("报名通道将于10月16日截止，请尽快提交。") == "2025-10-16"
    # a target the writer sets itself (力争) asks nobody either
    assert deadline("管委会将设立项目专班，力争10月31日前完成全部项目的供地手续。") is None


def test_a_close_stated_as_passed_is_no_deadline():
    # 已 (already) reports the close, whatever day is written
    assert (
        deadline("2026年度申报已于2026年6月30日截止，共收到项目420个。", date(2026, 5, 20)) is None
    )
    assert deadline("系统已于5月20日开放，将于6月30日截止。", date(2026, 5, 20)) == "2026-06-30"


def test_a_column_header_labels_the_dates_below_it():
    # tables flattened one cell per line, the deadline column named only in the header row
    numbered = (
        "申报安排如下：\n序号\n项目名称\n申报截止时间\n1\n智能工厂\n2025年10月31日\n"
        "2\n绿色工厂\n2025年11月15日\n"
    )
    dates = find_dates(numbered, REF)
    stated = [f.value["at"] for f in deadline_fact(numbered, dates, REF)[1:]]
    assert stated == ["2025-10-31", "2025-11-15"]
    windows = (
        "各项赛事报名安排：\n赛事\n报名时间\n咨询电话\n青年创新大赛\n10月1日至10月20日\n"
        "12345678\n工业设计赛\n10月5日至10月25日\n87654321\n"
    )
    assert deadline(windows) == "2025-10-25"
    events = "活动安排\n活动名称\n活动时间\n地点\n论坛\n10月30日\n国家会展中心\n"
    assert deadline(events) is None  # a column of event dates is no deadline


def test_a_deadline_read_from_a_column_takes_its_headers_purpose():
    signup = (
        "请参赛企业按以下安排办理：\n赛区\n联系人\n报名截止时间\n东区\n王老师\n10月20日\n"
        "西区\n李老师\n10月25日\n"
    )
    stated = deadline_fact(signup, find_dates(signup, REF), REF)[1:]
    assert [(f.value["at"], f.value["for"]) for f in stated] == [
        ("2025-10-20", "报名"),
        ("2025-10-25", "报名"),
    ]
    # a window under its header: 报名时间 says what the window's end closes
    windows = "赛事报名安排：\n赛事\n报名时间\n青年创新大赛\n10月1日至10月20日\n"
    stated = deadline_fact(windows, find_dates(windows, REF), REF)[1:]
    assert [f.value["for"] for f in stated] == ["报名"]


def test_each_stated_deadline_says_what_it_is_for():
    text = (
        "线上申报截止时间为2025年10月23日。纸质资料于10月24日前报送至区工信局。"
        "各区于10月30日前将推荐名单报送市经信委。报名缴费截止时间为10月20日24时。"
    )
    assert stated(text) == [
        {"at": "2025-10-23", "for": "网上申报"},
        {"at": "2025-10-24", "for": "纸质材料"},
        {"at": "2025-10-30", "for": "区级推荐"},
        {"at": "2025-10-20T23:59", "for": "报名"},  # named first (docs/facts.md)
    ]
    assert deadline(text) == "2025-10-24"  # the districts' stage is not the applicant's
    own = "请填写《省级推荐汇总表》（见各区文件），于10月24日前将纸质材料报送区工信局。"
    assert stated(own) == [{"at": "2025-10-24", "for": "纸质材料"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请于10月13日（周一）24时系统关闭前完成网上申报。", "2025-10-13T23:59"),
        ("网上申报系统于2025年10月20日17时起关闭，请尽早提交。", "2025-10-20T17:00"),
        # a system's own "will" closes the filing when the date closes it (起关闭), not a plan
        ("申报单位登录系统填报，系统将于10月23日17时起关闭，逾期不予受理。", "2025-10-23T17:00"),
        ("四、投稿方式：电子稿发送至邮箱。\n五、截稿日期：2025.10.31\n", "2025-10-31"),
        ("申报时间：10月9日9:00-17:00，逾期不予受理。", "2025-10-09T17:00"),
        ("网上申报时间：10月9日9:00-10月20日17:00。", "2025-10-20T17:00"),
        ("报名截止时间：2025年１０月１７日１７：００", "2025-10-17T17:00"),
        ("申报截止时间\n10月17日 17：00\n", "2025-10-17T17:00"),  # a table's cells
        ("请于2024年10月13日（星期一）前报送申报材料。", "2025-10-13"),  # typo'd year
    ],
)
def test_times_windows_cells_and_weekdays(text, expected):
    assert deadline(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Forms other government accounts write (made-up text, no development post has them).
        ("请于十月三十一日前报送申报材料", "2025-10-31"),
        ("报名时间：即日起至十月三十一日", "2025-10-31"),
        ("请于10.31前提交申报材料", "2025-10-31"),
        ("报名日期：2025.10.8-10.31", "2025-10-31"),
        ("材料于10月31日（含）前寄送至区经委", "2025-10-31"),
        ("请于本月31日前报送", "2025-10-31"),
        ("申报截至2025年10月31日", "2025-10-31"),
        ("报名截止时间｜10月31日", "2025-10-31"),
        ("| 报名时间 | 10月20日-10月31日 |", "2025-10-31"),  # a table row's cells
        ("申报材料请于10月31日17时前报送，以邮戳为准", "2025-10-31T17:00"),
        ("受理时间：10月8日至10月31日，工作日9:00-16:30", "2025-10-31T16:30"),
        ("请于2025/10/31前提交", "2025-10-31"),
        ("请于2025年10月31日17：00（北京时间）前提交申报材料", "2025-10-31T17:00"),
        ("请于10月31日（下周五）前报送", "2025-10-31"),
        ("申报材料最迟于10月31日提交", "2025-10-31"),
        ("申报材料不晚于10月31日寄送至区经委", "2025-10-31"),
        ("请于10月31日提交申报材料", "2025-10-31"),
        ("报名截止至10月31日", "2025-10-31"),
        ("请于10月31日下午五点前提交", "2025-10-31T17:00"),
        ("考生可于10月31日登录报名网站查询成绩", None),  # when results open, not a deadline
        ("征集时间截至2025年10月31日", "2025-10-31"),
        ("本次征集活动截至2025年10月31日，欢迎投稿", "2025-10-31"),
        ("截至10月31日，全区共有企业报名参加", None),  # 截至 opening a report's clause
        # A window that opened over a month before the post is this year's, not next year's.
        ("申报时间为9月1日至10月31日，请登录系统填报。", "2025-10-31"),
        ("申报时间为9月1日至30日，请登录系统填报。", None),  # closed before publication
        # A window opened by the notice itself, a dash for 至, the closing day named after it,
        # the last day named before it, the last of two daily sessions.
        ("自本通知印发之日起至10月31日，企业可通过系统提交申报材料。", "2025-10-31"),
        ("报名时间：即日起—10月20日18:00。", "2025-10-20T18:00"),
        ("2025年10月31日为申报截止日。", "2025-10-31"),
        ("10月31日为活动日，请报名。", None),  # the day of the event, not a closing day
        ("最后提交日期为10月31日。", "2025-10-31"),
        ("材料报送时间：10月8日至10月15日（工作日9:00-11:30，13:30-17:00）", "2025-10-15T17:00"),
        # The window a submission system is open ends online filing; an exhibition's does not.
        ("申报系统开放时间为10月8日至10月31日。", "2025-10-31"),
        ("网上申报平台将于10月8日至10月31日开放，请企业登录填报。", "2025-10-31"),
        ("办证平台预计从9月至10月27日在官网开放，企业需线上注册。", "2025-10-27"),
        ("展会将于10月8日至10月31日在国家会展中心开放。", None),
    ],
)
def test_forms_of_other_accounts(text, expected):
    assert deadline(text, date(2025, 10, 15)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "截止10月底，全系累计交付新车数量已突破100万台，欢迎报名参加试驾。",  # "as of"
        "截至2025年11月30日，全区累计已受理申报项目120个。",
        "递补截止时间为2025年11月30日。",  # a reserve list, nothing to hand in
        "10.31前后，企业可报名参加。",  # 前后 is "around", not "before"
        "增长10.3%前景看好，欢迎申报。",  # a figure, not a date
    ],
)
def test_cutoffs_that_close_nothing_for_the_reader(text):
    assert deadline(text, date(2025, 10, 15)) is None


@pytest.mark.parametrize(
    "text",
    [
        "请于2025年9月1日前报送申报材料。",  # before publication: a past stage
        "请于2045年9月1日前完成改造并报送材料。",  # decades away: a horizon
        "2026年1月1日前出生的婴幼儿，由家长报送材料。",  # a birth-date limit
        "报废2025年9月30日前注册登记的车辆并提交补贴申请。",  # a registration condition
        "证书有效期至2026年10月1日，请及时申请。",  # a validity period
    ],
)
def test_conditions_and_implausible_dates_are_not_deadlines(text):
    assert deadline(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公示时间：2025年10月10日-10月16日", ["2025-10-10", "2025-10-16"]),
        ("公示期为2025年11月3日起至11月7日止。", ["2025-11-03", "2025-11-07"]),
        ("现将名单予以公示，公示时间为11月20日至28日。", ["2025-11-20", "2025-11-28"]),
    ],
)
def test_publicity_periods(text, expected):
    [fact] = period_fact(text, find_dates(text, REF))
    assert fact.value == expected
    assert text[fact.start : fact.end] == fact.text


def test_signature_block_with_several_issuers_and_blank_lines():
    text = (
        "附件：\n\n1. 项目汇总.docx\n\n"
        "上海市经济和信息化委员会\n\n上海市文化和旅游局\n\n2025年10月10日"
    )
    facts = signature_facts(text)
    assert [f.value for f in facts if f.kind == "issuer"] == [
        "上海市经济和信息化委员会",
        "上海市文化和旅游局",
    ]
    assert [f.value for f in facts if f.kind == "signed"] == ["2025-10-10"]


def test_issuers_on_one_line_and_a_note_after_the_date():
    text = "市商务局 市委宣传部 市文化和旅游局\n2025年9月16日（联系人：市商务局 华李健）"
    facts = signature_facts(text)
    assert [f.value for f in facts if f.kind == "issuer"] == [
        "市商务局",
        "市委宣传部",
        "市文化和旅游局",
    ]
    assert [f.value for f in facts if f.kind == "signed"] == ["2025-09-16"]


def test_a_date_after_a_sentence_is_not_a_signature():
    assert signature_facts("特此通知。\n2025年9月16日") == []


def test_attachment_list_after_the_heading():
    text = (
        "附件：1.智能工厂梯度培育要素条件（2025年版）.docx\n\n2.智能制造典型场景参考指引（2025年版）.docx"
        "\n\n3.申报书.docx\n\n上海市经济和信息化委员会"
    )
    facts = attachment_facts(text)
    assert [f.value for f in facts] == [
        "智能工厂梯度培育要素条件（2025年版）",
        "智能制造典型场景参考指引（2025年版）",
        "申报书",
    ]
    assert all(text[f.start : f.end] == f.text for f in facts)


def test_attachments_run_together_on_one_line():
    text = "附件2节能降碳技术申报书.doc附件3高效节能装备申报书.doc"
    assert [f.value for f in attachment_facts(text)] == ["节能降碳技术申报书", "高效节能装备申报书"]
    text = "附件：1．2025年境外重点展会目录2．2025年境内重点国际性展会目录"
    assert [f.value for f in attachment_facts(text)] == [
        "2025年境外重点展会目录",
        "2025年境内重点国际性展会目录",
    ]


def test_references_to_attachments_in_the_body_are_not_attachments():
    assert attachment_facts("填写申报书（见附件1），并按要求报送。") == []


def test_doc_numbers_are_normalised():
    text = (
        "目录见沪经信软〔2023〕513 号；按照工信厅信发函[2026]64号文件；（陕工信发﹝2025﹞198 号）"
    )
    assert [f.value for f in doc_number_facts(text)] == [
        "沪经信软〔2023〕513号",
        "工信厅信发函〔2026〕64号",
        "陕工信发〔2025〕198号",
    ]


def test_policy_titles_keep_policies_and_skip_forms():
    text = (
        "根据《关于开展2025年度智能工厂梯度培育行动的通知》，填写《申报书》和"
        "《上海市推进智能工厂建设行动计划（2022-2025年）》"
    )
    assert [f.value for f in policy_title_facts(text)] == [
        "关于开展2025年度智能工厂梯度培育行动的通知",
        "上海市推进智能工厂建设行动计划（2022-2025年）",
    ]


def test_every_call_in_the_other_accounts_with_a_due_line_gets_a_deadline(more_clean):
    # Calls that write "…前报送" or "申报截止…" must never lose their deadline; a recurring
    # report's "于次月3日前报送" (河西政务服务 2247513645_1, a work plan) names no date.
    recurring = re.compile(r"(?:次月|每月|每年)\d{1,2}日前报送")
    missing, checked = [], 0
    for article in [a for arts in more_clean.values() for a in arts]:
        text = article.content
        if text.count("前报送") > len(recurring.findall(text)) or "申报截止" in text:
            checked += 1
            facts = extract_notice_facts(text, date.fromisoformat(article.published[:10]))
            if not any(f.kind == "deadline" for f in facts):
                missing.append(article.aid)
    assert checked >= 10
    assert missing == []


def test_spans_are_exact_for_every_seed_article(seed_clean):
    kinds = set()
    for article in seed_clean:
        for fact in extract_notice_facts(
            article.content, date.fromisoformat(article.published[:10])
        ):
            assert article.content[fact.start : fact.end] == fact.text
            kinds.add(fact.kind)
    assert {"deadline", "period", "signed", "issuer", "attachment", "doc_number"} <= kinds


def undated(text: str) -> list[dict]:
    """The stated deadlines counted from an undated event: no day, the wording kept."""
    facts = extract_notice_facts(text, date(2025, 11, 3))
    return [f.value for f in facts if f.kind == "stated_deadline" and not f.value["at"]]


@pytest.mark.parametrize(
    ("text", "as_written", "purpose"),
    [
        ("请相关企业自收到通知之日起10个工作日内，登录服务平台完成信息填报。",
         "自收到通知之日起10个工作日内", "网上申报"),
        ("需补充材料的，请申报单位在接到通知后3个工作日内补充提交。",
         "在接到通知后3个工作日内", "申报"),
        ("请各区于接到本通知后5个工作日内完成初审，并将推荐汇总表报送市商务委。",
         "于接到本通知后5个工作日内", "区级推荐"),
        ("对发现问题的企业，应自收到整改通知书之日起30日内完成整改，并提交整改报告。",
         "自收到整改通知书之日起30日内", "申报"),
    ],
)  # fmt: skip
def test_a_deadline_counted_from_an_undated_event_keeps_its_wording_and_no_day(
    text, as_written, purpose
):
    assert undated(text) == [{"at": "", "for": purpose, "as_written": as_written}]
    assert deadline(text, date(2025, 11, 3)) is None  # no final day is made up


@pytest.mark.parametrize(
    "text",
    [
        "区发展改革委将组织评审，评审结果公示期满后5个工作日内下达项目计划。",  # its own step
        "市场监督管理部门应当自收到申请之日起两个工作日内予以受理。",  # a law's 应当
        "第十条 网信办应自收到备案申请之日起20个工作日内完成审核。\n"
        "单位应在收到反馈后10个工作日内补充提交材料。",  # still inside the article
        "请于本通知发布之日起10个工作日内提交材料。",  # counted from publication: dated
    ],
)  # fmt: skip
def test_an_agency_duty_a_law_or_a_dated_count_is_no_undated_deadline(text):
    assert undated(text) == []


def test_regulations_quoted_by_real_posts_give_no_undated_deadline(post):
    """Real posts quoting regulations ("应当自收到投诉材料之日起30日内", articles 第十条 …)
    state duties of whoever the law binds: none becomes a stated deadline of the post."""
    quoting = [("未央工信", "2247494608_1"), ("河西政务服务", "2247523777_2"),
               ("河西政务服务", "2247523836_2"), ("未央工信", "2247494564_2")]  # fmt: skip
    for account, aid in quoting:
        article = post(account, aid)
        assert "之日起" in article.content
        assert undated(article.content) == []


def test_a_schedule_tables_step_row_closes_under_a_bare_time_column():
    """阶段 | 时间, one cell per line: the row's step and the column's 时间 label the cell."""
    table = "时间安排：\n阶段\n时间\n项目征集\n11月5日至11月21日\n专家评审\n11月25日\n"
    assert deadline(table, date(2025, 11, 3)) == "2025-11-21"
    # a row no reader acts on (the review, a meeting) is no deadline under the same column
    review = "时间安排：\n阶段\n时间\n专家评审\n11月25日\n会议召开\n12月3日\n"
    assert deadline(review, date(2025, 11, 3)) is None


def test_a_correction_step_after_review_is_no_deadline_of_the_round(post):
    """补正 binds only those a review sent back: the application's own date is the deadline."""
    text = (
        "请于2025年12月10日前提交申请材料。\n"
        "材料不全需修改补正的，最晚于2025年12月20日前完成提交，逾期视为放弃。"
    )
    assert deadline(text, date(2025, 11, 20)) == "2025-12-10"
    # 津北商务's trade-in rules: consumers apply by 1月10日, corrections close 1月20日; the post
    # is a consumer subsidy (news, not an event nor an action item)
    from wxintel.extract import enrich

    enriched = enrich(post("津北商务", "2247516518_1"))
    assert [f.value for f in enriched.facts if f.kind == "deadline"] == ["2027-01-10T23:59"]
    assert enriched.kind == "news"


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("请于10月31日17时整前将案例材料发送至指定邮箱。", date(2025, 10, 20), "2025-10-31T17:00"),
        ("报名时间：12月20日至次年1月8日", date(2025, 12, 15), "2026-01-08"),  # the year in words
        ("报名方式｜截止时间\n线上报名｜11月25日\n", date(2025, 11, 10), "2025-11-25"),  # ｜ rows
    ],
)  # fmt: skip
def test_whole_hours_years_in_words_and_rows_written_with_bars(text, ref, expected):
    assert deadline(text, ref) == expected


def test_a_tables_row_label_names_its_purpose_and_its_stage():
    """序号 | 工作内容 | 完成时间: the firm's own row (企业网上申报) is the deadline; the
    district's row (区级推荐) is a stage, stated but not the applicant's."""
    text = ("工作安排\n序号\n工作内容\n完成时间\n1\n企业网上申报\n11月20日前\n"
            "2\n区级推荐\n11月28日前\n")  # fmt: skip
    ref = date(2025, 11, 3)
    assert deadline(text, ref) == "2025-11-20"
    assert stated(text, ref) == [
        {"at": "2025-11-20", "for": "网上申报"},
        {"at": "2025-11-28", "for": "区级推荐"},
    ]


def test_a_city_level_recommendation_is_a_stage_above_the_firm():
    text = "企业于11月18日前完成网上申报；区级初审截止11月25日；市级推荐材料于12月5日前报送。"
    ref = date(2025, 11, 5)
    assert deadline(text, ref) == "2025-11-18"
    assert [d["for"] for d in stated(text, ref)] == ["网上申报", "区级推荐", "区级推荐"]
    # two levels' bodies written together (市县科协) pass applications on as one level's do
    text = (
        "参赛者登录报名系统完成注册，报名系统开放时间为10月15日9:00至12月10日17:00。"
        "市县科协于12月20日前完成本地区项目初审并向省科协推荐。"
    )
    assert deadline(text, date(2025, 10, 10)) == "2025-12-10T17:00"
    assert [d["for"] for d in stated(text, date(2025, 10, 10))] == ["报名", "区级推荐"]


def test_a_count_from_today_is_a_count_from_publication_not_an_undated_event():
    ref = date(2025, 11, 3)  # a Monday
    assert deadline("请于即日起30日内提交申请材料。", ref) == "2025-12-03"
    assert deadline("请自即日起10个工作日内完成网上填报。", ref) == "2025-11-17"
    assert undated("请自即日起10个工作日内完成网上填报。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申报截止时间延长至2025年12月15日。", "2025-12-15"),
        ("原定于11月30日截止的申报工作延期至12月10日，请抓紧提交。", "2025-12-10"),
        ("原截止时间为11月30日，现调整为12月10日，请各单位按时报送。", "2025-12-10"),
        ("会议时间调整至11月20日。", None),  # a meeting moved: nothing to hand in
    ],
)
def test_an_extension_moves_the_deadline_and_the_old_date_is_no_longer_one(text, expected):
    assert deadline(text, date(2025, 11, 3)) == expected


def test_a_label_cell_above_a_date_names_its_purpose():
    text = "活动名称\n智能制造供需对接会\n报名截止\n2025年11月30日\n联系电话\n021-52345678\n"
    ref = date(2025, 11, 10)
    facts = deadline_fact(text, find_dates(text, ref), ref)
    assert facts[1].value == {"at": "2025-11-30", "for": "报名"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list item's number, or what is handed in, before the verb and its colon
        ("（二）纸质材料报送：2025年11月26日—11月28日，逾期不予受理。", "2025-11-28"),
        ("（一）网上填报：2025年11月10日—11月25日。", "2025-11-25"),
        # two daily sessions after 每个工作日: the window's last day closes with the second
        ("申报受理时间：2025年11月10日（周一）至11月21日（周五），每个工作日9:00-11:30、"
         "13:30-17:00。", "2025-11-21T17:00"),
        ("请按以下安排办理：11月10日至11月21日。", None),  # a clause ending in a verb: no label
    ],
)  # fmt: skip
def test_itemised_schedules_and_daily_sessions(text, expected):
    assert deadline(text, date(2025, 11, 5)) == expected


def test_an_applicant_named_in_the_dates_own_clause_makes_it_theirs_not_a_stage():
    text = "请各街镇于11月底前将培育企业名单报区发改委，企业网上填报于11月20日前完成。"
    ref = date(2025, 11, 5)
    assert deadline(text, ref) == "2025-11-20"
    assert stated(text, ref) == [
        {"at": "2025-11-30", "for": "区级推荐"},
        {"at": "2025-11-20", "for": "网上申报"},
    ]


def test_a_deadline_stated_only_in_the_title_is_read_from_it():
    """Read by the same rules as the body's, with an empty span (the body holds none of its
    words) and "from": "title"; a title's 区级 names the programme's level, not a stage."""
    ref = date(2025, 11, 5)
    body = "符合条件的企业请登录平台提交申报材料。"
    heading = "2025年度区级技术改造项目开始申报（截止11月25日）"
    facts = extract_notice_facts(body, ref, heading)
    dated = [(f.kind, f.value, f.start, f.end, f.text) for f in facts if "deadline" in f.kind]
    assert dated == [
        ("deadline", "2025-11-25", 0, 0, ""),
        ("stated_deadline", {"at": "2025-11-25", "for": "申报", "from": "title",
                             "title_span": [21, 27]}, 0, 0, ""),
    ]  # fmt: skip
    start, end = next(f.value["title_span"] for f in facts if f.kind == "stated_deadline")
    assert heading[start:end] == "11月25日"  # the span marks the date in the title itself
    title = "【报名截止11月20日】交流会邀您参加"
    titled = extract_notice_facts("交流会定于11月27日举行。", ref, title)
    assert [f.value for f in titled if f.kind == "stated_deadline"] == [
        {"at": "2025-11-20", "for": "报名", "from": "title", "title_span": [5, 11]}
    ]
    # a body that states a deadline keeps its own
    own = extract_notice_facts("请于11月28日前报送。", ref, "…申报的通知（截止11月25日）")
    assert [f.value for f in own if f.kind == "deadline"] == ["2025-11-28"]


def test_a_real_title_deadline_gives_way_to_the_bodys(post):
    """河西政务服务's "6月底截止！…抓紧办理→" reminder states its day in the body, which is kept
    with its span; the title alone names nothing handed in besides 截止 (办理 names no thing),
    so it gives no deadline, as "优惠活动12月31日截止" gives none."""
    article = post("河西政务服务", "2247519395_3")
    facts = extract_notice_facts(article.content, date(2025, 6, 26), article.title)
    final = [f for f in facts if f.kind == "deadline"]
    assert [f.value for f in final] == ["2025-06-30"] and final[0].end > final[0].start
    assert "from" not in next(f.value for f in facts if f.kind == "stated_deadline")
    assert not extract_notice_facts("", date(2025, 6, 26), article.title)
    assert not extract_notice_facts("", date(2025, 11, 20), "停车费优惠活动12月31日截止")


def test_a_count_from_the_end_of_a_window_the_post_dates_is_counted_from_that_end():
    """网上申报截止后3个工作日内 after the online window's stated close; 公示期满后5个工作日内 after
    the 公示 the post dates (the closing day not counted, working days of workdays.txt)."""
    ref = date(2025, 11, 10)
    text = (
        "网上申报系统于2025年11月10日开放，2025年11月21日17:00关闭。\n"
        "请申报企业于网上申报截止后3个工作日内，将纸质材料一式两份报送区科技局。\n"
    )
    stated = [f.value for f in extract_notice_facts(text, ref) if f.kind == "stated_deadline"]
    assert {"at": "2025-11-26", "for": "纸质材料"} in stated  # Fri 21 + 3 working days
    assert [f.value for f in extract_notice_facts(text, ref) if f.kind == "deadline"] == [
        "2025-11-26"
    ]
    publicity = (
        "拟奖励企业名单已于2025年11月17日至11月21日在区政府门户网站公示，公示期满无异议。\n"
        "请名单内企业于公示期满后5个工作日内，持营业执照复印件到区工信局办理资金拨付手续。\n"
    )
    facts = extract_notice_facts(publicity, date(2025, 11, 24))
    assert [f.value for f in facts if f.kind == "deadline"] == ["2025-11-28"]
    # an event the post does not date stays as written
    undated_only = "请申报企业于网上申报截止后3个工作日内报送纸质材料。"
    assert [v["as_written"] for v in undated(undated_only)] == ["于网上申报截止后3个工作日内"]


def test_a_result_published_later_is_no_publication_of_the_notice():
    """ "结果公布后3个工作日内" counts from the result's publication, not the notice's."""
    text = "初赛结果将于12月5日公布，晋级项目须在结果公布后3个工作日内提交商业计划书。"
    facts = extract_notice_facts(text, date(2025, 11, 10))
    assert not [f for f in facts if f.kind == "stated_deadline" and f.value["at"]]
    assert deadline("请于本通知发布后10个工作日内提交。", date(2025, 11, 3)) == "2025-11-17"


def test_a_closing_day_named_with_ri_and_a_public_comment_window():
    ref = date(2025, 11, 13)
    assert deadline("本次申报截止日为2025年12月10日，逾期不予受理。", ref) == "2025-12-10"
    comment = "公众可在2025年11月21日至12月20日期间，通过以下方式提出意见：发送至x@163.com。"
    assert deadline(comment, ref) == "2025-12-20"
    # what a reader may do in a window that hands nothing in is no deadline
    assert deadline("市民可在2025年11月21日至12月20日期间免费参观展览。", ref) is None


def stated_of(text: str, ref: date = date(2025, 11, 5)) -> list[dict]:
    return [f.value for f in extract_notice_facts(text, ref) if f.kind == "stated_deadline"]


def test_a_systems_closing_time_and_purposes_and_stages_of_list_items():
    """ "系统关闭时间为X" closes online filing; a date whose sentence names no purpose takes the
    sentence before it when that one asks to hand in, then its item's heading; a sentence naming
    no subject takes its item's heading as a stage (三、市级推荐)."""
    text = (
        "一、网上申报\n申报企业登录平台填写申报信息。系统关闭时间为2025年11月24日17:00。\n"
        "二、纸质材料\n申报材料一式三份，加盖公章后报送所在设区市工信局。报送时间不晚于11月28日。\n"
        "三、市级推荐\n各设区市工信局审核后出具推荐意见。请于12月5日前将推荐文件报送省工信厅。\n"
    )
    assert stated_of(text) == [
        {"at": "2025-11-24T17:00", "for": "网上申报"},
        {"at": "2025-11-28", "for": "纸质材料"},
        {"at": "2025-12-05", "for": "区级推荐"},
    ]
    assert [
        f.value for f in extract_notice_facts(text, date(2025, 11, 5)) if f.kind == "deadline"
    ] == ["2025-11-28"]
    # the sentence before that asks nothing names no purpose ("用好平台洽商合作" is no filing)
    news = "鼓励企业用好数贸会平台洽商合作。请意向设展单位于8月8日前与市商务局联系。"
    assert stated_of(news, date(2025, 7, 20)) == [{"at": "2025-08-08", "for": "申报"}]
    # an applicant named in the date's sentence keeps it the applicant's, whatever the heading
    own = "三、区级推荐\n请企业于12月5日前提交申报材料。"
    assert stated_of(own) == [{"at": "2025-12-05", "for": "申报"}]


def test_real_reply_forms_sent_by_mail_are_electronic_materials(post):
    """津北商务's 服贸会 notice and 闵行发展改革's 体验官 call: "…发送到指定邮箱。截止日期：X。"."""
    for account, aid, day in [
        ("津北商务", "2247516305_1", "2025-08-20"),
        ("闵行发展改革", "2247504050_1", "2025-07-25"),
    ]:
        article = post(account, aid)
        stated = stated_of(article.content, date.fromisoformat(article.published[:10]))
        assert {"at": day, "for": "电子材料"} in stated


def test_a_bare_time_label_under_a_list_items_step_closes_the_step():
    """ "（一）企业申报。…时间：A至B。": the item's step and 时间 read together, as a schedule
    table's row is; a step that hands nothing in (专家评审) dates nothing."""
    ref = date(2025, 11, 19)
    text = "（一）企业申报。符合条件的企业填写申请表报所在街道办事处。时间：11月19日至11月28日。"
    assert stated_of(text, ref) == [{"at": "2025-11-28", "for": "申报"}]
    assert stated_of("（一）企业申报\n时间：11月19日至11月28日。", ref) == [
        {"at": "2025-11-28", "for": "申报"}
    ]
    assert stated_of("（二）专家评审。时间：11月19日至11月28日。", ref) == []
    assert stated_of("时间：11月19日至11月28日。", ref) == []


def test_a_later_rounds_count_is_left_out_when_the_round_is_dated():
    """晋级 entries' count binds only them once the contest's own sign-up is dated."""
    text = (
        "报名时间：即日起至2025年11月30日。\n"
        "初赛结果将于12月5日公布，晋级项目须在结果公布后3个工作日内提交完整商业计划书。\n"
    )
    assert stated_of(text, date(2025, 11, 10)) == [{"at": "2025-11-30", "for": "报名"}]
    # with no dated deadline of its own round, the count is kept as written
    alone = "晋级项目须在结果公布后3个工作日内提交完整商业计划书。"
    assert [v["as_written"] for v in stated_of(alone, date(2025, 11, 10))] == [
        "在结果公布后3个工作日内"
    ]


def test_a_provinces_prefecture_level_is_a_stage_and_keeps_its_purpose_words():
    """ "各设区市于12月19日前将推荐文件报省工信厅" is a stage; its 推荐 is not the applicant's."""
    text = (
        "（请申报单位于12月12日前将材料报所在设区市工信局，"
        "各设区市于12月19日前将推荐文件报省工信厅）"
    )
    assert stated_of(text, date(2025, 11, 26)) == [
        {"at": "2025-12-12", "for": "申报"},
        {"at": "2025-12-19", "for": "区级推荐"},
    ]
    assert deadline(text, date(2025, 11, 26)) == "2025-12-12"
    yunnan = "请企业于11月28日前报送所在州（市）商务主管部门，各州（市）于12月10日前报送省商务厅。"
    assert deadline(yunnan, date(2025, 11, 11)) == "2025-11-28"


def test_a_reply_slip_returned_by_a_weekday():
    stated = stated_of(
        "拟于12月10日召开座谈会，请参会企业于周五前回复参会回执。", date(2025, 12, 3)
    )
    assert stated == [{"at": "2025-12-05", "for": "报名"}]


def test_a_close_with_yu_and_a_year_end_deadline():
    ref = date(2025, 11, 20)
    assert deadline("本次征集截止于2025年12月10日。", ref) == "2025-12-10"
    assert deadline("请于今年年底前将申报材料报送区工信局。", ref) == "2025-12-31"
    assert deadline("力争年底前完成项目建设。", ref) is None  # no hand-in


def test_ten_day_periods_close_a_notice():
    """A deadline of 上旬/中旬/下旬 or 本月底; a 中旬 in news stays a plain date."""
    ref = date(2025, 11, 25)
    assert deadline("请符合条件的企业于12月上旬前将申报材料一式两份报送县农业农村局。", ref) == (
        "2025-12-10"
    )
    assert deadline("请于本月底前登录人才服务平台填报需求信息，逾期不再受理。", ref) == (
        "2025-11-30"
    )
    assert deadline("一、申报时间\n12月上旬至12月中旬。\n", ref) == "2025-12-20"
    assert deadline("管委会表示将于12月中旬发布新一轮扶持政策。", ref) is None


def test_a_day_not_included_and_a_same_day_hour():
    """前（不含当日）: the day before is the last; 当天18:00 keeps its hour; （含当天）前 and
    送达 close as 前 and 报送 do."""
    ref = date(2025, 11, 21)
    assert deadline("请各区于12月10日前（不含当日）将推荐材料报送。", ref) == "2025-12-09"
    assert deadline("请于12月10日（不含）前提交申报材料。", ref) == "2025-12-09"
    assert deadline("申报截止时间为11月28日当天18:00，逾期不予受理。", ref) == "2025-11-28T18:00"
    assert deadline("案例材料须于12月19日（含当天）前送达技术转移中心。", ref) == "2025-12-19"


def test_a_correction_moves_or_restates_the_deadline():
    """更正为“X” moves a deadline as 延期至 does; 仍为X restates the day kept; the quoted
    wrong day is none."""
    ref = date(2025, 11, 21)
    text = "通知中申报截止时间“11月28日”更正为“12月5日”，请各单位按时申报。"
    assert [d["at"] for d in stated(text, ref)] == ["2025-12-05"]
    assert deadline("报名截止日期不变，仍为12月12日，请抓紧报名。", ref) == "2025-12-12"


def test_a_stages_subject_after_its_date_or_in_the_clause_before():
    """A date opening its item names its subject after it ("1月16日前，各区完成审核推荐"),
    in a row's next cell too (各学院, a university's recommending level); a stage's subject in
    an undated clause before its dated one keeps that clause's words from the applicant's date."""
    ref = date(2025, 12, 22)
    text = "一、1月9日前，企业完成网上申报；\n二、1月16日前，各区完成审核推荐。\n"
    assert deadline(text, ref) == "2026-01-09"
    assert stated(text, ref)[1] == {"at": "2026-01-16", "for": "区级推荐"}
    table = (
        "时间节点｜工作安排\n12月25日前｜申请人在科研管理系统提交申请书\n"
        "1月5日前｜各学院完成审核并报送推荐汇总表\n"
    )
    assert deadline(table, ref) == "2025-12-25"
    text = (
        "请申报企业于12月5日前将申报材料报送所在地商务主管部门；各设区市商务局审核汇总后，"
        "于12月中旬前将项目清单和推荐文件报送省商务厅。"
    )
    assert stated(text, date(2025, 11, 18)) == [
        {"at": "2025-12-05", "for": "申报"},
        {"at": "2025-12-20", "for": "区级推荐"},
    ]


def test_a_stages_own_window_under_its_label():
    """ "（二）市（州）初审：A至B，…出具推荐意见": the stage's window closes its step; a review
    the office holds itself (专家评审) gives none."""
    text = (
        "（一）企业申报：即日起至2025年11月30日，企业登录系统填报。\n"
        "（二）市（州）初审：12月1日至12月10日，各市（州）商务主管部门完成初审并出具推荐意见。\n"
        "（三）省级评审：12月中下旬。\n"
    )
    assert stated(text, date(2025, 11, 12)) == [
        {"at": "2025-11-30", "for": "网上申报"},
        {"at": "2025-12-10", "for": "区级推荐"},
    ]


def test_an_event_moved_to_a_day_is_no_deadline():
    """延期至X举办 gives an event its new day; 延期至X alone moves a deadline."""
    ref = date(2025, 11, 14)
    moved_event = "原定于11月20日举办的对接会延期至12月4日举办，已报名企业无需重新报名。"
    assert deadline(moved_event, ref) is None
    assert deadline("申报截止时间延期至12月4日，请尚未申报的企业抓紧申报。", ref) == "2025-12-04"


def test_what_is_e_mailed_outranks_how_it_travels():
    """A consultation's comments sent by e-mail are for 反馈意见 (the object of 发送至 names
    them); a form e-mailed is still 电子材料."""
    ref = date(2025, 11, 26)
    text = "社会公众可于2025年11月26日至12月25日，通过电子邮件将意见发送至yj@example.cn。"
    assert stated(text, ref) == [{"at": "2025-12-25", "for": "反馈意见"}]
    form = "请于12月5日前将申请表发送至邮箱sq@example.cn。"
    assert stated(form, ref) == [{"at": "2025-12-05", "for": "电子材料"}]


def test_stress_seven_forms():
    """当天下班前, 送至 with a bracketed note after 前, a 申领 window of ten-day periods, a stage
    named after its date and a colon, and a county's townships (各乡镇（街道）) as a stage."""
    ref = date(2025, 12, 3)
    assert deadline("请各企业于12月10日当天下班前报送运行情况表。", ref) == "2025-12-10"
    text = "请项目负责人于12月15日17:00前（以收到时间为准）将结题材料送至科研处。"
    assert deadline(text, ref) == "2025-12-15T17:00"
    window = "申领时间：2026年1月中旬至2月上旬。\n请符合条件的企业登录平台提交申领材料。\n"
    assert deadline(window, date(2025, 12, 29)) == "2026-02-10"
    listed = "3月10日前：企业通过系统完成申报；\n3月20日前：各州（市）完成审核推荐。\n"
    assert deadline(listed, date(2025, 12, 29)) == "2026-03-10"
    county = (
        "请项目单位于11月28日前将申报材料报所在乡镇（街道），"
        "各乡镇（街道）于12月5日前审核汇总后报县发改局。"
    )
    assert stated(county, date(2025, 11, 20)) == [
        {"at": "2025-11-28", "for": "申报"},
        {"at": "2025-12-05", "for": "区级推荐"},
    ]


def test_a_bare_time_under_a_stage_and_a_date_pointing_back_at_a_list_step():
    """ "（二）街道初审。各街道办事处…初审后报区工信局。时间：12月3日前。" closes the stage its item
    asks of; "以上第1项请于X前完成" closes the step item 1 names (and takes its purpose)."""
    ref = date(2025, 11, 19)
    text = (
        "（一）企业申报。符合条件的企业填写申请表报所在街道办事处。时间：11月19日至11月28日。\n"
        "（二）街道初审。各街道办事处对企业材料进行初审后报区工信局。时间：12月3日前。\n"
    )
    assert stated(text, ref)[-1] == {"at": "2025-12-03", "for": "区级推荐"}
    assert deadline(text, ref) == "2025-11-28"
    steps = (
        "兑付流程：\n1.企业在园区科技创新服务平台注册，并在线提交兑付申请。\n2.园区科技局审核后拨付资金。\n"
        "以上第1项请于2025年12月12日17:00前完成。\n"
    )
    assert stated(steps, date(2025, 11, 20)) == [{"at": "2025-12-12T17:00", "for": "网上申报"}]
    # a pointer at no item, or an item that asks nothing, gives no deadline
    assert deadline("1.园区科技局审核后拨付资金。\n以上第1项请于12月12日前完成。\n", ref) is None


def test_stress_eight_forms():
    """最晚不超过X; 再延长一周，至X (words between the extension and its 至); 各高校 as a
    recommending unit (推荐: docs/facts.md, "推荐 when it is another body (a college, the
    university, a society…)"); 联网直报 as online filing."""
    ref = date(2025, 12, 1)
    assert deadline("请各区妇联最晚不超过12月19日将推荐表报送市妇联。", ref) == "2025-12-19"
    text = "申报截止时间在原延期基础上再延长一周，至12月19日（星期五）。"
    assert deadline(text, ref) == "2025-12-19"
    assert stated("各高校于12月19日前将推荐材料报送省教育厅。", ref) == [
        {"at": "2025-12-19", "for": "推荐"}
    ]
    text = "请各企业于2026年1月9日前完成联网直报，并于1月15日前报送纸质报表。"
    assert stated(text, date(2025, 12, 22)) == [
        {"at": "2026-01-09", "for": "网上申报"},
        {"at": "2026-01-15", "for": "纸质材料"},
    ]


def test_stress_nine_forms():
    """A batch's window on its own line under the heading that asks (第二批：A至B); a holiday
    note of up to ten characters between a date and 前; a dashed date with its clock time."""
    ref = date(2026, 3, 16)
    rounds = (
        "项目分三批受理申报：\n第一批：即日起至4月10日；\n"
        "第二批：5月6日至6月12日；\n第三批：9月1日至9月30日。\n"
    )
    assert [d["at"] for d in stated(rounds, ref)] == ["2026-04-10", "2026-06-12", "2026-09-30"]
    assert deadline(rounds, ref) == "2026-09-30"
    # a list of batches under a heading that asks nothing is no deadline
    built = "今年共建成驿站两批：\n第一批：3月1日至4月10日；\n第二批：5月1日至6月30日。\n"
    assert deadline(built, ref) is None
    text = "请各街镇于10月9日（国庆长假后首个工作日）前报送汇总表。"
    assert deadline(text, date(2026, 9, 25)) == "2026-10-09"
    assert deadline("网上申报截止时间为2026-4-3 16:30，逾期不予受理。", ref) == "2026-04-03T16:30"


def test_stress_ten_forms():
    """截止期限为X; a period named before where it is counted from (征集期限为一个月，自本通知发布
    之日起计算, made-up); a period so named that asks nothing is none."""
    ref = date(2026, 4, 20)
    assert deadline("推荐材料报送截止期限为5月8日。", ref) == "2026-05-08"
    counted = "征集期限为一个月，自本通知发布之日起计算。请将方案发送至指定邮箱。"
    assert deadline(counted, date(2026, 6, 2)) == "2026-07-02"
    text = "报名期限为10个工作日（自公告发布之日起计算），请于期限内提交报名表。"
    assert deadline(text, date(2026, 6, 2)) == "2026-06-16"
    assert deadline("公示期限为5个工作日，自公告发布之日起计算。", date(2026, 6, 2)) is None


def test_a_comment_sent_by_e_mail_is_for_feedback():
    """ "可于X之前，通过电子邮件…提出修改意见": the object of a verb of comment says what is sent,
    how it travels does not (made-up text); a submission's 提交申报材料 keeps how it travels."""
    ref = date(2026, 6, 22)
    text = "社会各界可于7月6日之前，通过电子邮件yj@example.gov.cn提出修改意见。"
    assert stated(text, ref) == [{"at": "2026-07-06", "for": "反馈意见"}]
    text = "请于7月6日前通过邮箱反馈意见。"
    assert stated(text, ref) == [{"at": "2026-07-06", "for": "反馈意见"}]
    text = "请于7月6日前通过申报系统提交申报材料。"
    assert stated(text, ref) == [{"at": "2026-07-06", "for": "网上申报"}]


def test_stress_eleven_forms():
    """A named period counted from publication without 内 (made-up: 意见反馈期限为自本通知发布之
    日起15日); steps parted by semicolons, each asked by its own step: the organiser's review
    in a step of its own is no deadline (made-up); an academy's institutes are a stage."""
    assert deadline("意见反馈期限为自本通知发布之日起15日。", date(2026, 5, 4)) == "2026-05-19"
    assert deadline("意见反馈期限为自本通知发布之日起15日内。", date(2026, 5, 4)) == "2026-05-19"
    steps = "工作安排：4月10日前提交项目建议书；4月底前组织专家论证；5月公布结果。"
    assert deadline(steps, date(2026, 3, 20)) == "2026-04-10"
    assert [d["at"] for d in stated(steps, date(2026, 3, 20))] == ["2026-04-10"]
    asked = "请于4月10日前提交建议书；4月20日前报送纸质材料。"
    assert [d["at"] for d in stated(asked, date(2026, 3, 20))] == ["2026-04-10", "2026-04-20"]
    staged = "科研人员于6月5日前提交申请；各研究所于6月12日前审核汇总报院科技处。"
    assert deadline(staged, date(2026, 5, 20)) == "2026-06-05"
    # an institute recommends as a unit, not a territory's level (docs/facts.md)
    assert stated(staged, date(2026, 5, 20))[1] == {"at": "2026-06-12", "for": "推荐"}


def test_a_body_named_by_its_level_alone_is_a_stage_beside_the_applicants_step():
    """Made-up text: a district body acting as a step's subject (区发改委于…前完成初审推荐, two
    bodies joined by 、, a step named before a colon) collects what applicants hand in, as 各区
    does: its date is stated as 区级推荐 and the applicant's is the deadline. A body the
    applicant hands in to (报区商务局) is no subject, and a clause naming the applicant stays
    theirs."""
    ref = date(2026, 4, 20)
    text = "项目单位于5月8日前完成网上申报；区发改委于5月15日前完成初审推荐。"
    assert deadline(text, ref) == "2026-05-08"
    assert stated(text, ref) == [
        {"at": "2026-05-08", "for": "网上申报"},
        {"at": "2026-05-15", "for": "区级推荐"},
    ]
    joint = (
        "学校于6月12日前将申报材料报所在区教育局；"
        "区教育局、区地震局于6月19日前联合审核后报送省地震局。"
    )
    assert deadline(joint, ref) == "2026-06-12"
    listed = (
        "（一）企业自评：即日起至5月16日；\n（二）区经委推荐：5月23日前；\n（三）市级评审：6月。\n"
    )
    assert deadline(listed, ref) == "2026-05-16"
    assert [d["for"] for d in stated(listed, ref)] == ["申报", "区级推荐"]
    # the body the applicant hands in to, and the applicant named in the clause
    assert deadline("请企业于5月8日前将申报材料报送区商务局。", ref) == "2026-05-08"
    assert stated("区内企业于5月8日前完成网上申报。", ref) == [
        {"at": "2026-05-08", "for": "网上申报"}
    ]
    # a 市场 word is no level: 市场主体 are applicants acting before the date
    assert stated("市场主体于5月8日前完成年报公示。", ref)[0]["for"] != "区级推荐"


def test_an_english_window_whose_start_has_no_year_ends_on_its_full_date():
    """Made-up English calls: the window's start takes the end's year (and month): "from 1 March
    to 15 April 2026", "Registration: 20 May – 5 June 2026", "from 9 to 27 November 2026",
    "Application period: June 1 to June 30, 2026"; an event's days written the same way (Forum:
    18-19 June 2026) are no deadline, and a result's date after the window is none either."""
    ref = date(2026, 2, 20)
    accepted = "Proposals will be accepted from 1 March to 15 April 2026."
    assert deadline(accepted, ref) == "2026-04-15"
    assert deadline("Applications are open from 9 to 27 November 2026.", ref) == "2026-11-27"
    text = "Forum: 18-19 June 2026\nRegistration: 20 May – 5 June 2026\n"
    assert stated(text, ref) == [{"at": "2026-06-05", "for": "报名"}]
    text = "Application period: June 1 to June 30, 2026.\nResults are announced by July 15, 2026."
    assert deadline(text, ref) == "2026-06-30"
    assert deadline("Forum: 18-19 June 2026\nVenue: Expo Center\n", ref) is None


def test_a_window_named_by_its_length_from_a_day_ends_where_that_length_does():
    """Made-up: "公示期为5个工作日，自2026年7月1日起算" ends on 7月7日 (a Wednesday start; the
    weekend not counted), so "公示期满后3个工作日内" ends on 7月10日, not three working days
    after the first day."""
    ref = date(2026, 6, 26)
    text = (
        "拟入选名单见附件，公示期为5个工作日，自2026年7月1日起算。"
        "公示无异议的人员请于公示期满后3个工作日内将盖章承诺书报送协会。"
    )
    assert deadline(text, ref) == "2026-07-10"
    dated = "公示期为2026年7月1日至7月7日。公示无异议的人员请于公示期满后3个工作日内报送承诺书。"
    assert deadline(dated, ref) == "2026-07-10"


def test_english_windows_within_a_month_between_two_days_and_open_until():
    """Made-up English windows: "March 1–15, 2026" (the month and year written once), "between 1
    and 15 March 2026", "Registration is open until June 5, 2026"; "valid until" asks nothing,
    and "by 1 March and 15 April 2026" stays two dates (and joins a window only after between)."""
    ref = date(2026, 2, 20)
    assert deadline("Applications are accepted March 1–15, 2026.", ref) == "2026-03-15"
    received = "Applications will be received between 1 and 15 March 2026."
    assert deadline(received, ref) == "2026-03-15"
    assert deadline("Registration is open until June 5, 2026.", ref) == "2026-06-05"
    assert deadline("Tickets are valid until October 31, 2026.", ref) is None
    two = "Submit the abstract by 1 March and the paper by 15 April 2026."
    assert [s.is_range_end for s in find_dates(two, ref)] == [False]


def test_a_level_body_after_you_and_a_windows_length_after_its_start():
    """Made-up: "由区科委于…统一报送" is the district body's step too; "公示期自7月1日起5个工作日"
    names the window's length after its start, so a count after the window starts on 7月7日."""
    ref = date(2026, 2, 20)
    text = "企业于3月27日前完成网上填报；由区科委于4月3日前统一报送市科委。"
    assert deadline(text, ref) == "2026-03-27"
    text = (
        "公示期自2026年7月1日起5个工作日。公示无异议的企业请于公示期满后5个工作日内提交拨付申请。"
    )
    assert deadline(text, date(2026, 6, 26)) == "2026-07-14"
    counted = "请于2026年7月1日起5个工作日内提交拨付申请。"  # a count to act in, not a window
    assert deadline(counted, date(2026, 6, 26)) == "2026-07-08"


def test_more_english_window_labels_a_time_before_a_comma_and_a_refusal_after_hou():
    """Made-up: "The application window runs from A to B", "Please submit your proposal between
    A and B", a clock time parted from its date by a comma ("Deadline: 5:00 p.m., 20 March
    2026"); "3月20日后不再受理" (以后不予受理, 之后不再接收) names 3月20日 as the last day."""
    ref = date(2026, 2, 20)
    runs = "The application window runs from 1 March to 15 April 2026."
    assert deadline(runs, ref) == "2026-04-15"
    between = "Please submit your proposal between March 1 and March 20, 2026."
    assert deadline(between, ref) == "2026-03-20"
    fair = "Registration for the fair, which runs from 1 March to 15 April 2026, is free."
    assert deadline(fair, ref) is None  # the fair's days, in a clause of their own
    timed = "Please submit applications. Deadline: 5:00 p.m., 20 March 2026 (Beijing time)"
    assert deadline(timed, ref) == "2026-03-20T17:00"
    assert deadline("申报材料3月20日后不再受理，过时不候。", ref) == "2026-03-20"
    # one rule, any refusal of late_refusal or refused_after (deadline_windows.txt) after 后
    assert deadline("申报材料3月20日以后不予受理。", ref) == "2026-03-20"
    assert deadline("申报材料3月20日之后不再接收。", ref) == "2026-03-20"


def test_a_stage_named_by_its_role_is_the_body_its_step_names():
    """推荐单位 says only that someone recommends: the body the list item's heading names says
    which stage (docs/facts.md: 区级推荐 for a territorial level, 推荐 for another body)."""
    ref = date(2025, 10, 1)
    districts = "二、组织实施\n1.各区主管部门负责组织推荐。推荐单位于10月30日前报送推荐汇总表。\n"
    assert stated(districts, ref) == [{"at": "2025-10-30", "for": "区级推荐"}]
    colleges = "二、组织实施\n1.各学院负责组织推荐。推荐单位于10月30日前报送推荐汇总表。\n"
    assert stated(colleges, ref) == [{"at": "2025-10-30", "for": "推荐"}]
    assert stated("推荐单位于10月30日前报送推荐汇总表。", ref) == [
        {"at": "2025-10-30", "for": "推荐"}
    ]


def test_one_date_for_purposes_named_together_takes_the_first():
    """docs/facts.md: "One date stated for two channels at once … takes the first the sentence
    names"; 报名 keeps its head whatever its channel."""
    for text, named in [
        ("网上申报及纸质材料报送截止时间为10月20日。", "网上申报"),
        ("报名缴费截止时间为10月20日。", "报名"),
        ("网上报名截止时间为10月20日。", "报名"),
        ("纸质材料报送截止时间为10月20日。", "纸质材料"),
    ]:
        assert stated(text) == [{"at": "2025-10-20", "for": named}], text


@pytest.mark.parametrize(
    "text",
    [
        # the days a contact answers, under 联系时间/咨询时间/办公时间, on a post that asks nothing
        "座谈会顺利举行。\n联系人：王老师，电话：021-23117664\n联系时间：2025年10月16日至10月31日（工作日9:00-17:00）",
        "政策解读会顺利召开。\n政策咨询时间：2025年10月20日至11月15日\n咨询电话：021-23117664",
        # a question line's close: the reader may ask until then, hands nothing in
        "关于新政策的解读。\n政策咨询截止：2025年11月20日\n咨询电话：021-23117664",
        "现场答疑结束，线上答疑截止至2025年10月30日17:00。",
    ],
)
def test_a_contacts_hours_are_no_deadline(text):
    assert deadline(text) is None


def test_a_window_named_by_its_act_before_lianxi_stays_a_deadline():
    assert deadline("报名联系时间：2025年10月20日至10月31日") == "2025-10-31"


def test_a_step_s_day_said_again_with_its_hour_is_one_deadline_at_that_hour():
    """A window to a day, then the hour its system closes that day: one 报名 deadline, at the
    hour, and the final deadline is that hour (not the day's end)."""
    text = "报名时间：3月2日至3月13日，3月13日16时起报名系统关闭。\n培训费请于报名时在线缴纳。"
    facts = extract_notice_facts(text, date(2026, 3, 2))
    assert [f.value for f in facts if f.kind == "deadline"] == ["2026-03-13T16:00"]
    assert [f.value for f in facts if f.kind == "stated_deadline"] == [
        {"at": "2026-03-13T16:00", "for": "报名"}
    ]
    # two steps closing the same day keep their own days and hours
    two = "网上申报截止3月13日。纸质材料请于3月13日17:00前报送。"
    stated_days = [f.value["at"] for f in extract_notice_facts(two, date(2026, 3, 2))
                   if f.kind == "stated_deadline"]  # fmt: skip
    assert sorted(stated_days) == ["2026-03-13", "2026-03-13T17:00"]


@pytest.mark.parametrize("separator", [" ", "  ", "\t", "｜"])
def test_a_table_row_on_one_line_is_read_by_its_column_whatever_parts_its_cells(separator):
    """A table copied one row a line keeps its cells apart with spaces, tabs or ｜: the date
    under 报名截止 is the registration's deadline, the one under 比赛时间 is not."""
    rows = [
        "为做好备赛工作，现将各项目安排通知如下：",
        separator.join(["项目", "报名截止", "比赛时间", "承办单位"]),
        separator.join(["数控车工", "6月3日", "6月12日", "机电学院"]),
        separator.join(["茶艺", "6月3日", "6月13日", "旅游学院"]),
        "请各学院按时汇总报名表。",
    ]
    facts = extract_notice_facts("\n".join(rows), date(2026, 5, 20))
    assert [f.value for f in facts if f.kind == "deadline"] == ["2026-06-03"]
    assert {f.value["at"] for f in facts if f.kind == "stated_deadline"} == {"2026-06-03"}


def test_a_sentence_with_spaces_is_no_table_row():
    """Spaces inside prose do not make cells: a sentence under a deadline column's header, its
    words as many as the header's, is not read as that column's row."""
    text = "项目 报名截止 地点\n请各单位 6月12日 到区政府开会。\n"
    assert deadline(text, date(2026, 5, 20)) is None
