"""Contacts on hand-written lines of each pattern, and on the real seed and other accounts."""

import pytest

from wxintel.extract.contacts import extract_contacts, normalize_phone


def values(text: str, kind: str) -> list:
    return [f.value for f in extract_contacts(text) if f.kind == kind]


def test_names_glued_to_phones():
    text = "联系人：陈珂23117664  施雨润18121388225"
    assert values(text, "contact") == [
        {"name": "陈珂", "phone": "23117664"},
        {"name": "施雨润", "phone": "18121388225"},
    ]


def test_honorific_names_and_area_codes():
    text = "联系电话：代老师 18521402980\n汪老师 021-23117605"
    assert values(text, "contact") == [
        {"name": "代老师", "phone": "18521402980"},
        {"name": "汪老师", "phone": "021-23117605"},
    ]
    assert values(text, "phone") == ["18521402980", "021-23117605"]


def test_slash_separated_contacts_on_one_line():
    text = "联系方式：代老师 18521402980 / 汪老师 021-23117605"
    assert [c["name"] for c in values(text, "contact")] == ["代老师", "汪老师"]


def test_name_and_phone_on_separate_labelled_lines():
    text = "联系人：张露露\n联系电话：18909248926\n电子邮箱：460506809@qq.com"
    assert values(text, "contact") == [{"name": "张露露", "phone": "18909248926"}]


def test_listed_names_pair_with_listed_phones_in_order():
    text = "（联系人：市商务局服贸处  刘源、张洋 联系电话：63085515、63085510）"
    assert values(text, "contact") == [
        {"name": "刘源", "phone": "63085515"},
        {"name": "张洋", "phone": "63085510"},
    ]


def test_phone_before_name_and_spaced_names():
    assert [
        c["name"] for c in values("咨询电话及联系人：24033293 邵老师、 24033288 傅老师", "contact")
    ] == [
        "邵老师",
        "傅老师",
    ]
    assert values("联系人：曹永全 18922896035    金    华 13823573358", "contact")[1] == {
        "name": "金华",
        "phone": "13823573358",
    }


def test_bare_numbers_need_a_phone_word():
    assert values("联系电话：23112692", "phone") == ["23112692"]
    assert values("全年产值达到23112692元", "phone") == []
    assert values("传真：23112692", "phone") == []
    assert values("服贸会官网客服电话：400-688-5590", "phone") == ["400-688-5590"]


def test_surname_led_labels_are_not_people():
    text = "项目计划号：20252045。联系人：高老师 86278939"
    assert values(text, "contact") == [{"name": "高老师", "phone": "86278939"}]
    assert values(text, "phone") == ["86278939"]


def test_email_split_is_repaired_and_span_kept():
    text = "邮  箱：gylylq@163. com"
    [fact] = [f for f in extract_contacts(text) if f.kind == "email"]
    assert fact.value == "gylylq@163.com"
    assert text[fact.start : fact.end] == fact.text == "gylylq@163. com"


def test_urls_lose_trailing_punctuation():
    text = "登录平台（网址：https://www.zjgidea.com/form/index.html）进行申报，或访问www.c3mep.cn。"
    assert values(text, "url") == ["https://www.zjgidea.com/form/index.html", "www.c3mep.cn"]


def test_address_and_postcode():
    text = "通信地址：上海市黄浦区复兴中路593号民防大厦22楼\n\n邮编：200020"
    assert values(text, "address") == ["上海市黄浦区复兴中路593号民防大厦22楼"]
    assert values(text, "postcode") == ["200020"]
    glued = "联系地址：未央区政法巷未央大厦B座1720电子邮箱：weiyangqu@163.com"
    assert values(glued, "address") == ["未央区政法巷未央大厦B座1720"]


def test_seed_call_contacts(seed_by_aid):
    text = seed_by_aid["2650687552_1"].content
    names = {c["name"]: c["phone"] for c in values(text, "contact")}
    assert names.get("张老师") == "13262286970"


def test_spans_are_exact_in_every_account(seed_clean, more_clean):
    articles = seed_clean + [a for arts in more_clean.values() for a in arts]
    contacts = 0
    for article in articles:
        for fact in extract_contacts(article.content):
            assert article.content[fact.start : fact.end] == fact.text
            contacts += fact.kind == "contact"
    assert contacts >= 50  # the four accounts name well over fifty contact people


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("联系电话：2739123413812345678", ["27391234", "13812345678"]),  # landline + mobile
        ("联系电话：022-2739123413812345678", ["022-27391234", "13812345678"]),
        ("联系电话：022-27391234，27395678", ["022-27391234", "022-27395678"]),  # shares the area
        (
            "电话：021-23117605-8001；021-23117606转8002",
            ["021-23117605转8001", "021-23117606转8002"],
        ),
        ("项目编号：12345678", []),  # a label of another number
        ("详见 https://x.cn/2025/12345678", []),  # a URL path
    ],
)
def test_glued_short_and_extended_phones(text, phones):
    assert values(text, "phone") == phones


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        # Forms other accounts write (made-up lines; none of the seven accounts has them).
        ("联系电话：02123117664", ["02123117664"]),  # a landline without its hyphen
        ("联系电话：0212311766413812345678", ["02123117664", "13812345678"]),  # glued
        ("联系电话：（021）23117664转8001", ["021-23117664转8001"]),  # bracketed area code
        ("电话：021-6234 5678", ["021-62345678"]),  # grouped digits
        ("联系电话：029-86513723，86513725", ["029-86513723", "029-86513725"]),  # short form
        ("编号02123117664", []),  # no phone word: a number, not a phone
        ("联系电话：021 2311 7664", ["021-23117664"]),  # the area code set off by a space
        ("电话：021-23117664 转 8001", ["021-23117664转8001"]),  # a spaced extension
        ("编号 0212 3456 7890", []),
        ("电话：０２１－２３１１７６６４", ["021-23117664"]),  # full-width digits and hyphen
        ("手机：１３８１２３４５６７８", ["13812345678"]),
        ("联系电话：021-23117664（分机：8001）", ["021-23117664转8001"]),  # bracketed extension
        ("电话：(021)23117664(转801)", ["021-23117664转801"]),
        ("电话：021-23117664、13812345678", ["021-23117664", "13812345678"]),
        ("电话/传真：022-27391234", ["022-27391234"]),  # one number for both
        ("联系电话（传真）：022-27391234", ["022-27391234"]),
        ("电话：022-27391234 传真：022-27395678", ["022-27391234"]),  # the fax alone is no phone
        ("咨询电话：8765 4321", ["87654321"]),  # a local number in two groups
        ("联系电话：(022)2345-6789", ["022-23456789"]),  # groups joined by a hyphen
        ("联系电话：022-2345-6789转801", ["022-23456789转801"]),
        ("联系电话：0086-21-23117664", ["0086-21-23117664"]),  # 00 for +
        ("咨询电话：2024-2025年度受理", []),  # a span of years is no number in groups
    ],
)
def test_landline_forms(text, phones):
    assert values(text, "phone") == phones


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("邮箱：abc#163.com（请将#替换为@）", ["abc@163.com"]),
        ("邮箱：abc（at）163.com", ["abc@163.com"]),
        ("邮箱：abc[at]sh.gov.cn", ["abc@sh.gov.cn"]),
        ("话题#abc.com", []),  # a # that nothing says stands for @
        ("邮箱：ａｂｃ＠１６３．ｃｏｍ", ["abc@163.com"]),  # typed in full-width characters
    ],
)
def test_emails_written_against_harvesting(text, emails):
    assert values(text, "email") == emails


def test_full_width_forms_keep_their_written_span():
    text = "联系人：张三 ０２１－２３１１７６６４；邮箱：ａｂｃ＠１６３．ｃｏｍ"
    for fact in extract_contacts(text):
        assert text[fact.start : fact.end] == fact.text


def test_a_number_written_as_a_shortened_tail_is_the_next_number():
    assert values("联系电话：23117664、65", "phone") == ["23117664", "23117665"]
    assert values("联系电话：021-23117664/5、66", "phone") == [
        "021-23117664",
        "021-23117665",
        "021-23117666",
    ]
    assert values("手机：13912345678/79", "phone") == ["13912345678", "13912345679"]
    assert values("电话：021-23117664转8001、8002", "phone") == [
        "021-23117664转8001",
        "021-23117664转8002",
    ]
    # a count, a date or an amount after the number is no tail
    assert values("咨询电话：23117664、2人值守", "phone") == ["23117664"]
    assert values("咨询电话：23117664/9月起停用", "phone") == ["23117664"]
    # the next number written whole, with its area code, is no tail
    assert values("联系电话：022-63085513、022-63085510", "phone") == [
        "022-63085513",
        "022-63085510",
    ]


def test_a_five_digit_hotline_is_a_phone_only_where_labelled():
    assert values("服务热线：95598", "phone") == ["95598"]
    assert values("如有疑问请拨打12345政务服务便民热线。", "phone") == ["12345"]
    assert values("共服务企业12345家，同比增长10086户", "phone") == []
    assert values("编号12315的项目", "phone") == []


def test_a_country_code_without_its_plus():
    assert values("联系电话：86-22-23117664", "phone") == ["86-22-23117664"]
    assert values("Tel: 86 755 87654321", "phone") == ["86-755-87654321"]
    assert values("全年增长86 1234567", "phone") == []


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("客服热线：800-820-1234", ["800-820-1234"]),  # the toll-free 800 numbers
        ("客服电话：400 820 5678", ["400-820-5678"]),  # one form however it is grouped
        ("服务电话：8008201234", ["800-820-1234"]),
        ("订单编号8008201234已发货", []),  # ten digits run together, no phone word
    ],
)
def test_business_numbers_in_one_form(text, phones):
    assert values(text, "phone") == phones


def test_a_real_400_number_is_written_in_its_groups(post):
    # 天津西青 writes a booking line's 400 number run together
    facts = extract_contacts(post("天津西青", "2652055626_1").content)
    assert "400-088-2027" in [f.value for f in facts if f.kind == "phone"]


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("电子邮箱：kjc_sb@ 163.com", ["kjc_sb@163.com"]),
        ("请将意见反馈至邮箱 qfgw @ qx.example.gov.cn 。", ["qfgw@qx.example.gov.cn"]),
        ("投稿邮箱：hegui2025 AT 163.com", ["hegui2025@163.com"]),  # AT spelt out, spaced
    ],
)
def test_a_stray_space_at_the_at_sign_is_repaired(text, emails):
    found = [f for f in extract_contacts(text) if f.kind == "email"]
    assert [f.value for f in found] == emails
    assert all(text[f.start : f.end] == f.text for f in found)


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("手机：139-1234-5678", ["13912345678"]),  # a mobile is its 11 digits however grouped
        ("咨询热线：12345、96196", ["12345", "96196"]),  # a hotline listed after a labelled one
        ("服务热线：12345或12315", ["12345", "12315"]),
        ("电话：12345、67890", ["12345"]),  # 67890 is no service number
        ("联系电话：（0755）-82345678", ["0755-82345678"]),  # a bracketed area code, a hyphen
        # a second number in two groups after a slash is no changed tail of the first
        ("联系电话：0571-8705 2316 / 8705 2317", ["0571-87052316", "0571-87052317"]),
    ],
)
def test_grouped_mobiles_and_listed_hotlines(text, phones):
    assert values(text, "phone") == phones


def phone_values(text: str) -> list[str]:
    return [f.value for f in extract_contacts(text) if f.kind == "phone"]


def test_extensions_after_a_note_and_further_hyphen_extensions():
    """ "010-68205566（总机）转8123": a short note before 转; "-8001、8002": a second extension of
    the same number, as "转8001、8002" is, each written 转N. A changed tail of another length is
    not one."""
    assert phone_values("联系电话：010-68205566（总机）转8123") == ["010-68205566转8123"]
    assert phone_values("电话：0571-87052316-8001、8002") == [
        "0571-87052316转8001",
        "0571-87052316转8002",
    ]
    assert phone_values("电话：0571-87052316-8001、02") == ["0571-87052316转8001"]
    assert phone_values("联系电话：021-23117664（工作日）") == ["021-23117664"]


def test_a_corrections_wrong_number_is_no_phone():
    """A 更正 notice quotes the wrong number before the right one ("“X”应为“Y”")."""
    text = "原通知第三条中“联系电话：010-62281234”应为“010-62281243”。"
    assert values(text, "phone") == ["010-62281243"]
    assert values("联系电话：010-62281234更正为010-62281243", "phone") == ["010-62281243"]
    assert values("联系电话：010-62281234，010-62281243", "phone") == [
        "010-62281234",
        "010-62281243",
    ]


def test_a_fax_in_brackets_is_no_phone():
    text = "意见可于12月31日前通过传真（0871-63601234）或电子邮件反馈，电话：0871-63601235。"
    assert values(text, "phone") == ["0871-63601235"]


def test_an_extension_after_zhuan_fenji():
    """ "转分机203" is the extension (it was dropped), written 转203 as every extension is."""
    assert values("咨询电话：0871-6512 3456转分机203", "phone") == ["0871-65123456转203"]


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("Tel: 010-62781234 ext. 305", ["010-62781234转305"]),  # English ext. is 转
        ("咨询：020-83401234（转1），020-83401234（转2）", ["020-83401234转1", "020-83401234转2"]),
        ("服务热线：4008 123 456", ["400-812-3456"]),  # a 400 number in groups of 4, 3, 3
        ("咨询电话：025-68781234，68781235", ["025-68781234", "025-68781235"]),
        ("电话：0592-2851234、2851235；", ["0592-2851234", "0592-2851235"]),
        ("技术咨询：0451-53601234/53601238", ["0451-53601234", "0451-53601238"]),
        # a listed number of another length is not given the area code
        ("电话：0451-53601234，6360123", ["0451-53601234", "6360123"]),
    ],
)
def test_english_and_menu_extensions_grouped_400s_and_shared_area_codes(text, phones):
    assert values(text, "phone") == phones


def test_a_number_marked_a_fax_after_it_or_under_a_spaced_label_is_no_phone():
    text = "电话：0531-66601234，66601235（传真）\n值班电话：0574-87021234\n传 真：0574-87021230"
    assert values(text, "phone") == ["0531-66601234", "0574-87021234"]


@pytest.mark.parametrize(
    "text",
    [
        "意见请发送至abc@example.cn，或传真至0717-6221299。\n联系电话：0717-6221234",
        "书面材料可传真到0717-6221299，咨询电话：0717-6221234",
        "本处传真号码为0717-6221299；联系电话：0717-6221234",
    ],
)
def test_a_number_the_fax_verb_sends_to_is_no_phone(text):
    # made up: no post of the seven accounts writes 传真至 before a number
    assert values(text, "phone") == ["0717-6221234"]


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        ("联系人：人事科  李  老师，电话：0771-5551234", [("李老师", "0771-5551234")]),
        ("会务联系：科研处 孙老师\nTel: 010-62781234", [("孙老师", "010-62781234")]),
        ("报名咨询：（0512）66681234分机6021，冯女士。", [("冯女士", "0512-66681234转6021")]),
        # two numbers glued, the person after them: one contact per number (#11's convention)
        (
            "联系电话：8762123415988761234（徐女士）",
            [("徐女士", "87621234"), ("徐女士", "15988761234")],
        ),
        ("请联系王老师，电话：13812345678", [("王老师", "13812345678")]),
        ("或林女士，电话0577-88231234。", [("林女士", "0577-88231234")]),
        # a surname before a word that is no honorific names nobody
        ("请各学校老师于周五前报送，电话：13812345678", []),
    ],
)
def test_people_beside_their_phone_in_more_forms(text, contacts):
    found = [(c["name"], c["phone"]) for c in values(text, "contact")]
    assert found == contacts


def test_a_surname_with_a_title_taking_sign_ups_is_a_contact():
    text = "报名请联系商会秘书处胡秘书长，电话13857712345；或林女士，电话0577-88231234。"
    found = [(c["name"], c["phone"]) for c in values(text, "contact")]
    assert found == [("胡秘书长", "13857712345"), ("林女士", "0577-88231234")]


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("咨询电话：028-85551234 85551235", ["028-85551234", "028-85551235"]),  # set off by a space
        ("Tel：+86-571-8766 1234", ["+86-571-87661234"]),
        ("报名热线：400-6666-123", ["400-666-6123"]),  # one form however the post groups it
        ("传真号码：0411-84561234\n电话及传真：0411-84561235", ["0411-84561235"]),
    ],
)
def test_second_contacts_sets_phone_forms(text, phones):
    assert values(text, "phone") == phones


def test_people_listed_with_spaces_share_the_phone_and_a_secretary_is_a_person():
    text = "联系人：马老师 张老师\n电话：0991-2851234\n报名联系：商会办公室 曾秘书 0595-22581234"
    assert [(c["name"], c["phone"]) for c in values(text, "contact")] == [
        ("马老师", "0991-2851234"),
        ("张老师", "0991-2851234"),
        ("曾秘书", "0595-22581234"),
    ]


def test_a_contact_table_flattened_one_cell_per_line_pairs_each_name_with_its_phone():
    text = "地区\n联系人\n联系电话\n石家庄市\n赵立新\n0311-86051234\n唐山市\n钱红\n0315-2801234\n"
    assert [(c["name"], c["phone"]) for c in values(text, "contact")] == [
        ("赵立新", "0311-86051234"),
        ("钱红", "0315-2801234"),
    ]
    assert not values("唐山市\n0315-2801234", "contact")  # a place's name is no person


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        ("联系人：省妇联组织部  欧阳  婧\n联系电话：0871-63121234", [("欧阳婧", "0871-63121234")]),
        ("咨询：关老师/13800138000", [("关老师", "13800138000")]),
        (
            "联系人：孙丽（座机：0532-82861234，手机：13969881234）",
            [("孙丽", "0532-82861234"), ("孙丽", "13969881234")],
        ),
    ],
)
def test_a_spaced_compound_surname_a_slash_and_a_landline_label(text, contacts):
    assert [(c["name"], c["phone"]) for c in values(text, "contact")] == contacts


def test_other_accounts_english_faxes_and_bodies_are_no_contacts():
    """Made-up lines: a number right after a QQ or WeChat label is that account even when a
    phone word opens the line; an English "Fax:" labels a fax ("Tel/Fax:" both); a body in
    brackets after a number is no person."""

    def values(text: str, kind: str) -> list:
        return [f.value for f in extract_contacts(text) if f.kind == kind]

    phones = lambda text: values(text, "phone")  # noqa: E731
    assert phones("报名咨询QQ：76543210\n联系电话：0512-65220011") == ["0512-65220011"]
    assert phones("咨询微信号：88886666；咨询电话：65221234") == ["65221234"]
    assert phones("Tel: 0512-65220022  Fax: 0512-65220023") == ["0512-65220022"]
    assert phones("Tel/Fax: 0512-65220024") == ["0512-65220024"]
    people = [
        f.value
        for f in extract_contacts("咨询电话：0512-65220025（督查组）")
        if f.kind == "contact"
    ]
    assert people == []
    people = [
        f.value
        for f in extract_contacts("咨询电话：0512-65220026（钱女士）")
        if f.kind == "contact"
    ]
    assert people == [{"name": "钱女士", "phone": "0512-65220026"}]


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        # an extension in Chinese numerals is dialled as digits; one after a number only
        ("联系电话：0591-87651234转八〇一二", ["0591-87651234转8012"]),
        ("联系人：孙女士 0512-62881234（分机：六〇二）", ["0512-62881234转602"]),
        ("服务电话：0755－8888 6666 转 三〇二", ["0755-88886666转302"]),
        ("咨询电话：0595-22881234，材料请转二楼窗口", ["0595-22881234"]),
        # a line break after the area code's hyphen, or under a bracketed area code
        ("联系电话：0591-\n87651234\n", ["0591-87651234"]),
        ("报名咨询电话：\n（0574）\n87761119\n", ["0574-87761119"]),
        # a line break inside the digits, where a phone word opens the line
        ("电话：0351-701\n2345\n", ["0351-7012345"]),
        ("联系人：陈老师，手机：1385712\n3456\n", ["13857123456"]),
        ("编号：0351-701\n2345\n", []),  # no phone word: two numbers of something else
        ("电话：0351-7012345\n2026\n", ["0351-7012345"]),  # a whole number, a year below
        # ideographic spaces inside a full-width number; a 400 number's hyphens set off by spaces
        ("咨询：（０２１）　６２３４　５６７８", ["021-62345678"]),
        ("客服热线：400 - 600 - 1234", ["400-600-1234"]),
        # a seven-digit number grouped four and three after its area code's spaced hyphen
        ("联系电话：0771 - 5236 418，手机 138 7711 2345", ["0771-5236418", "13877112345"]),
        ("编号 5236 418", []),  # the odd grouping without an area code is no phone
    ],
)
def test_numbers_split_over_lines_and_extensions_in_chinese_numerals(text, phones):
    """Made-up contact lines of extract_contacts6's forms."""
    assert values(text, "phone") == phones
    for fact in extract_contacts(text):
        assert text[fact.start : fact.end] == fact.text


def test_dots_written_as_words_and_people_beside_a_bracketed_or_tabled_number():
    """Made-up: （at） with （dot）, 【at】; a name with its number in brackets after it, two
    departments in one sentence; a pipe table's row pairs its name and number cells."""
    assert values("电子版发送至：kyc（at）hosp（dot）example（dot）cn", "email") == [
        "kyc@hosp.example.cn"
    ]
    assert values("意见请发送至tougao【at】ins.example.cn。", "email") == ["tougao@ins.example.cn"]
    text = (
        "请与市教育局基教处王老师（0871-64121234）、市财政局教科文处李老师（0871-64125678）联系。"
    )
    assert values(text, "contact") == [
        {"name": "王老师", "phone": "0871-64121234"},
        {"name": "李老师", "phone": "0871-64125678"},
    ]
    table = "| 序号 | 处室 | 联系人 | 电话 |\n| 1 | 科教处 | 张老师 | 0591-87651234 |\n"
    assert values(table, "contact") == [{"name": "张老师", "phone": "0591-87651234"}]


def test_a_persons_body_in_brackets_between_the_name_and_the_phone():
    """Made-up: two people in one sentence, each with the body they work for in brackets before
    their labelled number."""
    text = (
        "联系人：王老师（市卫健委），电话：0591-87651234；李老师（市财政局），电话：0591-87655678"
    )
    assert values(text, "contact") == [
        {"name": "王老师", "phone": "0591-87651234"},
        {"name": "李老师", "phone": "0591-87655678"},
    ]


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("投稿请寄 liuyang AT example DOT com", ["liuyang@example.com"]),  # names between spaces
        ("报名邮箱：kx_ban AT mail DOT xyu DOT edu DOT cn", ["kx_ban@mail.xyu.edu.cn"]),
        ("邮箱：hr2026 at zone dot gov dot cn", ["hr2026@zone.gov.cn"]),  # lowercase, dot too
        ("邮箱：lisi [at] qq [dot] com", ["lisi@qq.com"]),
        ("邮箱：team{at}example.org", ["team@example.org"]),  # any bracket
        ("邮箱：ab_c<at>x.edu.cn；电话：010-12345678", ["ab_c@x.edu.cn"]),
        ("来信请寄 wangwu艾特126.com", ["wangwu@126.com"]),  # 艾特 read for @
        ("来信请寄 wangwu 艾特 126 点 com", ["wangwu@126.com"]),  # and 点 for the dot
        ("邮箱：zhao @ sina . com", ["zhao@sina.com"]),  # spaces round the sign and the dot
        ("Please contact us at www.example.com for details.", []),  # English " at ", no mailbox
        ("邮箱：abc at 163.com", ["abc@163.com"]),  # " at " after a mailbox label
        ("E-mail: ZHANG AT 163 DOT COM", ["ZHANG@163.COM"]),  # a capital domain
    ],
)
def test_mailboxes_disguised_against_harvesters(text, emails):
    found = [f for f in extract_contacts(text) if f.kind == "email"]
    assert [f.value for f in found] == emails
    assert all(text[f.start : f.end] == f.text for f in found)


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        # after 联系人 the dotted name is one person, not two
        ("联系人：热依拉·阿不都，电话：0991-2233445", [("热依拉·阿不都", "0991-2233445")]),
        # beside its number with no label, after a body's name glued on, a Japanese-style dot
        (
            "咨询：自治区商务厅 努尔兰·哈力木别克 0991-2345678",
            [("努尔兰·哈力木别克", "0991-2345678")],
        ),
        ("咨询：商务厅巴特尔・其木格13912345678", [("巴特尔・其木格", "13912345678")]),
    ],
)
def test_a_name_joined_by_a_middle_dot_is_one_person(text, contacts):
    found = [
        (f.value["name"], f.value["phone"]) for f in extract_contacts(text) if f.kind == "contact"
    ]
    assert found == contacts


def test_a_dotted_name_in_a_report_is_no_contact(post):
    # 上海经信委 quotes a foreign guest, 阿丽娜·拉特克, in a report with no number beside her
    facts = extract_contacts(post("上海经信委", "2650688871_1").content)
    assert not [f for f in facts if f.kind == "contact" and "·" in f.value["name"]]


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        # a numbered list of departments, each a person and, after a comma, the number
        (
            "联系方式：\n1.人才政策：区人社局 马女士，0512-66551234；\n"
            "2.资金申报：区财政局 钱先生，0512-66552345。",
            [("马女士", "0512-66551234"), ("钱先生", "0512-66552345")],
        ),
        (
            "1.王明，13912345678；2.李华，13812345678",
            [("王明", "13912345678"), ("李华", "13812345678")],
        ),
        # the name as the object of 联系
        ("如有疑问请与王老师联系，电话：021-23117664", [("王老师", "021-23117664")]),
        ("请联系王明，联系电话：021-23117664", [("王明", "021-23117664")]),
        # numbers before their names after commas stay with the name after them
        (
            "13800138000，王老师，13900139000，李老师",
            [("王老师", "13800138000"), ("李老师", "13900139000")],
        ),
    ],
)
def test_a_persons_number_after_a_comma_or_after_lianxi(text, contacts):
    found = [
        (f.value["name"], f.value["phone"]) for f in extract_contacts(text) if f.kind == "contact"
    ]
    assert found == contacts


def test_each_desk_of_a_real_call_pairs_its_person_after_a_comma(post):
    # 未央工信 reposts a ministry call: "申报咨询：X，010-…；技术支持：Y，010-…"
    facts = extract_contacts(post("未央工信", "2247495051_3").content)
    pairs = [(f.value["name"], f.value["phone"]) for f in facts if f.kind == "contact"]
    assert ("张孟哲", "010-68644160") in pairs
    assert ("李清敏", "010-88684332") in pairs


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("科研处 周老师 027-87651234转5", ["027-87651234转5"]),  # a menu key after 转
        ("咨询：园区服务中心 0571-86541234 转 2", ["0571-86541234转2"]),
        ("联系电话：029-88651234，分机6021", ["029-88651234转6021"]),  # after a comma
        ("电话：021-12345678转2个工作日内回复", ["021-12345678"]),  # a count, no extension
        ("电话：021-12345678，转3号楼", ["021-12345678"]),  # a building, no extension
    ],
)
def test_one_digit_extensions_and_an_extension_after_a_comma(text, phones):
    assert values(text, "phone") == phones


def test_a_rank_after_a_name_is_no_second_person():
    text = "联系人：规划处 赵磊 副处长 0871-63112233"
    assert values(text, "contact") == [{"name": "赵磊", "phone": "0871-63112233"}]


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        # the number first, the labelled name after it on its line or on the next line
        ("咨询电话：0471-6612345 联系人：高老师", [("高老师", "0471-6612345")]),
        ("联系电话：0931-8812345\n联系人：马老师", [("马老师", "0931-8812345")]),
        # a name after one already paired does not take its number
        (
            "联系人：孙老师 0351-4123456\n联系人：周老师",
            [("孙老师", "0351-4123456"), ("周老师", "")],
        ),
    ],
)
def test_a_name_after_its_number(text, contacts):
    found = [
        (f.value["name"], f.value["phone"]) for f in extract_contacts(text) if f.kind == "contact"
    ]
    assert found == contacts


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        ("联系人：规划科韩冰，电话：0898-65231234", [("韩冰", "0898-65231234")]),
        ("联系人：市发改委产业处欧阳明，联系电话：0991-2812345", [("欧阳明", "0991-2812345")]),
        ("联系人：办公室何老师 0931-8123456", [("何老师", "0931-8123456")]),
        ("联系人：区财政局综合科 0931-8123456", []),  # a body alone names no person
        # 政府 and 单位 end a body here as they do a body written alone (_ORG_END)
        ("联系人：区政府王明，电话：0931-8123456", [("王明", "0931-8123456")]),
        ("联系人：申报单位王明，电话：0931-8123456", [("王明", "0931-8123456")]),
    ],
)
def test_a_name_glued_to_the_body_before_it_after_lianxiren(text, contacts):
    found = [
        (f.value["name"], f.value["phone"]) for f in extract_contacts(text) if f.kind == "contact"
    ]
    assert found == contacts


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        # a landline and a mobile after one name, each the person's (#11's convention)
        (
            "会务联系：邱文斌 0791-86735218 ，13807085362\n地址：南昌市红谷滩区丰和中大道1198号",
            [("邱文斌", "0791-86735218"), ("邱文斌", "13807085362")],
        ),
        (
            "联系人：许静\n联系电话：0551-65396218、0551-65396227",
            [("许静", "0551-65396218"), ("许静", "0551-65396227")],
        ),
        # each person's own number, and a number under another label stays the office's
        (
            "联系人：王红，电话：0571-87001234；李明，电话：0571-87005678",
            [("王红", "0571-87001234"), ("李明", "0571-87005678")],
        ),
        (
            "联系人：人事科 李老师，电话：0771-5551234；纪检监督：0771-5551299",
            [("李老师", "0771-5551234")],
        ),
        # a number on a labelled line of its own below the person's is the office's
        (
            "联系人：孔老师13953287610\n联系电话：0532-85891234",
            [("孔老师", "13953287610")],
        ),
    ],
)
def test_a_person_given_two_numbers_is_one_contact_per_number(text, contacts):
    assert [(c["name"], c["phone"]) for c in values(text, "contact")] == contacts


def test_real_people_given_two_numbers_are_paired_with_each(post):
    # 上海经信委 lists three people as "周一凡：60805148；18917610522"; 未央工信 writes
    # "雎璋" over "联系电话：029-63915428/18291025029" and "姜如联系电话：029-67098982、17392215706"
    expected = {
        ("上海经信委", "2650688777_3"): {
            ("周一凡", "60805148"), ("周一凡", "18917610522"),
            ("薛明明", "60805123"), ("薛明明", "18813089509"),
            ("邓双梅", "60805216"), ("邓双梅", "15221228841"),
        },
        ("未央工信", "2247494813_2"): {("雎璋", "029-63915428"), ("雎璋", "18291025029")},
        ("未央工信", "2247495342_1"): {("姜如", "029-67098982"), ("姜如", "17392215706")},
    }  # fmt: skip
    for (account, aid), pairs in expected.items():
        facts = extract_contacts(post(account, aid).content)
        found = {(f.value["name"], f.value["phone"]) for f in facts if f.kind == "contact"}
        assert pairs <= found, (account, aid, found)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("0553-3118000（分机：6023）", "0553-3118000转6023"),
        ("0432-62016688-3125", "0432-62016688转3125"),  # a group after the whole local number
        ("0571-87052316转分机801", "0571-87052316转801"),
        ("022-2345-6789", "022-23456789"),  # the number's own groups: no extension
        ("021-23117605转8001", "021-23117605转8001"),
    ],
)
def test_an_extension_is_written_one_way(written, normalized):
    """However a post writes an extension (分机, 转分机, a hyphen after the whole number), it is
    stored as 转N, so one number is one phone and its label's convention matches."""
    assert normalize_phone(written) == normalized
    assert normalize_phone(normalized) == normalized  # written again, it stays
