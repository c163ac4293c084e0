"""Who to phone and where to send: phones, named contacts, e-mails, addresses, postcodes, links.

Notices write contacts loosely ("联系人：陈珂23117664  施雨润18121388225", "代老师 18521402980",
"联系人：华李健、刘源；联系电话：63085513、63085515", "24033293 邵老师"), so names and phones are
found separately and then paired by adjacency first and by order within one contact block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Protocol, TypeVar

from wxintel.extract.phone_roles import phone_roles
from wxintel.model import Fact
from wxintel.nlp import gazetteer as gz
from wxintel.nlp.regions import regions
from wxintel.nlp.scanning import starting_with
from wxintel.nlp.width import DIGITS, LETTERS, half_width

# An extension: "-8001", "转8001", "分机8001", or in brackets "（分机：8001）", "(转8001)"; a
# short note on the number may stand before 转 ("68205566（总机）转8123").
_EXTENSION_NOTE = r"[（(][^（）()\d\n]{1,4}[)）]"
# English "ext. 305" is an extension too (written 转 in the value). In brackets one digit is
# enough: "（转1）" picks a line of the switchboard's menu.
_ENGLISH_EXTENSION = r"(?:ext|EXT|Ext)\.?"
# After a word one digit is enough too ("转3": a switchboard's menu key), not a count or a place
# ("转2个工作日", "转3号楼"); the word may follow a comma ("023-68754321，分机8021").
_EXTENSION = (
    rf"(?:[，,]?[ ]?(?:{_EXTENSION_NOTE}[ ]?)?(?:转分机|转|分机|{_ENGLISH_EXTENSION})[ ]?"
    r"\d{1,5}(?![\d号楼层室栋座个天日月年次])"
    r"|[-－]\d{2,5}(?!\d)"
    r"|[ ]?[（(][ ]?(?:转|分机)[:：]?[ ]?\d{1,5}[ ]?[)）])?"
)
# A number written in two groups: "6234 5678", "2345-6789" (the hyphen only after 3-4 digits
# and before exactly 4, so an extension "23117605-8001" is no group).
_GROUPED = r"\d{3,4}[ \-－]\d{4}(?![\d\-－])"
# After an area code and its hyphen, a seven-digit number may also be grouped four and three
# ("0773 - 2868 517"): the area code says it is a phone, so the odd grouping is safe there.
_GROUPED_AFTER_AREA = rf"(?:{_GROUPED}|\d{{4}}[ ]\d{{3}}(?![\d\-－]))"
# Full-width digits, letters, @, dot, plus and hyphen read as their ASCII twins, one character
# for one, so spans stay exact: "０２１－２３１１７６６４", "abc＠163.com".
_HALF_WIDTH = half_width(DIGITS + LETTERS + "＠．＋－") | {
    0x3000: 0x20
}  # and the ideographic space
# Between a business number's groups: a hyphen, a space, or a hyphen set off by spaces.
_BIZ_GAP = r"(?:[ ]?-[ ]?|[ ])"
_PHONE = starting_with(
    "0-9+（(",
    # Not inside a longer word, number or address; after "/" only when a number or a Chinese
    # character precedes it ("029-63915428/18291025029", "关老师/13800138000"), so URL paths
    # stay out.
    r"(?<![0-9A-Za-z@._+-])(?<![^\d\u4e00-\u9fff]/)(?:"
    # the number may go on the next line after its area code's hyphen ("0591-\n87651234")
    rf"(?P<area>0\d{{2,3}}[ ]?[-－—][ ]?(?:\n[ \t]*)?(?:\d{{7,8}}|{_GROUPED_AFTER_AREA})"
    rf"{_EXTENSION}"
    r"|0\d{2,3}[-－—]\d{5})"
    # "（021）23117664", "(0755)8765 4321": the area code in brackets
    # (the bracketed area code may stand on a line of its own above the number)
    rf"|(?P<bracketed>[（(]0\d{{2,3}}[)）][ ]?[-－]?[ ]?(?:\n[ \t]*)?(?:\d{{7,8}}|{_GROUPED})"
    rf"{_EXTENSION})"
    # "021 23117664", "0755 8765 4321": the area code set off by a space
    rf"|(?P<spaced>0\d{{2,3}}[ ](?:\d{{7,8}}|\d{{3,4}}[ ]\d{{4}}){_EXTENSION})"
    # "02123117664": a landline written without its hyphen (010, 02X, then 0XXX area codes)
    rf"|(?P<landline>0(?:[12]\d\d{{8}}|[3-9]\d{{2}}\d{{7,8}}){_EXTENSION})"
    r"|(?P<intl>(?:\+|00)86[ ]?[-－]?[ ]?(?:1[3-9]\d{9}"
    r"|\d{2,3}[ ]?[-－]?[ ]?(?:\d{6,8}|\d{3,4}[ ]\d{4}(?![\d\-－]))))"
    # "86-22-23117664", "86 755 87654321": the country code without its +, then separators
    r"|(?P<intl_bare>86[ ]?[-－ ][ ]?(?:1[3-9]\d{9}|0?[1-9]\d{1,2}[ ]?[-－ ][ ]?\d{7,8}))"
    r"|(?P<mobile>1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4}))"
    # "400-820-1234", "800 820 1234": the national business numbers (400 and the toll-free 800)
    # in any grouping of its seven digits ("4008 123 456", "400-6666-123", "400 - 600 - 1234")
    rf"|(?P<biz>[48]00(?:{_BIZ_GAP}?\d{{3}}{_BIZ_GAP}?\d{{4}}|\d{_BIZ_GAP}\d{{3}}{_BIZ_GAP}\d{{3}}"
    rf"|{_BIZ_GAP}?\d{{4}}{_BIZ_GAP}\d{{3}}))"
    rf"|(?P<local>(?:[2-8]\d{{6,7}}|(?!(?:19|20)\d\d\D)[2-8]\d{{2,3}}[ -－]\d{{4}}(?![年月日]))"
    rf"{_EXTENSION})"
    r")(?![0-9A-Za-z@])",
)
# Digits run together where a separator was lost: a landline glued to a mobile, two mobiles,
# or a number glued to the year that starts the next line ("…86259459" + "2025年…").
_GLUED = starting_with(
    r"\d", r"(?<![0-9A-Za-z@._+-])(?P<area>0\d{2,3}[-－—])?(?P<run>\d{12,22})(?![0-9A-Za-z@])"
)
_MOBILE = re.compile(r"1[3-9]\d{9}")
_PHONE_SHAPES = (
    _MOBILE,
    re.compile(r"[2-8]\d{6,7}"),
    re.compile(r"0(?:[12]\d\d{8}|[3-9]\d{2}\d{7,8})"),  # a landline with its area code
)
# A bare 7-8 digit number is a phone only when a phone word stands shortly before it.
_PHONE_CUE = gz.trie_pattern(gz.named_list("contact_words.txt", "phone_cue"))
# "技术支持：60801472" alone on its line: a short label and a colon introduce a number; labels
# of other numbers (QQ, 群, 编号, 计划号, 邮编, 代码) do not.
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fffA-Za-z（）()]{2,10}[:：][ \t]*$")
_NOT_PHONE_LABEL = gz.trie_pattern(gz.named_list("contact_words.txt", "not_phone_label"))
# A number labelled 传真 alone is a fax ("传真：", "通过传真（0871-…）"); "电话/传真：" and
# "联系电话（传真）：" label one number that is both.
# The label may be spaced out to line up with others ("传 真："); a number marked as a fax after
# it ("66601236（传真）") is one too. As a verb it introduces its number with where it goes
# ("或传真至0717-…", "传真到", "传真号码为"): that number is the fax too.
_FAX = re.compile(
    r"(?<!电话)(?<!电话/)(?<!电话／)(?<!电话、)(?<!电话及)(?<!电话[（(])"
    r"传[ \u3000]{0,2}真(?:号码|号)?(?:为|是|至|到)?[)）]?[:：]?[（(]?\s*$"
)
_FAX_AFTER = re.compile(r"[ ]?[（(](?:传真|Fax|FAX|fax)[)）]")
# An English label does the same ("Tel: …  Fax: +86-21-…"; "Tel/Fax:" labels one number for both).
_FAX_EN = re.compile(r"(?<![/／])\b(?:Fax|FAX|fax)(?:[ \t]*(?:No|no)\.?)?[ \t]*[:：.]?[ \t]*$")
# A number right after the label of another service's account ("QQ：83456789", "微信号：…") is
# that account, even where a phone word stands earlier on the line ("在线咨询QQ：").
_ACCOUNT_LABEL = re.compile(
    "(?:"
    + "|".join(map(re.escape, gz.named_list("contact_words.txt", "account_label")))
    + r")(?:群|号|号码|群号)?[ \t]*[:：]?[ \t]*$"
)
_CUE_WINDOW = 40
# A number's last digits written again for the next one: "23117664、65" is 23117664 and
# 23117665, "13912345678/79" two mobiles. Not a count, an amount or a date after it.
_SHORT_TAIL = re.compile(
    # not the first group of a number written in two ("/ 8705 2317")
    r"[ ]?[、/／或][ ]?(?P<tail>\d{1,4})(?![\d.．\-－—年月日号元万%个人家项天时分]|[ ]\d)"
)
# A service hotline of five digits (12345, 12315, 95598, 96196; the numbering plan's 10/11/12
# public-service and 95/96 enterprise blocks) is a phone only where a phone word labels it
# ("服务热线：12345", "拨打12345") or 热线 follows it ("12345热线").
HOTLINE = starting_with("19", r"(?<![\d.－-])(?P<number>1[0-2]\d{3}|9[5-6]\d{3})(?![\d.－-])")
_HOTLINE_LABEL = re.compile(
    "(?:"
    + "|".join(map(re.escape, gz.named_list("contact_words.txt", "hotline_label")))
    + r")[ \t]*[:：]?[ \t]*$"
)
_HOTLINE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}?热线")

# A stray space on either side of the @ is repaired too ("abc@ 163.com", "abc @ x.gov.cn").
_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]*[ \u3000]?@[ \u3000]?[A-Za-z0-9-]+"
    r"(?:\.[A-Za-z0-9-]*[A-Za-z0-9]|\.[ ]+(?=(?:com|cn|net|org|gov|edu)(?![A-Za-z]))[a-z]+)+"
)
# "abc（at）163.com", "abc[at]163.com", "abc#163.com" (the last only when a note after it
# says to put @ for #): the mailbox's user, the stand-in for @, the domain.
# The dots of its domain may be written so too: "kyc（at）hosp（dot）example（dot）cn",
# "tougao【at】ins.example.cn". Mailboxes are written against address harvesters in a few
# families of disguise, each read wherever it occurs: the sign or its name in any bracket
# ("{at}", "<at>", "【@】"), the name spelt out between spaces ("abc AT 163 DOT com"; a
# lowercase " at " only where a dot is disguised too, since "us at www.x.com" is English), 艾特
# or 点 (the Chinese readings of @ and .), and spaces around the sign or a dot ("abc @ 163 . com").
_OPEN = r"[（(\[【{｛<＜《〔]"
_CLOSE = r"[)）\]】}｝>＞》〕]"


def _stand_in(words: str) -> str:
    """One of `words` in brackets of any shape, as a stand-in for @ or a dot."""
    return rf"{_OPEN}[ ]?(?:{words})[ ]?{_CLOSE}"


_DOT_STAND_IN = re.compile(
    rf"[ ]?{_stand_in('dot|DOT|Dot|点|[.]')}[ ]?|[ ](?:dot|DOT|Dot)[ ]|[ ]?点[ ]?"
)
_DOT = rf"(?:[ ]?\.[ ]?|{_DOT_STAND_IN.pattern})"
_TLD = r"(?i:com|cn|net|org|gov|edu|info|biz)"
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?P<user>[A-Za-z0-9][A-Za-z0-9._%+-]*)"
    rf"(?:[ ]?{_stand_in('at|AT|At|艾特|@')}[ ]?|[ ](?:AT|At)[ ]|(?P<word>[ ]at[ ])"
    r"|[ ]?艾特[ ]?|[ ]@[ ]?|@[ ]|[ ]?(?P<hash>[#＃])[ ]?)"
    rf"(?P<domain>[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*?{_DOT}{_TLD}(?:{_DOT}cn)?)"
    r"(?![A-Za-z0-9])"
)
_MAIL_LABEL = gz.trie_pattern(gz.named_list("contact_words.txt", "mail_label"))
_HASH_FOR_AT = re.compile(
    r"[#＃]\S{0,6}(?:换成|替换为|改为|改成|代替|即)[ ]?[@＠]|[@＠]\S{0,4}[#＃]"
)
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]'\""
_POSTCODE = re.compile(r"(?:邮编|邮政编码)[\s:：]*(?P<code>\d{6})(?!\d)")
_ADDRESS = re.compile(
    r"(?:通信|通讯|联系|报送|邮寄|寄送|办公|单位|详细|收件)?地\s?址[\s:：∶]+(?P<addr>[^\n]+)"
)
_ADDRESS_STOP = re.compile(
    r"[；;。，,（(]|\s{2,}|联系|电话|手机|电子|邮箱|信箱|邮编|邮政编码|E-?mail|附件|网址|传真|\d{7,}"
)
_ADDRESS_END = re.compile(r"^.*?(?:\d+室|\d+号楼\d*|\d+楼|\d+层|办公室|\d+号)")
_ADDRESS_HINT = re.compile(r"[市区县路街道号楼室座巷镇]")

_LABELLED_NAMES = re.compile(
    r"联系人(?:及(?:联系)?(?:电话|方式))?[\s]*[:：∶]+[ \t]*(?P<rest>[^\n]*)"
)
_LABEL_WORD = gz.trie_pattern(gz.named_list("contact_words.txt", "contact_label"))
_ORG_OR_PLACE_END = "局处委科厅部室办院所组司会队站省市区县"
# A body's name ends with one of these (产业科, 服务中心, 区政府): anchored, a word that is a body's
# name, not a person's (`_ORG_END`); anywhere, where a body glued to a person's name ends
# ("产业科张伟", `_BODY_END`).
_ORG_SUFFIX = r"[局处委科厅部室办院所组司会队站]|中心|公司|政府|单位"
_ORG_END = re.compile(f"(?:{_ORG_SUFFIX})$")
_BODY_END = re.compile(_ORG_SUFFIX)
_NOT_NAME_END = frozenset("号码数量额期次年月日费率价元表单书格式型类")
_HONORIFICS = gz.named_list("contact_words.txt", "honorific")
_HONORIFIC = "|".join(_HONORIFICS)
_CJK = r"\u4e00-\u9fff"
# A name transliterated from Uyghur, Kazakh, Mongolian, Tibetan or a foreign language is written
# as its parts joined by a middle dot (艾力·买买提, 阿依古丽·吐尔逊): one person, not two, and its
# first part is no Han surname. The dot is written with any of its look-alikes.
_NAME_DOT = "·・•‧∙･"
_DOTTED_PIECE = rf"[{_CJK}]+(?:[ ]?[{_NAME_DOT}][ ]?[{_CJK}]+)+"
# a list's number ("1.王明"), and 联系 or 与 before a name ("请联系王明", "请与王明联系")
_BOUNDARY_BEFORE = r"(?:(?<=^)|(?<=[\s：:∶，,、；;（(）)\d])|(?<=\d[.．])|(?<=联系)|(?<=与))"
_BOUNDARY_AFTER = r"(?=$|[\s：:∶，,、；;。（(）)/／\d]|联系|电话|手机)"
# From a name to its phone: spaces, or a phone label after a comma or at the next line's start
# ("孙老师\nTel: 010-…"). From a phone to the name after it: spaces, a comma or a bracket
# ("66681234分机6021，冯女士", "15988761234（徐女士）").
# (the phone may follow in brackets, "王老师（0871-64121234）", or in the next cell of a table's
# row, "| 张老师 | 0591-87651234 |"; the person's body in brackets may stand between, "李老师
# （市财政局），电话：…")
# The phone may follow a bare comma ("…经贸局 吴女士，0551-65318520；", one department of a
# list) and the name may be the object of 联系 ("请与王老师联系，电话：…").
_NAME_TO_PHONE = re.compile(
    r"(?:[（(][^（）()\d\n]{2,12}[)）])?(?:联系)?"
    r"[ \t:：∶/／（(|｜]*(?:[，,；;\n]?[ \t]*"
    r"(?:联系)?(?:电话|手机|方式|号码|Tel|TEL|tel)[ \t]*[:：∶]?[ \t]*|(?P<comma>[，,])[ \t]*)?"
)
_PHONE_TO_NAME = re.compile(r"[ \t]+|[ \t]*[，,（(][ \t]*")


@dataclass
class _Token:
    start: int
    end: int
    value: str


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Single and compound surnames from the shared lexicon data file."""
    text = (resources.files("wxintel.data") / "surnames.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@cache
def _all_surnames() -> frozenset[str]:
    """Single and compound surnames together."""
    single, compound = _surnames()
    return single | compound


@cache
def _plain_name() -> re.Pattern[str]:
    """A surname and one or two given-name characters, spaced or not ("金    华")."""
    single, compound = _surnames()
    surname = "(?:" + "|".join(sorted(compound)) + "|[" + "".join(sorted(single)) + "])"
    # A surname with an honorific needs no boundary before it: "请联系王老师", "或林女士".
    return re.compile(
        rf"(?:{_BOUNDARY_BEFORE}(?:(?P<hon>[{_CJK}](?:{_HONORIFIC}))"
        rf"|(?P<plain>{surname}(?:[ \t\u3000]{{0,6}}[{_CJK}]){{1,2}}))"
        rf"|(?P<addressed>{surname}(?:{_HONORIFIC}))"
        # A dotted name needs no boundary before it ("请与古丽米拉·阿不都热合曼联系"): its first
        # part is the (at most four) characters before the dot that no body's or place's name
        # ends with (科技厅艾力·买买提), its last part ends at the first boundary.
        rf"|(?P<dotted>(?:(?![{_ORG_OR_PLACE_END}])[{_CJK}]){{1,4}}"
        rf"(?:[ ]?[{_NAME_DOT}][ ]?[{_CJK}]{{1,8}}?){{1,3}}))"
        rf"{_BOUNDARY_AFTER}"
    )


def normalize_phone(raw: str) -> str:
    """Phones as written, spaces removed and dashes made ASCII: "021-23117605"; an area code
    in brackets is written with the hyphen ("（021）23117605" → "021-23117605"); a 400 or 800
    number in its advertised groups ("4008205678" → "400-820-5678"), a mobile as its 11 digits,
    an extension as 转N however it is written (分机N, ext. N, a group after the whole number)."""
    spaced = re.sub(r"^(0\d{2,3})[ ]+(?=\d)", r"\1-", raw)  # "021 23117664": the area code
    phone = re.sub(r"\s", "", spaced).replace("－", "-").replace("—", "-")
    phone = re.sub(r"[，,](?=转|分机)", "", phone)  # "023-68754321，分机8021"
    phone = re.sub(r"[（(]((?:转|分机))[:：]?(\d{1,5})[)）]$", r"\1\2", phone)  # （分机：8001）
    phone = re.sub(_ENGLISH_EXTENSION + r"(?=\d+$)", "转", phone)  # "ext.305" is 转305
    phone = re.sub(_EXTENSION_NOTE + r"(?=转|分机)", "", phone)  # （总机）转8123
    phone = re.sub(r"^[（(](0\d{2,3})[)）]-?", r"\1-", phone)  # "（0755）-82345678" too
    if business := _BUSINESS.fullmatch(phone.replace("-", "")):  # one form however grouped
        return "-".join(business.groups())  # 400-820-1234
    if _GROUPED_MOBILE.fullmatch(phone):  # a mobile is dialled as its 11 digits: 139-1234-5678
        return phone.replace("-", "")
    # "022-2345-6789", "2345-6789": a number's own groups joined again (not an extension)
    phone = re.sub(r"^((?:0\d{2,3}-)?\d{3,4})-(\d{4})(?=$|转|分机)", r"\1\2", phone)
    # an extension is written one way, 转N: "分机6023", "转分机6023", and a group after a whole
    # local number ("0432-62016688-3125": eight digits leave no group to join) are 转6023, 转3125
    phone = re.sub(r"(?:转分机|分机)(?=\d+$)", "转", phone)
    return re.sub(r"^((?:0\d{2,3}-)?\d{7,8})-(\d{1,5})$", r"\1转\2", phone)


_BUSINESS = re.compile(r"([48]00)(\d{3})(\d{4})")
_GROUPED_MOBILE = re.compile(r"1[3-9]\d-\d{4}-\d{4}")


def find_phones(text: str) -> list[_Token]:
    """Phone numbers; bare local numbers only where a phone word, a label, a name or another
    phone on the line introduces them; numbers glued together are split."""
    phones: list[_Token] = []
    for match in _PHONE.finditer(text):
        before = _line_prefix(text, match.start())
        if _FAX.search(before) or _FAX_EN.search(before) or _FAX_AFTER.match(text, match.end()):
            continue
        bare = match.group("local") or match.group("landline") or match.group("spaced")
        bare = bare or match.group("intl_bare")
        # a toll-free 800 number run together reads like any 10-digit code: a cue must say so
        run_together = match.group().isdigit()
        bare = bare or ((match.group("biz") or "").startswith("800") and run_together)
        if bare and not _local_phone_context(text, match, before, phones):
            continue
        value = normalize_phone(match.group())
        if match.group("intl_bare"):  # "86 755 87654321": the spaces separate the parts
            value = re.sub(r"[ ]*[-－ ][ ]*", "-", match.group())
        phones.append(_Token(match.start(), match.end(), value))
    for match in _GLUED.finditer(text):
        before = _line_prefix(text, match.start())
        if not _FAX.search(before) and _PHONE_CUE.search(before + _line_above(text, match.start())):
            phones.extend(_split_glued(text, match))
    phones.extend(_broken_numbers(text, phones))
    phones.extend(_hotlines(text))
    phones.extend(_short_tails(text, phones))
    kept = sorted((p for p in phones if not _corrected(text, p.end)), key=lambda p: p.start)
    return _share_area_codes(text, kept)


# A number a line break cuts inside its digits, as text copied from a PDF or a narrow column is
# cut ("0351-701\n2345", "1385712\n3456"): the line ends right after the first part, and the two
# parts make one whole landline (with its area code) or mobile that neither part is alone.
_BROKEN = re.compile(
    r"(?<![0-9A-Za-z@._+-])(?P<head>(?P<area>0\d{2,3}[-－—])?\d{3,10})[ \t]*\n[ \t]*"
    r"(?P<tail>\d{1,7})(?![0-9A-Za-z@年月日号.．:：\-－])"
)


def _broken_numbers(text: str, phones: list[_Token]) -> list[_Token]:
    """Numbers cut by a line break inside their digits, where a phone word opens the line."""
    found = []
    for match in _BROKEN.finditer(text):
        if any(p.start < match.end() and match.start() < p.end for p in phones):
            continue
        if not _PHONE_CUE.search(_line_prefix(text, match.start())):
            continue
        head = match.group("head")[len(match.group("area") or "") :]
        joined = head + match.group("tail")
        if match.group("area"):
            whole = 7 <= len(joined) <= 8 and len(head) < 7
        else:
            whole = _MOBILE.fullmatch(joined) is not None and len(head) < 11
        if whole:
            value = normalize_phone(match.group())
            found.append(_Token(match.start(), match.end(), value))
    return found


# "025-68781234，68781235", "0451-53601234/53601238": a number listed right after one with an
# area code, as long as its local part, is in the same city (the area code is not written twice).
_AREA_CODE = re.compile(r"^(0\d{2,3}-)(\d{7,8})(?=$|转|分机|-)")
_LOCAL_ONLY = re.compile(r"^\d{7,8}(?=$|转|分机|-)")
# another contact's number after ；too, and one set off by spaces alone ("028-85551234 85551235")
_LISTED_IN_CITY = re.compile(r"[ ]?[、，,/／或；;][ ]?|[ ]+")


def _share_area_codes(text: str, phones: list[_Token]) -> list[_Token]:
    """Listed local numbers given the area code of the number before them."""
    for n in range(1, len(phones)):
        last, phone = phones[n - 1], phones[n]
        area = _AREA_CODE.match(last.value)
        local = _LOCAL_ONLY.match(phone.value)
        listed = _LISTED_IN_CITY.fullmatch(text, last.end, phone.start) is not None
        if area and local and listed and len(local.group()) == len(area.group(2)):
            phones[n] = replace(phone, value=area.group(1) + phone.value)
    return phones


# "原通知中“联系电话：010-62281234”应为“010-62281243”": a correction notice quotes the wrong
# number before the right one; the wrong one is no contact (`corrected` in contact_words.txt,
# after a closing quote if there is one).
_CORRECTED = re.compile(
    r"[ \t]*[”\"」』]?[ \t]*(?:"
    + gz.trie_pattern(gz.named_list("contact_words.txt", "corrected")).pattern
    + ")"
)


def _corrected(text: str, end: int) -> bool:
    """The number ending at `end` is the one a correction replaces."""
    return _CORRECTED.match(text, end) is not None


def _hotlines(text: str) -> list[_Token]:
    """Five-digit service numbers a phone word labels, or 热线 follows, and those listed right
    after one ("咨询热线：12345、96196")."""
    found: list[_Token] = []
    for match in HOTLINE.finditer(text):
        before = text[max(0, match.start() - _CUE_WINDOW) : match.start()]
        listed = bool(found) and _LISTED.fullmatch(text, found[-1].end, match.start()) is not None
        if listed or _HOTLINE_LABEL.search(before) or _HOTLINE_AFTER.match(text, match.end()):
            found.append(_Token(match.start(), match.end(), match.group()))
    return found


_LISTED = re.compile(r"[ ]?[、，,/／或][ ]?")


def _short_tails(text: str, phones: list[_Token]) -> list[_Token]:
    """The numbers written as a phone's changed last digits after it ("23117664、65"), and a
    number's further extensions ("转8001、8002")."""
    found = []
    for phone in phones:
        last = phone
        while tail := _SHORT_TAIL.match(text, last.end):
            digits = tail.group("tail")
            head = re.search(r"\d+$", last.value)
            # "转8001、8002", and "-8001、8002" after a landline with its area code
            extension = re.search(r"(?:转|分机)(\d+)$", last.value) or re.search(
                r"^0\d{2,3}-\d{7,8}-(\d+)$", last.value
            )
            if extension:  # "转8001、8002": another extension of the same number
                if len(extension.group(1)) != len(digits):
                    break
                value = last.value[: extension.start(1)] + digits
            elif not head or len(head.group()) < len(digits) + 4:
                break
            else:
                value = last.value[: -len(digits)] + digits
            last = _Token(tail.start("tail"), tail.end("tail"), value)
            found.append(last)
    return found


def _line_prefix(text: str, start: int) -> str:
    before = text[max(0, start - _CUE_WINDOW) : start]
    return before[before.rfind("\n") + 1 :]


def _line_above(text: str, start: int) -> str:
    """The previous non-blank line when `start` opens its line (a label cell above a number)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return ""
    above = text[:line_start].rstrip()
    return above[above.rfind("\n") + 1 :]


def _split_glued(text: str, match: re.Match[str]) -> list[_Token]:
    """Split a run of digits into phone shapes (mobile 11, landline 7-8); a trailing year
    before 年 belongs to the next line's text."""
    run, at = match.group("run"), match.start("run")
    if re.fullmatch(r"\d+20\d{2}", run) and text.startswith("年", match.end()):
        run = run[:-4]
    parts = _phone_parts(run)
    if not parts:
        return []
    tokens, offset = [], at
    for n, part in enumerate(parts):
        start = match.start() if n == 0 and match.group("area") else offset
        end = offset + len(part)
        tokens.append(_Token(start, end, normalize_phone(text[start:end])))
        offset = end
    return tokens


def _phone_parts(run: str) -> list[str]:
    """`run` as one or two whole phone shapes, else []."""
    if any(shape.fullmatch(run) for shape in _PHONE_SHAPES):
        return [run]
    for cut in range(7, len(run) - 6):
        head, tail = run[:cut], run[cut:]
        if all(any(s.fullmatch(p) for s in _PHONE_SHAPES) for p in (head, tail)):
            return [head, tail]
    return []


def _local_phone_context(
    text: str, match: re.Match[str], before: str, phones: list[_Token]
) -> bool:
    if _ACCOUNT_LABEL.search(before):
        return False
    if _PHONE_CUE.search(before):
        return True
    line_start = text.rfind("\n", 0, match.start()) + 1
    if any(p.start >= line_start for p in phones):
        return True  # "联系方式：区发改委 86267129   区工信局 86291813": one contact line
    label = before if before.strip() else _line_above(text, match.start())
    if _PHONE_CUE.search(label) or (
        _LABEL_LINE.match(label) and not _NOT_PHONE_LABEL.search(label)
    ):
        return True  # "报名咨询电话：" in the cell above; "技术支持：60801472"
    named = [
        m
        for m in _plain_name().finditer(before)
        if not before[m.end() :].strip(" ：:") and _is_person(m.group())
    ]
    if named:
        return True  # "陈珂23117664", "刘老师  54654890"
    # a list of phones: "63085513、63085515"
    return bool(phones) and not text[phones[-1].end : match.start()].strip(" 、，,/／;；")


def find_names(text: str) -> list[_Token]:
    """Person names near contact details: after 联系人, or a surname-led name by a phone."""
    names: dict[int, _Token] = {}
    for match in _LABELLED_NAMES.finditer(text):
        for token in _labelled_names(match):
            names[token.start] = token
    for match in _plain_name().finditer(text):
        if not _is_person(match.group()):
            continue
        if match.start() in names or any(t.start <= match.start() < t.end for t in names.values()):
            continue
        names[match.start()] = _Token(match.start(), match.end(), _squeeze(match.group()))
    return sorted(names.values(), key=lambda t: t.start)


def _labelled_names(match: re.Match[str]) -> list[_Token]:
    """Names after "联系人：": org prefixes, label words and phones skipped; spaced chars joined."""
    rest, base = match.group("rest"), match.start("rest")
    label = _LABEL_WORD.search(rest)
    phone = _PHONE.search(rest)
    cut = min(x.start() for x in (label, phone, re.search(r"$", rest)) if x is not None)
    pieces = [
        (m.start() + base, m.group())
        for m in re.finditer(rf"{_DOTTED_PIECE}|[{_CJK}]+", rest[:cut])
    ]
    tokens: list[_Token] = []
    pending: list[tuple[int, str]] = []
    for start, piece in [*pieces, (-1, "")]:
        # a single character, or a compound surname spaced apart from its given name ("欧阳  婧")
        if start >= 0 and (len(piece) == 1 or (piece in _surnames()[1] and not pending)):
            pending.append((start, piece))
            continue
        surname = len(pending) == 1 and pending[0][1] in _all_surnames()
        if surname and piece in _HONORIFICS:
            # "李  老师": a surname spaced apart from its honorific is one name
            tokens.append(_Token(pending[0][0], start + len(piece), pending[0][1] + piece))
            pending = []
            continue
        if pending:
            joined = "".join(p for _, p in pending)
            if 2 <= len(joined) <= 4:
                end = pending[-1][0] + len(pending[-1][1])
                tokens.append(_Token(pending[0][0], end, joined))
            pending = []
        sized = 2 <= len(piece) <= 4 or re.fullmatch(_DOTTED_PIECE, piece) is not None
        named = not _is_title(piece) and not _ORG_END.search(piece)
        if sized and named and not _LABEL_WORD.search(piece):
            tokens.append(_Token(start, start + len(piece), _squeeze(piece)))
        elif (tail := _name_after_body(piece)) is not None:
            tokens.append(_Token(start + len(piece) - len(tail), start + len(piece), tail))
    return tokens


def _name_after_body(piece: str) -> str | None:
    """The person's name ending `piece` after a body's name written without a space ("产业科张伟"
    → 张伟, "办公室王老师" → 王老师): a surname and one or two characters, or a surname and an
    honorific; else None."""
    for body in _BODY_END.finditer(piece):
        tail = piece[body.end() :]
        surname = tail[:2] if tail[:2] in _surnames()[1] else tail[:1]
        rest = tail[len(surname) :]
        if surname in _all_surnames() and (1 <= len(rest) <= 2 or rest in _HONORIFICS):
            return tail
    return None


def _is_person(name: str) -> bool:
    """Surname-led words that are labels, not people: 计划号, 金额, 周期 … (an honorific ends a
    person's name whatever its last character: 曾秘书, as a middle dot makes one: 巴特尔·其木格)."""
    if _is_title(name):
        return False  # "科技处 王强 副处长": the title after a name is no second person
    dotted = re.search(f"[{_NAME_DOT}]", name) is not None
    return name.endswith(_HONORIFICS) or dotted or name[-1] not in _NOT_NAME_END


def _is_title(word: str) -> bool:
    """A rank or post written alone (副处长, 主任: person_titles.txt), not a person's name."""
    return word in gz.word_set("person_titles.txt")


def _squeeze(name: str) -> str:
    return re.sub(r"[ \t\u3000]+", "", name)


def pair_contacts(text: str, names: list[_Token], phones: list[_Token]) -> list[Fact]:
    """Contact facts: each name with its phone (adjacent first, then by order in its block)."""
    paired: dict[int, _Token | None] = {id(n): None for n in names}
    used: set[int] = set()
    _pair_lists(text, names, phones, paired, used)
    for name in names:
        if paired[id(name)] is not None:
            continue
        gap = _NAME_TO_PHONE.match(text, name.end)
        if gap.group("comma") and _phone_before(text, name, phones, used) is not None:
            continue  # "13800138000，王老师，13900139000，李老师": each number before its name
        phone = next(
            (p for p in phones if p.start == gap.end() or _cell_above(text, name, p)), None
        )
        if phone is not None:
            paired[id(name)] = phone
            used.add(id(phone))
    for name in names:
        if paired[id(name)] is not None:
            continue
        phone = _phone_before(text, name, phones, used)
        if phone is not None:
            paired[id(name)] = phone
            used.add(id(phone))
    _share_listed(text, names, paired)
    _pair_blocks(text, names, phones, paired, used)
    _pair_number_first(text, names, phones, paired, used)
    facts = []
    for name in names:
        phone = paired[id(name)]
        if phone is None:
            facts.append(Fact("contact", {"name": name.value, "phone": ""}, name.start, name.end,
                              text[name.start : name.end]))  # fmt: skip
            continue
        for each in _numbers_given(text, phone, phones, used):
            start, end = min(name.start, each.start), max(name.end, each.end)
            facts.append(Fact("contact", {"name": name.value, "phone": each.value}, start, end,
                              text[start:end]))  # fmt: skip
    return facts


def _numbers_given(text: str, phone: _Token, phones: list[_Token], used: set[int]) -> list[_Token]:
    """`phone` and the numbers written with it for the same person ("0791-86735218 ，138…",
    "（座机：0532-…，手机：139…）", a landline glued to a mobile), in order: the free numbers
    its run on its line holds, joined by list marks, brackets, colons and phone words only.
    A person given two numbers is one contact per number (the labelling convention of #11)."""
    run = [phone]
    for step in (-1, 1):
        at = phones.index(phone)
        while 0 <= at + step < len(phones):
            near = phones[at + step]
            left, right = (near, run[0]) if step < 0 else (run[-1], near)
            if id(near) in used or not _same_person_gap().fullmatch(text, left.end, right.start):
                break
            if step < 0:
                run.insert(0, near)
            else:
                run.append(near)
            at += step
    used.update(id(p) for p in run)
    return run


@cache
def _same_person_gap() -> re.Pattern[str]:
    """What stands between two numbers of one person on one line (no line break): list marks
    (LIST_MARKS), tabs, brackets, colons and phone words (contact_words.txt phone_cue)."""
    cues = "|".join(map(re.escape, gz.named_list("contact_words.txt", "phone_cue")))
    return re.compile(rf"(?:[{re.escape(LIST_MARKS)}\t\u3000（()）:：]|{cues})*")


def _phone_before(text: str, name: _Token, phones: list[_Token], used: set[int]) -> _Token | None:
    """The first phone not yet paired right before `name` (spaces, a comma or a bracket between)."""
    return next(
        (
            p
            for p in phones
            if id(p) not in used
            and p.end <= name.start
            and _PHONE_TO_NAME.fullmatch(text, p.end, name.start)
        ),
        None,
    )


class Spanned(Protocol):
    """Anything found at a span of a text: a phone token here, an answer candidate in ask."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Spanned)


def joined_runs(text: str, tokens: list[S], joiners: str) -> list[list[S]]:
    """Tokens (in order) grouped into runs separated only by the given joiner characters."""
    runs: list[list[S]] = []
    for token in tokens:
        if runs and not text[runs[-1][-1].end : token.start].strip(joiners):
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


# What joins the numbers of one list for one role ("58366501、58366502", "62345678或62345679",
# "029-1234567/13800138000"): the marks a list is written with, and nothing else, no label.
LIST_MARKS = " 、，,;；/／或"


def phone_lists(text: str) -> list[tuple[int, int]]:
    """The spans of `text` where two or more phones (as `find_phones` reads them) stand joined
    by LIST_MARKS alone: one role's whole list of numbers to try, as written."""
    ascii_text = _extension_digits(text.translate(_HALF_WIDTH))
    runs = joined_runs(ascii_text, find_phones(ascii_text), LIST_MARKS)
    return [(run[0].start, run[-1].end) for run in runs if len(run) > 1]


def _pair_lists(
    text: str,
    names: list[_Token],
    phones: list[_Token],
    paired: dict[int, _Token | None],
    used: set[int],
) -> None:
    """ "刘源、张洋 联系电话：63085515、63085510": equal lists are paired in order."""
    phone_runs = {run[0].start: run for run in joined_runs(text, phones, " 、，,;；/")}
    for run in joined_runs(text, names, " 、，,"):
        if len(run) < 2:
            continue
        gap = _NAME_TO_PHONE.match(text, run[-1].end)
        phone_run = phone_runs.get(gap.end())
        if phone_run and len(phone_run) == len(run):
            for name, phone in zip(run, phone_run, strict=True):
                paired[id(name)] = phone
                used.add(id(phone))


def _share_listed(text: str, names: list[_Token], paired: dict[int, _Token | None]) -> None:
    """ "范老师、侯老师，联系电话…": a name listed before a paired one shares its phone."""
    for left, right in zip(reversed(names[:-1]), reversed(names[1:]), strict=True):
        # "范老师、侯老师", and "马老师 张老师" set off by spaces on one line
        gap = text[left.end : right.start]
        listed = gap.strip() in ("、", "，", ",") or (bool(gap) and not gap.strip(" \t\u3000"))
        if listed and paired[id(left)] is None and paired[id(right)] is not None:
            paired[id(left)] = paired[id(right)]


def _pair_blocks(
    text: str,
    names: list[_Token],
    phones: list[_Token],
    paired: dict[int, _Token | None],
    used: set[int],
) -> None:
    """Names and phones left over in one short block (a few lines) are paired in order."""
    loose_names = [n for n in names if paired[id(n)] is None]
    while loose_names:
        first = loose_names[0]
        block_end = _block_end(text, first.start)
        group = [n for n in loose_names if n.start < block_end]
        free = [p for p in phones if id(p) not in used and first.start < p.start < block_end]
        if free:
            if len(free) == len(group):
                for name, phone in zip(group, free, strict=True):
                    paired[id(name)] = phone
            else:
                for name in group:
                    paired[id(name)] = free[0]
            used.update(id(p) for p in free[: len(group)])
        loose_names = loose_names[len(group) :]


def _pair_number_first(
    text: str,
    names: list[_Token],
    phones: list[_Token],
    paired: dict[int, _Token | None],
    used: set[int],
) -> None:
    """ "联系电话：021-…  联系人：王老师", or the number's line above the name's: a name left
    without a number takes the last free one before it on its line or the line above, when no
    other name stands between."""
    for name in names:
        if paired[id(name)] is not None:
            continue
        above = text.rfind("\n", 0, max(0, text.rfind("\n", 0, name.start))) + 1
        free = [p for p in phones if id(p) not in used and above <= p.start and p.end <= name.start]
        if not free or any(free[-1].end <= n.start < name.start for n in names if n is not name):
            continue
        paired[id(name)] = free[-1]
        used.add(id(free[-1]))


def _block_end(text: str, start: int, max_lines: int = 3) -> int:
    """End of the contact block: a few non-blank lines, stopping at a blank line."""
    end = start
    for _ in range(max_lines):
        nl = text.find("\n", end)
        if nl < 0:
            return len(text)
        end = nl + 1
        if text.startswith("\n", end):
            return end
    return end


def email_facts(text: str) -> list[Fact]:
    """E-mail addresses, a stray space at the @ or after a dot repaired ("163. com" →
    "163.com"), and addresses written against harvesting: "abc#163.com（#换成@）",
    "abc（at）163.com"."""
    facts = [
        Fact("email", re.sub(r"\s+", "", m.group()), m.start(), m.end(), m.group())
        for m in _EMAIL.finditer(text)
    ]
    for match in _OBFUSCATED_EMAIL.finditer(text):
        if match.group("hash") and not _HASH_FOR_AT.search(text, match.end(), match.end() + 30):
            continue  # "#" stands for "@" only where the text says so
        plain = match.group("word") and not _DOT_STAND_IN.search(match.group("domain"))
        if plain and not _MAIL_LABEL.search(_line_prefix(text, match.start())):
            continue  # "contact us at www.example.com" is English; "邮箱：abc at 163.com" is not
        if any(f.start <= match.start() < f.end for f in facts):
            continue
        domain = re.sub(r"\s", "", _DOT_STAND_IN.sub(".", match.group("domain")))
        value = f"{match.group('user')}@{domain}"
        facts.append(Fact("email", value, match.start(), match.end(), match.group()))
    return facts


def url_facts(text: str) -> list[Fact]:
    """www.* and http(s) links, trailing punctuation and e-mail domains excluded."""
    facts = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAILING)
        if url.count("(") < url.count(")"):
            url = url[: url.rfind(")")]
        if len(url) < 8:
            continue
        end = match.start() + len(url)
        facts.append(Fact("url", url, match.start(), end, url))
    return facts


def address_facts(text: str) -> list[Fact]:
    """Postal addresses after 地址 labels, cut at the next label or the last room/number."""
    facts = []
    for match in _ADDRESS.finditer(text):
        addr = match.group("addr")
        stop = _ADDRESS_STOP.search(addr)
        if stop:
            addr = addr[: stop.start()]
        if len(addr) > 30:
            tail = _ADDRESS_END.match(addr)
            addr = tail.group() if tail else addr
        addr = addr.rstrip(" 。，,")
        if len(addr) < 4 or not _ADDRESS_HINT.search(addr):
            continue
        start = match.start("addr")
        facts.append(Fact("address", addr, start, start + len(addr), addr))
    return facts


def postcode_facts(text: str) -> list[Fact]:
    """Six-digit postcodes after 邮编 / 邮政编码."""
    return [
        Fact("postcode", m.group("code"), m.start("code"), m.end("code"), m.group("code"))
        for m in _POSTCODE.finditer(text)
    ]


def extract_contacts(text: str) -> list[Fact]:
    """All contact facts of a text: contacts, phones (and the roles their labels give some:
    phone_roles.py), e-mails, addresses, postcodes, URLs.
    Numbers and mailboxes typed in full-width characters are read as ASCII; each fact still
    quotes the text as written."""
    ascii_text = _extension_digits(text.translate(_HALF_WIDTH))
    phones = find_phones(ascii_text)
    names = _names_near_phones(ascii_text, find_names(ascii_text), phones)
    facts = pair_contacts(ascii_text, names, phones)
    facts += [Fact("phone", p.value, p.start, p.end, text[p.start : p.end]) for p in phones]
    facts += phone_roles(ascii_text, phones)
    facts += email_facts(ascii_text) + address_facts(text) + postcode_facts(ascii_text)
    facts += url_facts(text)
    return [replace(f, text=text[f.start : f.end]) for f in facts]


# An extension dialled after a number, its digits written in Chinese numerals ("转八〇一二",
# "（分机：六〇二）", "转 三〇二"): each numeral is read as its digit, one character for one, so
# the extension reads as "转8012" and spans stay exact. Only right after a number's last digit.
_CHINESE_DIGITS = "〇零一二三四五六七八九"
_NUMERAL_EXTENSION = re.compile(
    rf"(?<=\d)(?P<lead>[ ]?(?:[（(][ ]?)?(?:转分机|转|分机)(?:号)?[:：]?[ ]?)"
    rf"(?P<digits>[{_CHINESE_DIGITS}]{{1,5}})(?![{_CHINESE_DIGITS}十百千万])"
)
_DIGIT_OF = str.maketrans(_CHINESE_DIGITS, "0" + "0123456789")


def _extension_digits(text: str) -> str:
    """`text` with an extension's Chinese numerals read as digits (same length)."""
    return _NUMERAL_EXTENSION.sub(
        lambda m: m.group("lead") + m.group("digits").translate(_DIGIT_OF), text
    )


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _cell_above(text: str, name: _Token, phone: _Token) -> bool:
    """A contact table flattened one cell per line: the name alone on its line, the phone
    alone on the next ("赵立新\n0311-86051234"); a place's name there (唐山市) is no person."""
    if not _LINE_BREAK.fullmatch(text, name.end, phone.start):
        return False
    line_start = text.rfind("\n", 0, name.start) + 1
    line_end = text.find("\n", phone.end)
    alone = (
        not text[line_start : name.start].strip()
        and not text[phone.end : len(text) if line_end < 0 else line_end].strip()
    )
    return alone and not regions().pattern.fullmatch(name.value)


def _names_near_phones(text: str, names: list[_Token], phones: list[_Token]) -> list[_Token]:
    """Keep labelled names, and unlabelled ones only when a phone sits right by them."""
    labelled = {t.start for m in _LABELLED_NAMES.finditer(text) for t in _labelled_names(m)}
    kept: list[_Token] = []
    for name in reversed(names):
        gap = _NAME_TO_PHONE.match(text, name.end)
        after = any(p.start == gap.end() or _cell_above(text, name, p) for p in phones)
        before = _phone_before(text, name, phones, set()) is not None
        listed = bool(kept) and text[name.end : kept[-1].start].strip() == "、"
        # an unlabelled "name" ending as a body does is the body ("…87009911（纪检组）")
        body = name.start not in labelled and _ORG_END.search(name.value)
        if not body and (name.start in labelled or after or before or listed):
            kept.append(name)
    return kept[::-1]
