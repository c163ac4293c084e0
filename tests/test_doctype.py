"""Kinds and the rules that decide them, on titles of each shape and on the real accounts."""

import pytest

from wxintel.extract.doctype import ACTION_KINDS, NOTICE_KINDS, classify
from wxintel.model import Article, Enrichment, Fact


def fact(kind: str) -> Fact:
    return Fact(kind, "x", 0, 0, "")


def kind_of(title: str, facts: list[Fact] = (), content: str = "正文", stub: bool = False):
    return classify(Article(title=title, content=content, is_stub=stub), list(facts))


def enriched(
    title: str, content: str, published: str, account: str = "x", aid: str = "a"
) -> Enrichment:
    """A made-up post enriched whole (its body read, not only its title and facts)."""
    from wxintel.extract import enrich

    return enrich(
        Article(title=title, content=content, account=account, aid=aid, published=published)
    )


@pytest.mark.parametrize(
    ("title", "facts", "kind", "rule"),
    [
        (
            "关于征集上海市未来产业加速器建设储备项目的通知",
            ["deadline"],
            "call",
            "title:征集+deadline",
        ),
        ("关于遴选2025年网络和数据安全支撑单位的通知", [], "call", "title:遴选"),
        ("“阅读点亮生活”主题征文启事", ["deadline"], "call", "title:征文+deadline"),
        (
            "关于拟入选2025年度上海市先进级智能工厂名单的公示",
            ["period"],
            "publicity",
            "title:公示+period",
        ),
        (
            "关于发布《2025年度上海市网络安全产业创新攻关成果目录》的通知",
            [],
            "release",
            "title:发布《…目录》",
        ),
        ("上海市发布首批中试平台示范名单", [], "release", "title:名单"),
        ("2025年度上海市无线电创新应用案例评选结果出炉", [], "release", "title:结果"),
        ("上海市生成式人工智能服务登记信息公告（9月11日）", [], "announcement", "title:notice"),
        ("上海经信一周要闻（9月28日-10月4日）", [], "digest", "title:一周要闻"),
        ("一图读懂：关于进一步促进化妆品产业高质量发展的若干措施", [], "feature", "title:一图读懂"),
        ("“元启上海·数智新界”2025元宇宙发展论坛举行", [], "event", "title:论坛"),
        ("黑湖科技出席国家经济形势专家和企业家座谈会", [], "event", "title:座谈会"),
        ("上海10万吨绿色甲醇项目创造多个第一", [], "news", "default"),
    ],
)
def test_title_rules(title, facts, kind, rule):
    assert kind_of(title, [fact(k) for k in facts]) == (kind, rule)


def test_a_plain_notice_with_a_deadline_and_a_request_is_a_call():
    got = kind_of(
        "关于组织参加第九届丝博会暨西洽会低空经济展的通知", [fact("deadline")], "请于5月7日前报名"
    )
    assert got == ("call", "notice+deadline")


def test_a_recommendation_work_launched_with_a_deadline_is_a_call():
    """Made-up titles: 启动 is an event word, but "推荐工作启动" launches a call."""
    body = "各单位请于2026年3月20日前将推荐材料报送区科委。"
    facts = [
        Fact("deadline", "2026-03-20", 0, 0, ""),
        Fact("stated_deadline", {"at": "2026-03-20", "for": "推荐"}, 0, 0, ""),
    ]
    assert kind_of("2026年度区级科技创新项目推荐工作启动", facts, body) == ("call", "body:推荐")
    # an event launched with a sign-up deadline stays a registration
    signup = [facts[0], Fact("stated_deadline", {"at": "2026-03-20", "for": "报名"}, 0, 0, "")]
    assert kind_of("2026年创新创业训练营启动", signup, "请于3月20日前报名。")[0] == "registration"


def test_news_mentioning_a_call_word_is_not_a_call():
    assert kind_of("区发展改革委组织召开“十五五”规划《纲要》意见征询会")[0] == "event"
    assert kind_of("6月18日上午9:30直播！项目申报培训")[0] != "call"


def test_stubs_keep_a_kind_their_title_decides():
    assert kind_of("关于举办2025年上海市产业青年创新大赛的通知", stub=True) == (
        "registration",
        "stub+title:大赛",
    )
    assert kind_of("倒计时1天｜2025世界设计之都大会", stub=True) == ("stub", "is_stub")


def test_calls_across_accounts_are_found(seed_clean, more_clean):
    from wxintel.extract import enrich

    by_account = {"seed": seed_clean, **more_clean}
    calls = {
        name: sum(enrich(a).kind in ACTION_KINDS for a in articles)
        for name, articles in by_account.items()
    }
    assert calls["seed"] >= 8
    assert calls["未央工信"] >= 50  # most of that account's posts are application calls
    assert all(kind in NOTICE_KINDS for kind in ("call", "publicity", "release", "announcement"))


def test_a_meetings_directive_to_government_units_is_no_action_item():
    # news of a meeting reporting what it required of the districts' streets is no call
    text = "会议要求，各街镇于10月20日前报送排查情况。"
    dated = [
        Fact("deadline", "2025-10-20", 9, 15, "10月20日"),
        Fact("stated_deadline", {"at": "2025-10-20", "for": "区级推荐"}, 9, 15, "10月20日"),
    ]
    assert kind_of("区委常委会会议召开", dated, text)[0] == "event"
    asked = "会上介绍，企业报名截止10月20日，请扫码报名。"
    signed = [
        Fact("deadline", "2025-10-20", 11, 17, "10月20日"),
        Fact("stated_deadline", {"at": "2025-10-20", "for": "报名"}, 11, 17, "10月20日"),
    ]
    assert kind_of("进博会招商推介会举行", signed, asked)[0] == "registration"


def test_applying_to_attend_or_exhibit_at_a_fair_is_a_registration():
    """A fair's 参会申请/参展申请 signs a reader up for an event, though its title says 申请."""
    dated = [fact("deadline")]
    for title in (
        "关于第十届某某博览会采购商参会申请事宜的通知",
        "关于2026年某某交易会参展申请的通知",
        "关于组织企业申请参展某某展会的通知",
    ):
        assert kind_of(title, dated)[0] == "registration", title
    # a 申请 of funds or a membership stays a call
    assert kind_of("关于申请2026年度专项资金的通知", dated)[0] == "call"


def test_volunteer_drives_and_conscription_enlist_persons_not_firms():
    """A volunteer drive or a 征兵 sign-up asks a person to serve, as a job advert does: no
    action kind, whatever its deadline is for."""
    dated = [Fact("deadline", "2025-11-01", 0, 0, ""),
             Fact("stated_deadline", {"at": "2025-11-01", "for": "报名"}, 0, 0, "")]  # fmt: skip
    for title in ("第八届进博会城市志愿者招募啦！", "城市文明志愿者招募令",
                  "2026年上半年征兵网上报名开始啦"):  # fmt: skip
        assert kind_of(title, dated, "报名截止：11月1日。扫码报名。")[0] not in ACTION_KINDS
    # a sign-up of firms stays a registration
    assert kind_of("关于举办智能制造对接会的通知", dated, "请于11月1日前报名。")[0] == (
        "registration"
    )


def test_a_sign_up_for_unpaid_service_enlists_persons(post):
    """A title's sign-up word (招募) whose body sentence calls the service 志愿服务 or 无偿
    (《志愿服务条例》第二条) enlists persons, though the title's words stand apart; the unpaid
    word in another sentence ("现场志愿服务引导" at a fair) leaves a 招募 of firms on the board."""
    from wxintel.extract import enrich

    dated = [Fact("deadline", "2026-10-16", 0, 0, ""),
             Fact("stated_deadline", {"at": "2026-10-16", "for": "报名"}, 0, 0, "")]  # fmt: skip
    body = "峰会11月举办，现面向社会招募200名无偿提供志愿服务的人员。报名：即日起至10月16日。"
    kind, rule = kind_of("招募！2026数字中国建设峰会服务人员", dated, body)
    assert kind not in ACTION_KINDS
    assert rule == "title:招募+body:无偿"  # the body word that decided is named
    exhibitors = (
        "峰会将于11月举办，现面向企业招募参展商。现场设志愿服务引导。报名时间：即日起至10月16日。"
    )
    assert kind_of("招募！2026数字中国建设峰会参展商", dated, exhibitors)[0] == "registration"
    # the volunteers named as whom the sentence signs up (《志愿服务条例》's defined person)
    drive = "为保障秋季马拉松救护工作，现招募应急救护志愿者50名。请于10月16日前扫码报名。"
    assert kind_of("招募！应急救护志愿者等你加入", dated, drive) == (
        "news",
        "title:招募+body:志愿者",
    )
    # a real 招募 of firms and sites (监测点) stays a registration
    assert enrich(post("闵行发展改革", "2247503867_1")).kind == "registration"


def test_a_results_notice_whose_date_is_for_the_chosen_is_a_release(post):
    text = "现将认定名单予以公告。请入选企业于12月15日前登录平台完善企业信息。"
    at = text.index("12月15日")
    dated = [Fact("deadline", "2025-12-15", at, at + 6, "12月15日")]
    title = "关于2025年度区级专精特新企业名单的公告"
    assert kind_of(title, dated, text) == ("release", "title:名单+selected")
    # the same title asking everyone to hand something in is still a call
    asked = "请各企业于12月15日前报送材料。"
    assert kind_of(title, [Fact("deadline", "2025-12-15", 5, 11, "")], asked)[0] == "call"
    # a real 名单 call whose dates are for every applicant (未央工信's 绿色制造名单对标工作)
    from wxintel.extract import enrich

    assert enrich(post("未央工信", "2247495109_1")).kind == "call"


def test_a_notice_whose_deadline_is_for_applying_is_a_call(post):
    """申请/申领 in the deadline's own sentence make a plain 通知 a call; 申请 elsewhere in a
    body does not (津北商务's notice that a subsidy's 申请入口 closes stays off the board)."""
    for title, text in [
        ("关于开展企业上云服务券申领的通知", "申领截止：2025年11月30日"),
        ("关于开展2025年度企业信用修复集中服务的通知", "申请截止时间：2025年12月10日"),
    ]:
        at = text.index("2025年")
        dated = [Fact("deadline", "2025-11-30", at, len(text), text[at:])]
        assert kind_of(title, dated, text) == ("call", "notice+deadline")
    other = "补贴申请入口暂时关闭。\n请于2025年9月15日前完成登记手续。"
    at = other.index("2025年")
    assert kind_of("关于调整补贴政策的通知", [Fact("deadline", "2025-09-15", at, at + 10, "")],
                   other)[0] == "announcement"  # fmt: skip
    from wxintel.extract import enrich

    assert enrich(post("津北商务", "2247516359_1")).kind not in ACTION_KINDS


def test_employers_signing_up_for_a_job_fair_is_a_registration(post):
    text = "请有意参会的企业于2026年1月9日前报名。"
    at = text.index("2026年")
    signed_up = {"at": "2026-01-09", "for": "报名"}
    dated = [Fact("deadline", "2026-01-09", at, at + 9, ""),
             Fact("stated_deadline", signed_up, at, at + 9, "")]  # fmt: skip
    assert kind_of("关于举办2026年开年招聘对接会的通知", dated, text)[0] == "registration"
    # job seekers signing up, or a job advert, stay off the board
    seekers = "请求职者于2026年1月9日前报名。"
    assert kind_of("关于举办2026年开年招聘对接会的通知", dated, seekers)[0] == "event"
    assert kind_of("2025年区属国有企业公开招聘工作人员公告", dated, text)[0] not in ACTION_KINDS
    from wxintel.extract import enrich

    assert enrich(post("天津西青", "2652075649_2")).kind == "news"  # a real job advert


def test_winners_lists_transfers_and_internships_are_not_action_items():
    dated = [Fact("deadline", "2025-12-05", 0, 0, ""),
             Fact("stated_deadline", {"at": "2025-12-05", "for": "报名"}, 0, 0, "")]  # fmt: skip
    # a contest's winners asked for their bank details: the list is the news
    winners = "获奖团队请于12月5日前提交账户信息。"
    title = "2025年区级创新创业大赛获奖名单公布"
    assert kind_of(title, dated, winners) == ("release", "title:名单")
    for title in ("2025年公开选调公务员公告", "区政务服务中心2026年寒假大学生实习生招募"):
        assert kind_of(title, dated, "报名截止：12月5日。")[0] not in ACTION_KINDS
    # a contest's sign-up stays a registration
    assert kind_of("关于举办2025年区级创新创业大赛的通知", dated, "请于12月5日前报名。")[0] == (
        "registration"
    )


def test_a_notices_request_counted_from_an_undated_event_makes_it_a_call():
    from wxintel.extract import enrich

    text = "请相关企业自收到通知之日起10个工作日内，登录服务平台完成信息填报并报送材料。"
    title = "关于开展2026年度专精特新中小企业复核工作的通知"
    article = Article(title=title, content=text, published="2025-11-03")
    assert classify(article, enrich(article).facts) == ("call", "notice+undated deadline")
    # a law's duty counted from an event is no request: the notice stays an announcement
    duty = "第十条 认定单位应当自收到申请之日起10个工作日内作出决定并报送。"
    law = Article(title="关于印发《信用修复管理办法》的通知", content=duty, published="2025-11-03")
    assert enrich(law).kind == "announcement"
    # a rule the notice publishes binds (应在…后30日内) but asks nobody to act now
    rule = "项目单位应在资金下达后30日内提交项目实施方案，并做好申报材料归档。"
    rules = Article(title="关于印发专项资金管理细则的通知", content=rule, published="2025-11-03")
    assert enrich(rules).kind == "announcement"


def test_a_reply_slip_or_online_filing_makes_a_plain_notice_ask():
    """回执 (a meeting's reply slip) and 填报 (filing online) ask the reader to act."""
    text = "请参会企业于11月24日前将回执发送至邮箱。"
    at = text.index("11月")
    dated = [Fact("deadline", "2025-11-24", at, at + 6, "")]
    assert kind_of("关于召开2025年度产业链供需对接会的通知", dated, text)[0] == "registration"
    filed = "企业网上填报于11月20日前完成。"
    at = filed.index("11月")
    dated = [Fact("deadline", "2025-11-20", at, at + 6, "")]
    assert kind_of("关于做好2025年度规上企业培育入库工作的通知", dated, filed)[0] == "call"


def test_a_consultation_title_with_the_documents_name_inside_its_words():
    """ "关于征求《…办法（修订稿）》意见的通知": 征求…意见 around the document's name."""
    title = "关于征求《昆明高新区产业发展促进办法（修订稿）》意见的通知"
    text = "请园区各企业于本月25日前将书面意见反馈至管委会经发局。"
    at = text.index("本月25日")
    dated = [Fact("deadline", "2025-11-25", at, at + 5, "本月25日")]
    assert kind_of(title, dated, text)[0] == "consultation"
    assert kind_of("关于开展《条例》宣传月活动的通知", [], "正文")[0] != "consultation"


def test_fraud_warnings_and_reviews_of_a_closed_call_are_news(more_clean):
    """A warning quotes the fraudster's demand and date; a review reports a closed call."""
    text = "近期有不法分子冒充我局工作人员，要求企业在11月30日前缴纳“评审费”。"
    at = text.index("11月30日")
    dated = [Fact("deadline", "2025-11-30", at, at + 6, "11月30日")]
    title = "警惕！冒充“科技局”工作人员以项目申报为名实施诈骗"
    assert kind_of(title, dated, text) == ("news", "title:冒充")
    assert kind_of("2025年度工业设计创新案例征集活动圆满结束")[0] not in ACTION_KINDS
    assert kind_of("关于开展2025年度工业设计创新案例征集活动的通知")[0] == "call"
    # 天津西青's own anti-fraud posts stay news
    from wxintel.extract import enrich

    warnings = [a for a in more_clean["天津西青"] if "骗局" in a.title or "诈骗" in a.title]
    assert len(warnings) >= 5
    assert {enrich(a).kind for a in warnings} == {"news"}


def test_a_notice_whose_close_is_the_systems_is_a_call_with_no_day():
    title = "关于开展2025年度云南省“专精特新”中小企业认定工作的通知"
    text = (
        "申报系统自2025年11月20日起开放，截止时间以系统关闭为准。请符合条件的企业及时登录系统填报。"
    )
    assert kind_of(title, [], text) == ("call", "notice+以系统关闭为准")
    # without a request to file it stays an announcement
    assert kind_of(title, [], "系统维护期间以系统关闭为准。")[0] == "announcement"


def test_a_consultation_around_what_it_puts_to_comment_and_a_feedback_deadline_asks():
    """ "关于征求…政策修订意见的通知" is a consultation; a plain notice whose deadline is for
    feedback asks by itself; "征集…项目建议" asks for proposals, a call."""
    text = "请各企业于12月20日前反馈意见。"
    at = text.index("12月20日")
    dated = [
        Fact("deadline", "2025-12-20", at, at + 6, "12月20日"),
        Fact("stated_deadline", {"at": "2025-12-20", "for": "反馈意见"}, at, at + 6, "12月20日"),
    ]
    assert kind_of("关于征求2026年度区级产业政策修订意见的通知", dated, text)[0] == "consultation"
    assert kind_of("关于做好产业政策修订工作的通知", dated, text)[0] == "consultation"
    proposals = "请于12月20日前报送项目建议书。"
    dated_call = [Fact("deadline", "2025-12-20", 2, 8, "12月20日")]
    assert kind_of("关于征集2026年度重点项目建议的通知", dated_call, proposals)[0] == "call"


def test_a_personal_obligation_dated_only_in_its_title_stays_news():
    """The title's deadline has the title as its sentence: 城乡居民 there makes it a reminder."""
    from wxintel.extract import enrich

    title = "提醒！2025年度城乡居民医保缴费12月31日截止"
    article = Article(title=title, content="请及时通过微信缴费。", published="2025-11-20")
    assert enrich(article).kind == "news"
    call = Article(
        title="关于开展2026年度科技计划项目申报的通知（申报截止：12月5日）",
        content="请申报单位登录系统在线填写申报书。",
        published="2025-11-20",
    )
    assert enrich(call).kind == "call"


def test_a_civil_service_exam_sign_up_is_recruitment():
    from wxintel.extract import enrich

    reminder = Article(
        title="倒计时！国考报名11月24日18:00截止", content="抓紧时间。", published="2025-11-20"
    )
    assert enrich(reminder).kind == "news"


def test_a_job_fair_whose_title_names_the_employers_sign_up():
    """ "…招聘会用人单位报名通知": the title names who signs up; a firm's own job advert that a
    body's sign-up date follows stays off the board."""
    text = "报名时间：2026年1月5日至1月20日。"
    at = text.index("1月20日")
    signed_up = {"at": "2026-01-20", "for": "报名"}
    dated = [Fact("deadline", "2026-01-20", at, at + 5, ""),
             Fact("stated_deadline", signed_up, at, at + 5, "")]  # fmt: skip
    title = "2026年春季高校毕业生专场招聘会用人单位报名通知"
    assert kind_of(title, dated, text)[0] == "registration"
    assert kind_of("区属国有企业公开招聘报名通知", dated, text)[0] not in ACTION_KINDS


def test_a_sign_up_title_capped_without_a_day_is_a_registration():
    """ "…开始报名啦" with 报满为止 and no day: a registration with no day on the board."""
    text = "长按识别下方二维码报名（限额50人，报满为止）。"
    assert kind_of("区工商联“民企沙龙”第十二期开始报名啦", [], text)[0] == "registration"
    assert kind_of("区工商联“民企沙龙”第十二期成功举办", [], text)[0] not in ACTION_KINDS


def test_a_progress_report_on_a_call_is_news():
    """ "…征集工作取得新进展", "…申报工作进展顺利": a call under way reported on (made-up titles);
    the call itself keeps its kind."""
    assert (
        kind_of("档案征集工作取得新进展", content="截至3月18日，共征集档案资料3200余件。")[0]
        != "call"
    )
    assert kind_of("我区专精特新企业申报工作进展顺利")[0] != "call"
    assert kind_of("关于征集2026年度城市记忆档案资料的通知")[0] == "call"


def test_an_english_call_is_on_the_board_and_english_news_is_not():
    """Made-up English posts: a call whose title opens with its kind and whose body asks by a
    dated close; a report of an event with a date; a title opening with another word."""

    def english(title: str, content: str, aid: str, published: str) -> Enrichment:
        return enriched(title, content, published, account="en", aid=aid)

    call = english(
        "Call for Proposals: 2026 Smart City Pilot Projects",
        "Proposals must be submitted online no later than 17:00 on April 30, 2026.\n",
        "x1",
        "2026-03-02",
    )
    assert call.kind == "call"
    assert [f.value for f in call.facts if f.kind == "deadline"] == ["2026-04-30T17:00"]
    signup = english(
        "Invitation | 2026 Digital Trade Forum",
        "Please register before 12 May 2026 via the link below.\n",
        "x2",
        "2026-04-20",
    )
    assert signup.kind == "registration"
    labelled = english(
        "Notice | 2026 Green Factory Awards",
        "Entries should reach the bureau by the deadline.\n"
        "Deadline for submissions: 10 July 2026\n",
        "x4",
        "2026-06-01",
    )
    assert labelled.kind == "call"
    assert [f.value for f in labelled.facts if f.kind == "deadline"] == ["2026-07-10"]
    for title in ("Digital Trade Forum Closes", "Calls for Greener Ports Grow"):
        news = english(
            title, "The forum closed on May 20, 2026, with 300 guests.\n", "x3", "2026-05-21"
        )
        assert news.kind not in ("call", "registration", "consultation")


def test_a_reminder_of_a_recurring_duty_is_no_call():
    """Made-up notices: a reminder titled by a weak call word (报送) whose only ask recurs (每季度末
    前) is no call; the same reminder with a date of its own is; a call titled 征集 that takes
    cases month by month stays a call."""

    def kind(title: str, content: str) -> str:
        return enriched(title, content, "2026-01-05", aid="r").kind

    duty = "请各规模以上企业于每季度末前通过直报平台报送用工情况。"
    assert kind("关于做好2026年企业用工数据报送工作的通知", duty) not in ACTION_KINDS
    dated = duty + "首次报送请于2026年1月20日前完成。"
    assert kind("关于做好2026年企业用工数据报送工作的通知", dated) == "call"
    rolling = "案例常年征集，每月15日前提交的纳入当月评审。"
    assert kind("关于常态化征集基层治理典型案例的通知", rolling) == "call"


def test_quizzes_and_coupons_that_lapse_are_not_on_the_board(post):
    """The quiz/coupon class (过期…无效/作废) asks nobody to apply by a date (CLOSING-8): the real
    prize quiz 津北商务 reposted (自…6月9日-6月15日…过期答题无效) and made-up coupons are no action
    items, while a made-up sign-up whose late forms are refused is one."""
    from wxintel.extract import enrich

    assert enrich(post("津北商务", "2247516246_2")).kind not in ACTION_KINDS

    def kind(title: str, content: str) -> str:
        return enriched(title, content, "2026-04-01", aid="q").kind

    coupon = "消费券请于2026年4月30日前使用，过期作废。"
    assert kind("2026年春季餐饮消费券发放公告", coupon) not in ACTION_KINDS
    quiz = "答题时间：2026年4月8日至4月14日，过期答题无效，答满10题可参与抽奖。"
    assert kind("“全民国家安全教育日”有奖知识竞答", quiz) not in ACTION_KINDS
    signup = "请于2026年4月20日前报送报名表，过期不予受理。"
    assert kind("关于举办2026年企业数字化培训班的通知", signup) == "registration"


def test_a_sign_up_title_by_any_registration_word_capped_without_a_day():
    """Made-up: a title naming its sign-up by another registration word (招募, 训练营) with
    额满为止 and no day is a registration too, while news of the same camp is not."""
    text = "报名时间：即日起至额满为止（限30人）。\n报名方式：扫码填写报名表。\n"
    assert kind_of("2026年“创客训练营”第三期招募", [], text)[0] == "registration"
    assert kind_of("2026年“创客训练营”第三期圆满结束", [], text)[0] not in ACTION_KINDS


def test_a_refusal_of_late_items_in_the_deadlines_sentence_asks_by_it():
    """Made-up: a notice whose window is named by the office's 受理 or the user's 注册 asks its
    reader by the date when the same sentence refuses what comes late (逾期不再受理); the same
    window with no refusal, an inspection team's hours for letters, stays an announcement."""
    from wxintel.extract import enrich

    accepted = "第二批受理时间为9月7日至9月25日，逾期不再受理。\n"
    article = Article(
        title="技术合同登记奖补第二批受理公告", content=accepted, published="2026-09-01"
    )
    assert enrich(article).kind == "call"
    registered = "注册时间：12月21日（星期一）至1月8日（星期五）17:00，逾期未注册的用户不参与。\n"
    article = Article(
        title="关于2027年度电力需求响应用户注册的通知", content=registered, published="2026-12-08"
    )
    assert enrich(article).kind == "call"
    letters = "巡视组受理信访时间截止到2026年9月25日，欢迎大家与我们联系。\n"
    article = Article(title="巡视公告", content=letters, published="2026-09-01")
    assert enrich(article).kind not in ACTION_KINDS


def test_an_english_calls_application_period_asks_by_its_end():
    """Made-up: an English call whose only ask is its "Application period:" (the singular noun)
    is a call once the window's end is read."""
    from wxintel.extract import enrich

    text = "Application period: June 1 to June 30, 2026.\nResults are announced by July 15, 2026.\n"
    article = Article(
        title="Call for Applications | Residency 2026", content=text, published="2026-05-20"
    )
    assert enrich(article).kind == "call"


def test_a_report_that_the_action_is_over_is_off_the_board(post):
    """A title saying the call, sign-up or contest is over (圆满完成, 提前截止, 圆满落幕) asks
    nothing, whatever past dates its body quotes (made-up lines); the call itself keeps its
    kind."""
    closed = "2026年度企业技术中心申报工作于4月10日截止，共受理申报企业86家。"
    at = closed.index("4月10日")
    dated = [Fact("deadline", "2026-04-10", at, at + 5, "4月10日")]
    assert kind_of("2026年度企业技术中心申报工作圆满完成", dated, closed) == (
        "news",
        "title:圆满完成",
    )
    assert kind_of("关于2026年度企业技术中心申报工作的通知", dated, closed)[0] == "call"
    early = "报名人数已满，报名提前截止，原定5月20日的截止时间不再适用。"
    at = early.index("5月20日")
    dated = [Fact("deadline", "2026-05-20", at, at + 5, "5月20日")]
    assert kind_of("关于跨境电商培训班报名提前截止的通知", dated, early) == (
        "announcement",
        "title:提前截止",
    )
    assert kind_of("关于跨境电商培训班报名的通知", dated, early)[0] == "registration"
    assert kind_of("第三届创客大赛决赛圆满落幕", dated, early)[0] not in ACTION_KINDS
    # 天津西青's real posts on a lecture series and a football trial that ended stay off it
    from wxintel.extract import enrich

    assert enrich(post("天津西青", "2652055640_2")).kind == "event"
    assert enrich(post("天津西青", "2652093185_1")).kind == "news"


@pytest.mark.parametrize(
    "title",
    [
        "关于组织申报2026年度外贸进出口同比增长奖励资金的通知",
        "关于专项资金申报情况的说明及补充申报的通知",
        "关于第二批项目申报已截止及第三批申报的通知",
    ],
)
def test_a_call_whose_title_reports_a_figure_or_a_closed_round_stays_a_call(title):
    """A title with 同比, 情况的说明 or 已截止 that asks by a date still ahead of its
    publication is a call (review revA16's made-up titles, enriched whole)."""
    body = "请符合条件的企业于2026年4月30日前提交申报材料。联系电话：021-54321234。"
    assert enriched(title, body, "2026-03-20").kind == "call"


def test_a_titles_call_keeps_its_kind_whatever_its_date_is_for():
    """A title naming a call (遴选, 征集) and no event is a call though its date is a 报名 or a
    反馈意见 (how one applies); a sign-up for an event stays a registration (made-up lines)."""
    text = "请符合条件的单位于6月30日前报名。"
    at = text.index("6月30日")
    facts = [
        Fact("deadline", "2026-06-30", at, at + 5, "6月30日"),
        Fact("stated_deadline", {"at": "2026-06-30", "for": "报名"}, at, at + 5, "6月30日"),
    ]
    assert kind_of("关于公开遴选2026年度法律顾问单位的公告", facts, text) == (
        "call",
        "title:遴选+deadline",
    )
    assert kind_of("关于举办2026年人工智能应用大赛的通知", facts, text)[0] == "registration"
    assert kind_of("关于征集2026年度科普活动作品的通知", facts, text)[0] == "registration"


def test_a_roundup_of_other_bodies_calls_is_a_digest(post):
    """Dated deadlines each in a list item opening with another body's name are a roundup,
    not a call (made-up posts enriched whole); a call's own schedule by level stays a call."""
    roundup = (
        "近期可申报项目如下，以发文部门原文为准：\n"
        "1.市科技局：2026年科技企业孵化器认定，申报截止时间8月5日；\n"
        "2.省发展改革委：2026年服务业集聚区评价，申报截止时间8月12日；\n"
        "【区人社局】2026年技能人才培训补贴，申报截止时间8月20日。\n"
        "如需辅导，请联系本中心：021-54321234。"
    )
    found = enriched("申报提醒｜近期重点项目汇总", roundup, "2026-07-20")
    assert (found.kind, found.kind_rule) == ("digest", "body:issuers' deadlines")
    schedule = (
        "一、申报时间\n"
        "1.申报企业：请于2026年8月5日前登录系统填报；\n"
        "2.各区商务局：请于8月12日前完成初审推荐；\n"
        "3.市商务局：8月20日前组织评审。\n"
        "联系电话：021-54321234。"
    )
    title = "关于开展2026年度外贸发展专项资金申报工作的通知"
    assert enriched(title, schedule, "2026-07-20").kind == "call"
    # the seed's monthly calendar of calls stays a digest by its title
    from wxintel.extract import enrich

    assert enrich(post("上海经信委", "2650689379_1")).kind == "digest"


def test_a_call_word_over_a_body_reporting_the_close_is_news():
    """A news title's call word with no date to act by, over a body reporting the close (已于…
    截止), reports the call; a later round's date keeps it a call."""
    closed = "第一批申报已于5月29日截止，共受理42家企业申请。第二批申报时间另行通知。"
    post = enriched("关于孵化器入驻第一批申报情况的说明", closed, "2026-06-01")
    assert post.kind not in ACTION_KINDS
    # a close stated as passed, whatever day is written, asks nothing
    passed = "2026年度申报已于2026年6月30日截止，共收到项目420个。2027年度申报预计明年启动。"
    assert enriched("2027年度专项资金申报即将启动", passed, "2026-05-20").kind not in ACTION_KINDS
    ahead = closed.replace("第二批申报时间另行通知", "第二批申报请于8月31日前提交")
    later = enriched("孵化器入驻第二批申报开始", ahead, "2026-06-01")
    assert later.kind == "call"
    assert [f.value for f in later.facts if f.kind == "deadline"] == ["2026-08-31"]


def test_a_job_fair_asking_employers_to_sign_up_by_a_date_is_a_registration():
    """Made up (no post of the seven accounts has one): 招聘会 names a fair whose stands the
    employers (参会单位, 用人单位) sign up for by a date; the same fair asking job seekers to
    come, or a post to fill, is no registration."""
    text = (
        "市公共就业服务中心定于2026年4月18日在市人力资源市场举办春季大型现场招聘会。\n"
        "参会单位报名截至4月8日17:00，展位有限，额满即止。\n报名电话：0757-83381234\n"
    )
    post = enriched("关于征集春季大型招聘会参会用人单位的通知", text, "2026-03-20")
    assert (post.kind, post.kind_rule) == ("registration", "title:招聘会+招聘会+employers")
    seekers = text.replace("参会单位报名", "求职者报名")
    assert enriched("关于举办春季大型招聘会的通知", seekers, "2026-03-20").kind == "event"
    title = "关于征集春季大型招聘会参会用人单位的通知"
    assert enriched(title, seekers, "2026-03-20").kind == "news"


def test_a_plan_publicised_for_comment_by_a_date_is_a_consultation():
    """Made up: a 公示 that asks the public for opinions while the plan is on show is a
    consultation whose deadline is the window's end; a list publicised for objections (异议)
    stays a publicity, and a stated date to comment outranks the window."""
    text = (
        "现将《县国土空间总体规划（草案）》予以公示。\n一、公示时间：2026年9月1日至9月30日。\n"
        "二、意见反馈：公示期间，社会公众可通过书面、电子邮件等方式提出意见建议。\n"
    )
    post = enriched("关于《县国土空间总体规划（草案）》的公示", text, "2026-08-31")
    assert (post.kind, post.kind_rule) == ("consultation", "title:公示+comment")
    deadline = next(f.value for f in post.facts if f.kind == "deadline")
    assert deadline == "2026-09-30"
    objections = text.replace("提出意见建议", "对公示内容提出异议")
    listed = (
        "现将2026年度区级专精特新企业拟认定名单予以公示。\n公示时间：2026年9月1日至9月7日。\n"
        "公示期间，如对公示对象有意见，可来电反映。\n"
    )  # an opinion with nothing to hand in
    for title, body in (("关于《县国土空间总体规划（草案）》的公示", objections),
                        ("2026年度区级专精特新企业拟认定名单公示", listed)):  # fmt: skip
        post = enriched(title, body, "2026-08-31")
        assert post.kind == "publicity"
        assert not [f for f in post.facts if f.kind == "deadline"]
    stated = text + "书面意见请于9月25日前送达县自然资源局。\n"
    post = enriched("关于《县国土空间总体规划（草案）》的公示", stated, "2026-08-31")
    assert next(f.value for f in post.facts if f.kind == "deadline") == "2026-09-25"
