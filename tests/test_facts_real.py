"""Deadlines, kinds and phones on real posts of the seven accounts, named by (account, aid).

Each case is a rule of the facts issue met in a real export (../shared/data); the text stays
there. Quality over labelled sets is reported by `wxintel eval extract`, not asserted here.
"""

import pytest

from wxintel.extract import enrich
from wxintel.extract.doctype import ACTION_KINDS


def facts(post, account: str, aid: str, kind: str) -> list:
    return [f.value for f in enrich(post(account, aid)).facts if f.kind == kind]


def stated(post, account: str, aid: str) -> list[str]:
    return [d["at"] for d in facts(post, account, aid, "stated_deadline")]


@pytest.mark.parametrize(
    ("account", "aid", "deadline", "why"),
    [
        ("未央工信", "2247494628_1", "2025-06-24", "paper copies after the online cut-off"),
        ("未央工信", "2247495228_1", "2025-11-28T10:00", "spaced date, full-width colon"),
        ("闵行发展改革", "2247503817_1", "2025-04-01T17:00", "weekday and full-width colon"),
        ("津北商务", "2247516380_1", "2025-10-20T23:59", "24时 is the last minute"),
        ("闵行发展改革", "2247504437_1", "2025-12-21", "label on the line above"),
        ("天津西青", "2652075649_2", "2026-01-27T16:00", "a window with times ends at B"),
        ("河西政务服务", "2247518614_2", "2025-05-25T19:00", "daily hours close the last day"),
        ("上海经信委", "2650688777_3", "2025-10-09T12:00", "中午前 is noon"),
        ("未央工信", "2247494963_1", "2025-09-15T18:00", "X时 then the system closes"),
    ],
)
def test_deadlines_of_real_posts(post, account, aid, deadline, why):
    assert deadline in stated(post, account, aid), why


def test_the_applicants_final_deadline_is_chosen_and_each_says_what_it_is_for(post):
    values = facts(post, "未央工信", "2247494628_1", "stated_deadline")
    assert {d["for"] for d in values} >= {"网上申报", "纸质材料"}
    assert facts(post, "未央工信", "2247494628_1", "deadline") == ["2025-06-24"]
    # "报名缴费截止时间为10月20日24时" is 报名 by docs/facts.md: "报名 a sign-up … whatever their
    # channel" and "One date stated for two channels at once … takes the first the sentence names"
    assert facts(post, "津北商务", "2247516380_1", "stated_deadline")[0]["for"] == "报名"


@pytest.mark.parametrize(
    ("account", "aid", "why"),
    [
        ("天津西青", "2652066621_1", "a birth-date limit"),
        ("天津西青", "2652081408_1", "the end of a travel season"),
        ("天津西青", "2652067153_1", "an oil price change at 24时"),
        ("天津西青", "2652063681_1", "截止10月底 dates a sales figure"),
        ("河西政务服务", "2247513645_1", "an October post's plan quoting 于8月16日前反馈, gone"),
    ],
)
def test_dates_that_are_not_deadlines(post, account, aid, why):
    assert stated(post, account, aid) == [], why


def test_a_reserve_lists_cutoff_is_no_deadline_and_a_yearless_window_keeps_its_year(post):
    # 递补截止时间 closes a recruitment's reserve list; the exam fee window stays.
    assert "2026-11-30" not in stated(post, "天津西青", "2652075649_2")
    assert "2026-01-28T16:00" in stated(post, "天津西青", "2652075649_2")
    # "填报时间为1月1日至6月30日" in a May post: this year's window, not next year's.
    assert stated(post, "河西政务服务", "2247518930_5") == ["2025-06-30"]


def test_a_pilots_later_self_evaluation_is_not_the_calls_deadline(post):
    # a national pilot call through the provinces: the 3月底 self-evaluation report is due in
    # the pilot's second year, after selection; the call closed with the provinces' 10-24 step
    assert stated(post, "津北商务", "2247516401_1") == ["2025-10-24"]
    assert facts(post, "津北商务", "2247516401_1", "deadline") == ["2025-10-24"]


def test_a_form_title_naming_a_level_is_not_an_intermediarys_stage(post):
    # "填写《…省级…汇总表》（见省级文件…），于X前将纸质版材料…报送": the applicant's own step
    [value] = facts(post, "未央工信", "2247495404_2", "stated_deadline")
    assert value["for"] == "纸质材料"


def test_conditions_before_publication_are_not_deadlines(post):
    # Vehicles registered before 2013/2015/2019 are a condition of a 2026 subsidy.
    assert all(at >= "2026-01-31" for at in stated(post, "津北商务", "2247516518_1"))


@pytest.mark.parametrize(
    ("account", "aid", "kind"),
    [
        ("闵行发展改革", "2247504437_1", "consultation"),  # 意见征询 with a cut-off on its own line
        ("河西政务服务", "2247511398_2", "consultation"),  # 公开征求意见 in the title
        ("津北商务", "2247516380_1", "registration"),  # taking part in an expo, fee by a date
        ("上海经信委", "2650687518_1", "registration"),  # an event's registration by a date
        ("未央工信", "2247495126_1", "call"),  # "…推荐工作的通知"
    ],
)
def test_kinds_decided_on_body_and_title(post, account, aid, kind):
    assert enrich(post(account, aid)).kind == kind


@pytest.mark.parametrize(
    ("account", "aid"),
    [("天津西青", "2652081408_1"), ("天津西青", "2652075649_2"), ("天津西青", "2652067153_1")],
)
def test_posts_that_ask_nothing_of_the_reader_stay_off_the_board(post, account, aid):
    assert enrich(post(account, aid)).kind not in ACTION_KINDS


@pytest.mark.parametrize(
    ("account", "aid", "phone", "why"),
    [
        ("闵行发展改革", "2247503439_1", "60801472", "a short label and a colon"),
        ("天津西青", "2652092305_2", "27390214", "the phone word in the line above"),
        ("未央工信", "2247495051_1", "86259459", "glued to the next line's year"),
        ("未央工信", "2247494813_2", "18291025029", "after a slash"),
        ("未央工信", "2247494447_1", "86291813", "a second number on a contact line"),
        ("津北商务", "2247516380_1", "+86-21-968888", "an international prefix"),
    ],
)
def test_phones_of_real_posts(post, account, aid, phone, why):
    assert phone in facts(post, account, aid, "phone"), why


def test_a_full_width_at_sign_is_an_e_mail(post):
    # a World Bank contact written "…＠worldbank.org" in a 河西 repost
    emails = facts(post, "河西政务服务", "2247512284_6", "email")
    assert any(e.endswith("@worldbank.org") for e in emails)


@pytest.mark.parametrize(
    ("account", "aid", "phrase"),
    [
        ("天津西青", "2652066990_2", "严肃查处"),
        ("未央工信", "2247494594_1", "大操大办"),
        ("津北商务", "2247516554_1", "行动统一到"),
        ("未央工信", "2247495423_1", "pdf"),
        ("天津西青", "2652063581_1", "跨省通办"),
    ],
)
def test_verbs_and_phrases_are_not_organisations(post, account, aid, phrase):
    article = post(account, aid)
    assert phrase in article.content
    orgs = [m.surface for m in enrich(article).mentions if m.kind == "org"]
    assert not [org for org in orgs if phrase in org]


@pytest.mark.parametrize(
    ("account", "aid", "org"),
    [("天津西青", "2652055701_1", "区文明办"), ("天津西青", "2652063232_1", "区卫健委")],
)
def test_abbreviated_bodies_stay_organisations(post, account, aid, org):
    orgs = [m.surface for m in enrich(post(account, aid)).mentions if m.kind == "org"]
    assert any(surface.endswith(org) for surface in orgs)


@pytest.mark.parametrize(
    ("account", "aid", "person"),
    [
        ("河西政务服务", "2247514825_2", "许昆林"),  # 省长
        ("河西政务服务", "2247517290_1", "马欣"),  # 常务副省长
        ("河西政务服务", "2247511398_1", "李强"),  # 国务院总理
    ],
)
def test_provincial_and_national_titles_name_people(post, account, aid, person):
    people = [m.name for m in enrich(post(account, aid)).mentions if m.kind == "person"]
    assert person in people


@pytest.mark.parametrize(
    ("account", "aid", "why"),
    [
        ("天津西青", "2652063867_1", "residents' insurance payment period"),
        ("津北商务", "2247516518_1", "consumers claim a trade-in subsidy"),
    ],
)
def test_personal_reminders_keep_their_deadline_but_are_no_action_items(post, account, aid, why):
    enrichment = enrich(post(account, aid))
    assert enrichment.kind not in ACTION_KINDS, why
    assert any(f.kind == "deadline" for f in enrichment.facts)


def test_a_call_word_inside_a_news_titles_document_name_is_no_call(post):
    # "市场监管总局发布《企业名称申报指引》": a guide was published, nobody is asked to apply
    assert enrich(post("河西政务服务", "2247523602_2")).kind not in ACTION_KINDS
