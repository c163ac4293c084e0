"""Chinese dates and times in running text, resolved against the article's publish date.

Notices write "2025年10月30日前", "11月17日17:00前", "9月20日24点前", "10月10日-10月16日",
"7月22-25日", "10月9日9:00-17:00", "１０月１７日１７：００" or "二〇二五年九月二十四日"; every
extractor that needs a date goes through here so that year inference, the stated weekday and
the 24:00 convention are decided once.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from wxintel.nlp.endate import english_dates
from wxintel.nlp.scanning import starting_with
from wxintel.nlp.width import DIGITS, half_width

# A year-less date is the publication year's (a writer leaves the year out when it is the one
# the reader stands in), except across the year end: a late-year post's early-year date is next
# year's when that occurrence is nearer ("1月10日前" in December), and an early-year post's
# late-December date last year's when within this many days (a late repost, a report of what
# just happened). See `resolve_year`.
DEFAULT_PAST_DAYS = 31

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip

_S = r"[ \t]*"  # spacing some accounts put between every token: "2025 年 9 月 25 日"
_WEEKDAY = rf"(?:{_S}[（(](?:星期|周)(?P<wd>[一二三四五六日天])[)）])?"
_WEEKDAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# "2025年9月2月前": a day typed with 月 for 日, read as the day when a month already stands
# before it and no month word (份, 度), digit or list joiner follows.
_TYPO_DAY_MARK = r"月(?![份度底末\d、，,和及与至到\-—–~～])"
# Full-width digits typed by some editors ("１０月２０日"): `\d` matches them but the year
# patterns spell their century ((?:19|20)), so the text is read with ASCII digits.
_HALF_WIDTH_DIGITS = half_width(DIGITS)
_DASH = "-—–~～至到－"  # ASCII, em/en dashes, tildes and the full-width hyphen all join a range
_TIME = (
    # "11月28日当天18:00": 当天/当日 may stand between the day and its time
    rf"(?:{_S}(?:当天|当日)?{_S}(?P<ampm>上午|下午|中午|晚上|晚|早上)?{_S}"
    rf"(?:(?P<hh>\d{{1,2}}){_S}[:：]{_S}(?P<mm>\d{{2}})(?:{_S}[时点])?"
    rf"|(?P<hh2>\d{{1,2}}){_S}[点时](?:{_S}(?P<mm2>\d{{1,2}}){_S}分|(?P<half>半))?"
    # "下午五点", "十七时", "十二点半": an hour in Chinese numerals (then the minutes, if any)
    rf"|(?P<hh3>十[一二三四五六七八九]?|二十[一二三四]?|[一二三四五六七八九]){_S}"
    r"(?:点|时(?![间期候刻代]))"
    rf"(?:{_S}(?P<mm3>[一二三四五]十[一二三四五六七八九]?|[一二三四五]十|十[一二三四五六七八九]?)"
    rf"{_S}分|(?P<half3>半))?"
    rf"|(?P<noon>中午)(?={_S}(?:12|十二)?{_S}[点时]?{_S}之?前)))?"
)
# The halves of the day whose hours under 12 are read on the 24-hour clock ("下午2点" is 14:00)
_LATER_HALVES = ("下午", "晚上", "晚")
_XUN = "上中旬|中下旬|上旬|中旬|下旬"  # a month's ten-day periods (_XUN_LAST_DAY)
_ARABIC_DATE = starting_with(
    r"\d",
    rf"(?<!\d)(?:(?P<y>(?:19|20)\d{{2}}){_S}年{_S})?(?P<m>\d{{1,2}}){_S}月{_S}"
    rf"(?:(?P<d>\d{{1,2}}){_S}(?:[日号]|{_TYPO_DAY_MARK})|(?P<d_open>\d{{1,2}})(?={_S}[{_DASH}]{_S}\d{{1,2}}{_S}[日号])"
    rf"|(?P<eom>底|末)|(?P<xun>{_XUN}))"
    rf"{_WEEKDAY}{_TIME}",
)
# "12月上旬前", "12月中旬", "即日起至12月下旬": a month's ten-day period (旬) closes on its last
# day, the 10th, the 20th or the month's end (中下旬 and 下旬 alike); the day is the latest the
# words allow, as 月底 is. Source: the 旬 of the Chinese calendar (上旬 1-10, 中旬 11-20, 下旬
# 21 to the end), as 国家统计局 and 中国气象局 count them.
_XUN_LAST_DAY = {"上旬": 10, "上中旬": 20, "中旬": 20}
_CN_NUM = "〇○零一二三四五六七八九十"
# "二〇二五年十月三十一日", and without the year "十月三十一日" (resolved like "10月31日"); a
# character before the month that is itself a numeral would make it a count, not a month. A
# day may carry its weekday and time as an Arabic one does ("二〇二六年六月三十日十七时").
_CHINESE_DATE = starting_with(
    _CN_NUM,
    rf"(?:(?P<y>[{_CN_NUM}]{{4}})年|(?<![{_CN_NUM}两]))"
    rf"(?P<m>十[一二]?|[一二三四五六七八九])月"
    rf"(?:(?P<d>[{_CN_NUM}]{{1,3}})[日号]{_WEEKDAY}{_TIME}|(?P<xun>{_XUN}))",
)
_ISO_DATE = starting_with(
    "2", r"(?<![\d.])(?P<y>20\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?![\d.])"
)
# "2026-7-3 17:00", "2026-07-03T17:00", "2026.05.20（周三）18:00": a clock time after a dashed,
# dotted or slashed date (a space, the ISO 8601 T or the bracketed weekday between); 24:00 is
# the day's end, kept inside it as 23:59.
_ISO_CLOCK = re.compile(
    r"(?:[ \t]*[（(](?:星期|周)[一二三四五六日天][)）][ \t]*|[ \t]+|T)"
    r"(?P<hh>[01]?\d|2[0-4])[:：](?P<mm>[0-5]\d)(?![\d:：])"
)
# "10.31前", "10/31截止": a month and day written with a dot or slash count as a date only
# right before a closing word; elsewhere "10.31" is a figure and "10/31" a ratio.
_SHORT_DATE = starting_with(
    "0-9",
    r"(?<![\d.．/:：])(?P<m>1[0-2]|0?[1-9])[./．](?P<d>[12]\d|3[01]|0?[1-9])(?![\d.．/%％])"
    r"(?=[ \t]*(?:[（(]含[^）)]{0,3}[)）])?[ \t]*(?:之前|以前|前|截止|止))",
)
# The far end of a dotted range whose year (and month) the start gives: "2025.10.8-10.31".
_SHORT_TAIL = re.compile(
    r"[ \t]*[-—–~～至到－][ \t]*(?:(?P<m>1[0-2]|0?[1-9])[./．])?(?P<d>[12]\d|3[01]|0?[1-9])"
    r"(?![\d.．/%％])"
)
# "2026年（1月1日至12月31日）": the year stated just before a bracket holds the dates.
_YEAR_BEFORE_BRACKET = re.compile(r"(?P<y>(?:19|20)\d{2})[ \t]*年度?[ \t]*[（(][ \t]*$")
# "今年10月31日", "明年3月底": the year said in words, against the publish date's year;
# "次年3月31日", "翌年一月": the year after the one the sentence speaks of ("2025年度…次年3月
# 31日前" is 2026), else after the publish date's year.
_RELATIVE_YEAR = re.compile(r"(?:今年|本年|明年|来年|次年|翌年|下一年|去年)[ \t]*$")
_NEXT_YEAR_WORDS = ("明年", "来年")
_LAST_YEAR_WORDS = ("去年",)
_FOLLOWING_YEAR_WORDS = ("次年", "翌年", "下一年")
_STATED_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})[ \t]*年")
_YEAR_CONTEXT = 80  # how far back "次年" looks for the year it follows, within its sentence
# "2025年底", "今年年底", "去年底", "年底前": the last day of the year (of the publish year unless
# one is written or said); not "每年年底" or "每年底", which recur.
_YEAR_END = starting_with(
    "12今本明来去年",
    r"(?:(?P<y>(?:19|20)\d{2})[ \t]*年|(?P<rel>今年|本年|明年|来年|去年)[ \t]*年?"
    r"|(?<![\d年月每])年)(?:底|末)",
)
# "本月31日前": the publish month's day; "本月底前", "当月末" and a bare "月底前" (no month, no
# 每/上/下 before it) its last day; "下月10日", "下月上旬" the next month's.
_THIS_MONTH = starting_with(
    "本当下月",
    r"(?:(?P<rel>本月|当月|下月|下个月)(?:(?P<d>\d{1,2})[日号]|(?P<eom>底|末)|(?P<xun>"
    + _XUN
    + r"))"
    r"|(?<![\d〇○零一二三四五六七八九十每个上下本当次年月])月(?P<bare>底|末)"
    r"(?=[ \t]*(?:之前|以前|前)))",
)
# "本周五前", "下周三17:00前", "下星期一": a day of the publish week or the next one (weeks
# begin on Monday, GB/T 7408's week), with a time if one follows. Not when a bracket giving
# the date itself follows ("本周四（12月4日）前"): that date is read instead. 天 is left out
# ("下周天气"), and 日 of 日程/日常.
_WEEK_DAY = re.compile(
    r"(?P<week>本|这|下|下个)(?:周|星期|礼拜)(?P<wd>[一二三四五六]|日(?![程期均常]))"
    r"(?![ \t]*[（(][^）)\n]{0,8}\d)" + _TIME
)
# The far end of a range whose month (and year) is implied by its start: "至28日", "-25日".
_RANGE_TAIL = re.compile(
    rf"{_S}[{_DASH}]{_S}(?P<d>\d{{1,2}}){_S}[日号]{_WEEKDAY.replace('wd', 'wd_tail')}{_TIME}"
)
# The closing time of a one-day window: "10月9日9:00-17:00" ends at 17:00 of the same day.
_TIME_TAIL = re.compile(rf"{_S}[{_DASH}]{_S}(?P<hh>\d{{1,2}}){_S}[:：]{_S}(?P<mm>\d{{2}})(?!\d)")
# Daily hours after a window ("5月19日至25日（每日9:00—19:00）"): its last day closes then.
# Outside brackets the daily word is needed, after a comma or not ("至10月31日，工作日9:00-16:30",
# "至6月19日 每天8:30-17:30"); the hours may be labelled as office hours ("（工作时间：…）").
# Morning and afternoon sessions ("9:00-11:30，13:30-17:00") close with the last one.
# Each session may be named by its half of the day ("上午9:00—11:30，下午14:00—17:00"); an
# afternoon's or evening's hour under 12 is read on the 24-hour clock ("下午2:00-5:00" ends 17:00).
_HALF_DAY = rf"(?:上午|下午|中午|晚上|早上){_S}"
_SESSION = rf"\d{{1,2}}{_S}[:：]{_S}\d{{2}}{_S}[{_DASH}]{_S}\d{{1,2}}{_S}[:：]{_S}\d{{2}}"
_HOURS = (
    rf"{_S}(?:(?:{_HALF_DAY})?{_SESSION}{_S}[，,、；;]{_S})*(?P<half>{_HALF_DAY})?"
    rf"\d{{1,2}}{_S}[:：]{_S}\d{{2}}{_S}[{_DASH}]{_S}(?P<hh>\d{{1,2}}){_S}[:：]{_S}(?P<mm>\d{{2}})"
)
_DAILY = (
    r"(?:(?:每日|每天|每个工作日|工作日|周一至周五)(?:的)?"
    rf"|(?:工作|办公|受理|接待)时间{_S}[:：为]?)"  # the office's hours, named as such
)
_DAILY_HOURS = re.compile(
    rf"{_S}(?P<open>[（(])?(?(open)(?:{_DAILY})?|(?:[，,]{_S})?{_DAILY}){_HOURS}"
    r"(?(open)[)）]|(?![\d:：]))"
)
# Later sessions of the last day after its first one ("6月19日上午9:00-12:00，下午14:30-17:30"):
# the day closes with the last.
_LATER_SESSIONS = re.compile(rf"{_S}[，,、；;]{_HOURS}(?![\d:：])")
# "12月20日至次年1月8日": the end's year said in words, as the wrap across the year end reads it
_RANGE_JOIN = re.compile(rf"{_S}(?:[{_DASH}]|起至|起到){_S}(?:次年|翌年|来年)?{_S}")
# "即日起至6月19日": a window opened today, its start unwritten; its last day closes at its
# daily hours as a written window's does
_FROM_TODAY = re.compile(rf"(?:即日|今日|今天){_S}(?:起{_S})?(?:至|到|起至|起到){_S}$")


@dataclass
class DateSpan:
    """One date (or date-time) found in text, with its exact span."""

    start: int
    end: int
    text: str
    value: date | datetime
    has_year: bool = True
    is_range_end: bool = False  # the second date of "A至B" / "A-B"
    range_start: int | None = None  # index in the result list of the range's first date
    estimated: bool = False  # counted over days no holiday notice covers (nlp/workdays.py)

    @property
    def iso(self) -> str:
        """YYYY-MM-DD, or YYYY-MM-DDTHH:MM when a time was stated."""
        if isinstance(self.value, datetime):
            return self.value.strftime("%Y-%m-%dT%H:%M")
        return self.value.isoformat()


def cn_number(text: str) -> int:
    """Chinese numerals as written in dates: 二〇二五 (digit by digit), 十二, 二十四, 三十一."""
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


_COUNT_DIGITS = {**_CN_DIGITS, "两": 2}  # counts say 两 where dates say 二


def chinese_number(written: str) -> float | None:
    """Chinese counting numerals up to the thousands (两千, 三十五, 十); None for odd forms."""
    total, digit = 0, 0
    for char in written:
        if char in _COUNT_DIGITS:
            digit = _COUNT_DIGITS[char]
        elif char in "十百千":
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
        else:
            return None
    return float(total + digit)


def resolve_year(month: int, day: int, ref: date, past_days: int = DEFAULT_PAST_DAYS) -> int:
    """The year of month/day: last year's when it falls within `past_days` before ref, else
    ref's year, unless that day lies further back than `past_days` and next year's is nearer
    to ref. A post narrating what happened months before ("报名于6月30日截止" in November)
    means this year's day; one announcing what comes early next year ("3月31日前" in
    November) next year's."""
    floor = ref - timedelta(days=past_days)
    last = _safe_date(ref.year - 1, month, day)
    if last is not None and last >= floor:
        return ref.year - 1
    this = _safe_date(ref.year, month, day)
    if this is None:  # 2月29日 outside a leap year: the next year's (none unless it leaps)
        return ref.year + 1
    if this >= floor:
        return ref.year
    ahead = _safe_date(ref.year + 1, month, day)
    return ref.year if ahead is None or ref - this < ahead - ref else ref.year + 1


def _iso_clock(text: str, at: int, day: date) -> tuple[date | datetime, int]:
    """`day` at the clock time written right after its date at `at`, and where that ends."""
    clock = _ISO_CLOCK.match(text, at)
    if clock is None:
        return day, at
    stated = _clock(day, int(clock.group("hh")), int(clock.group("mm")))
    return (day, at) if stated is None else (stated, clock.end())


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_time(day: date, match: re.Match[str]) -> date | datetime | None:
    """Attach the stated time; 24:00 means the end of that day, kept inside it as 23:59."""
    hh, mm = match.group("hh"), match.group("mm")
    if match.group("noon"):  # "10月9日中午前": noon closes the window
        hh, mm = "12", "00"
    if hh is None and match.group("hh2") is not None:
        hh = match.group("hh2")
        mm = match.group("mm2") or ("30" if match.group("half") else "0")
    if hh is None and match.group("hh3") is not None:
        hh = str(cn_number(match.group("hh3")))
        written = match.group("mm3")
        mm = str(cn_number(written)) if written else ("30" if match.group("half3") else "0")
    if hh is None:
        return day
    return _clock(day, int(hh), int(mm), match.group("ampm") or "")


def _clock(day: date, hour: int, minute: int, half: str = "") -> datetime | None:
    """`day` at hour:minute as written: an afternoon's or evening's hour under 12 on the 24-hour
    clock ("下午2:00" is 14:00), 24:00 as the end of that day kept inside it (23:59), and None
    for a time no clock shows (25:00, 9:75)."""
    if half in _LATER_HALVES and hour < 12:
        hour += 12
    if (hour, minute) == (24, 0):
        hour, minute = 23, 59
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute)


def find_dates(text: str, ref: date, *, past_days: int = DEFAULT_PAST_DAYS) -> list[DateSpan]:
    """All dates in text in order; year-less ones resolved against ref (see `resolve_year`).
    Full-width digits are read as ASCII ones ("２０２５年１０月２０日"), one character for one,
    so every span still quotes the text as written."""
    written = text
    text = text.translate(_HALF_WIDTH_DIGITS)
    spans = _find_dates(text, ref, past_days)
    if text == written:
        return spans
    return [replace(s, text=written[s.start : s.end]) for s in spans]


def _find_dates(text: str, ref: date, past_days: int) -> list[DateSpan]:
    spans: list[DateSpan] = []
    for match in _ARABIC_DATE.finditer(text):
        spans.extend(_arabic(text, match, ref, past_days))
    for match in _CHINESE_DATE.finditer(text):
        spans.extend(_chinese(match, ref, past_days))
    for match in _ISO_DATE.finditer(text):
        day = _safe_date(*(int(match.group(g)) for g in ("y", "m", "d")))
        if day:
            value, end = _iso_clock(text, match.end(), day)
            spans.append(DateSpan(match.start(), end, text[match.start() : end], value))
            if "-" not in match.group():  # "2025.10.8-10.31", not "2025-10-08-…"
                spans.extend(_short_tail(text, match.end(), day))
    for match in _SHORT_DATE.finditer(text):
        month, day_num = int(match.group("m")), int(match.group("d"))
        spans.extend(_year_less(match, month, day_num, ref, past_days))
    for match in _THIS_MONTH.finditer(text):
        year, month = ref.year, ref.month
        if (match.group("rel") or "").startswith("下"):
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day_num = _period_last_day(match.group("xun"), year, month)
        day = _safe_date(year, month, int(match.group("d")) if match.group("d") else day_num)
        if day:
            spans.append(DateSpan(match.start(), match.end(), match.group(), day, has_year=False))
    spans.extend(_week_days(text, ref))
    spans.extend(
        DateSpan(e.start, e.end, text[e.start : e.end], e.value, is_range_end=e.closes_window)
        for e in english_dates(text)
    )
    for match in _YEAR_END.finditer(text):
        year = int(match.group("y")) if match.group("y") else ref.year
        year += (match.group("rel") in _NEXT_YEAR_WORDS) - (match.group("rel") in _LAST_YEAR_WORDS)
        has_year = bool(match.group("y") or match.group("rel"))
        spans.append(
            DateSpan(match.start(), match.end(), match.group(), date(year, 12, 31), has_year)
        )
    spans.sort(key=lambda s: s.start)
    _link_ranges(text, spans, ref, past_days)
    return spans


# "请参会企业于周五前回复": a bare weekday asked for before a closing word is the next such day
# on or after publication (not "（周五）" after a date, nor "每周五").
_BARE_WEEK_DAY = re.compile(
    r"(?<=[于在])(?:周|星期)(?P<wd>[一二三四五六日])"
    + _TIME
    + r"(?=[ \t]*(?:[（(]含[)）])?[ \t]*(?:下班)?(?:之前|以前|前|截止))"
)


def _week_days(text: str, ref: date) -> list[DateSpan]:
    """ "本周五", "下周三": the weekday of the publish week (本/这) or of the week after (下); a
    bare "于周五前" the next Friday on or after publication."""
    spans = []

    def add(match: re.Match[str], day: date) -> None:
        """The span of `match` on `day`, through its time of day when one follows."""
        value = _with_time(day, match) or day
        end = match.end() if value is not day else match.end("wd")
        spans.append(DateSpan(match.start(), end, text[match.start() : end], value, False))

    monday = ref - timedelta(days=ref.weekday())
    for match in _WEEK_DAY.finditer(text):
        weeks = 0 if match.group("week") in ("本", "这") else 1
        add(match, monday + timedelta(days=7 * weeks + _WEEKDAY_NUMBER[match.group("wd")]))
    for match in _BARE_WEEK_DAY.finditer(text):
        add(match, ref + timedelta(days=(_WEEKDAY_NUMBER[match.group("wd")] - ref.weekday()) % 7))
    return spans


def _chinese(match: re.Match[str], ref: date, past_days: int) -> list[DateSpan]:
    """A date in Chinese numerals; without a year it resolves like an Arabic one."""
    month = cn_number(match.group("m"))
    year = cn_number(match.group("y")) if match.group("y") else None
    if year is None and (relative := _relative_year(match.string, match.start(), ref)):
        year = int(relative)
    has_year = year is not None
    xun = match.group("xun")
    if not xun:
        day_num = cn_number(match.group("d"))
        if not has_year:
            spans = _year_less(match, month, day_num, ref, past_days)
            return [replace(s, value=_with_time(s.value, match) or s.value) for s in spans]
    else:
        # "十二月中旬": without a year, resolve on the period's last day in a common year, as
        # _arabic does, then take that year's last day (2月下旬 of a leap year is the 29th)
        if not has_year:
            day_num = _period_last_day(xun, 2001, month)
            year = resolve_year(month, day_num, ref, past_days)
        day_num = _period_last_day(xun, year, month)
    day = _safe_date(year, month, day_num)
    if day is None:
        return []
    value = day if xun else (_with_time(day, match) or day)
    return [DateSpan(match.start(), match.end(), match.group(), value, has_year)]


def _period_last_day(xun: str | None, year: int, month: int) -> int:
    """The day a month's period closes on: a 旬's last day (_XUN_LAST_DAY), else (下旬, 中下旬,
    月底, no period) the month's last day in `year`."""
    return _XUN_LAST_DAY.get(xun or "") or calendar.monthrange(year, month)[1]


def _relative_year(text: str, at: int, ref: date) -> str | None:
    """The year a word just before `at` names: 今年/本年 the publish year, 明年/来年 the next,
    去年 the one before, 次年/翌年 the year after the last year written earlier in the
    sentence (else the next)."""
    relative = _RELATIVE_YEAR.search(text, max(0, at - 4), at)
    if relative is None:
        return None
    word = relative.group().strip()
    if word in _FOLLOWING_YEAR_WORDS:
        lead = text[max(0, at - _YEAR_CONTEXT) : relative.start()]
        lead = re.split(r"[。！？!?\n]", lead)[-1]
        years = [int(m.group("y")) for m in _STATED_YEAR.finditer(lead)]
        return str((years[-1] if years else ref.year) + 1)
    return str(ref.year + (word in _NEXT_YEAR_WORDS) - (word in _LAST_YEAR_WORDS))


def _year_less(
    match: re.Match[str], month: int, day_num: int, ref: date, past_days: int
) -> list[DateSpan]:
    day = _safe_date(resolve_year(month, day_num, ref, past_days), month, day_num)
    if day is None:
        return []
    return [DateSpan(match.start(), match.end(), match.group(), day, has_year=False)]


def _short_tail(text: str, at: int, first: date) -> list[DateSpan]:
    """ "2025.10.8-10.31": the range's end, in the start's year (the next when it wraps)."""
    tail = _SHORT_TAIL.match(text, at)
    if tail is None:
        return []
    month = int(tail.group("m") or first.month)
    last = _safe_date(first.year, month, int(tail.group("d")))
    if last is not None and last < first:
        last = _safe_date(first.year + 1, month, int(tail.group("d")))
    if last is None:
        return []
    start = tail.start("m") if tail.group("m") else tail.start("d")
    return [DateSpan(start, tail.end(), text[start : tail.end()], last, True, True)]


def _arabic(text: str, match: re.Match[str], ref: date, past_days: int) -> list[DateSpan]:
    """A date written with Arabic digits ("7月22" of "7月22-25日" too: its tail is linked later)."""
    month = int(match.group("m"))
    bracketed = _YEAR_BEFORE_BRACKET.search(text, max(0, match.start() - 8), match.start())
    stated = match.group("y") or (bracketed.group("y") if bracketed else None)
    if stated is None:
        stated = _relative_year(text, match.start(), ref)
    has_year = stated is not None
    if match.group("eom") or match.group("xun"):
        if not 1 <= month <= 12:
            return []
        # "10月底" in a November post is this October's end: resolve on the period's last day
        # in a common year (2月底 is on the 28th or later), then take that year's last day
        xun = match.group("xun")
        last = _period_last_day(xun, 2001, month)
        year = int(stated) if has_year else resolve_year(month, last, ref, past_days)
        day_num = _period_last_day(xun, year, month)
    else:
        day_num = int(match.group("d") or match.group("d_open"))
        year = int(stated) if has_year else resolve_year(month, day_num, ref, past_days)
    floor = date.min if has_year else ref - timedelta(days=past_days)
    day = _fit_weekday(_safe_date(year, month, day_num), match.group("wd"), ref, floor)
    if day is None:
        return []
    value = _with_time(day, match) or day
    end = match.end() if value is not day else _date_end(match)
    return [DateSpan(match.start(), end, text[match.start() : end], value, has_year)]


def _fit_weekday(day: date | None, weekday: str | None, ref: date, floor: date) -> date | None:
    """The stated weekday checks the year: when "（周一）" fits only one year near the
    reference date (within half a year of it, and not before `floor`), that year is meant: a
    typo'd year is corrected. A weekday that fits no year that near is the typo: "2025年12月1日
    （周二）" in a November post stays 12月1日, not the next year's Tuesday."""
    if day is None or weekday is None or day.weekday() == _WEEKDAY_NUMBER[weekday]:
        return day
    fitting = [
        candidate
        for year in (ref.year - 1, ref.year, ref.year + 1)
        if (candidate := _safe_date(year, day.month, day.day))
        and candidate.weekday() == _WEEKDAY_NUMBER[weekday]
        and candidate >= floor
        and abs((candidate - ref).days) <= _TYPO_YEAR_REACH
    ]
    return fitting[0] if len(fitting) == 1 else day


# A year is corrected by a weekday only to a day within this many days of the post: the slip
# is writing last year's number in early January, or next year's in December.
_TYPO_YEAR_REACH = 183


def _date_end(match: re.Match[str]) -> int:
    """End of the date proper (day mark or weekday), ignoring an unmatched time group."""
    for group in ("d", "d_open", "eom", "xun"):
        if match.group(group) is not None:
            end = match.end(group)
            break
    rest = match.string[end : match.end()]
    day_mark = re.match(rf"{_S}(?:[日号]|{_TYPO_DAY_MARK})?{_WEEKDAY}", rest)
    return end + (day_mark.end() if day_mark else 0)


def _link_ranges(text: str, spans: list[DateSpan], ref: date, past_days: int) -> None:
    """Mark "A至B" pairs and add the implicit-month tails ("9月25日至28日")."""
    tails: list[DateSpan] = []
    for i, span in enumerate(spans):
        if span.is_range_end or _RANGE_JOIN.match(text, span.end) is None:
            continue
        join = _RANGE_JOIN.match(text, span.end)
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if nxt is not None and nxt.start == join.end() and not nxt.is_range_end:
            if not span.has_year:
                _year_from_end(span, nxt, ref, past_days)
            if not nxt.has_year:
                first = _day(span.value)
                year = first.year + (1 if _day(nxt.value).replace(year=first.year) < first else 0)
                nxt.value = _shift_year(nxt.value, year)
            if _day(nxt.value) >= _day(span.value):
                nxt.is_range_end = True
            continue
        tail = _RANGE_TAIL.match(text, span.end)
        if tail is None:
            if isinstance(span.value, datetime):
                tails.extend(_same_day_close(text, span))
            continue
        if not span.has_year:
            _year_from_end(span, None, ref, past_days, int(tail.group("d")))
        base = _day(span.value)
        last_day = _safe_date(base.year, base.month, int(tail.group("d")))
        if last_day is None or last_day < base:
            continue
        last_value = _with_time(last_day, tail) or last_day
        start = tail.start("d")
        end = tail.end() if last_value is not last_day else _tail_day_end(tail)
        tails.append(DateSpan(start, end, text[start:end], last_value, span.has_year, True))
    spans.extend(tails)
    spans.sort(key=lambda s: s.start)
    for span in spans:
        if span.is_range_end or _FROM_TODAY.search(text, max(0, span.start - 8), span.start):
            _close_at_daily_hours(text, span)
    for i, span in enumerate(spans):
        span.range_start = i - 1 if span.is_range_end and i > 0 else None


def _year_from_end(
    first: DateSpan, last: DateSpan | None, ref: date, past_days: int, tail_day: int = 0
) -> None:
    """A year-less window is placed by its end: "申报时间为9月1日至10月31日" in a mid-October
    post is this year's window, already open, not next September's."""
    start = _day(first.value)
    if last is not None:
        end = _day(last.value)
        end_year = end.year if last.has_year else resolve_year(end.month, end.day, ref, past_days)
        end_month, end_day = end.month, end.day
    else:
        end_month, end_day = start.month, tail_day
        end_year = resolve_year(end_month, end_day, ref, past_days)
    year = end_year - (1 if (start.month, start.day) > (end_month, end_day) else 0)
    if year != start.year and _safe_date(year, start.month, start.day):
        first.value = _shift_year(first.value, year)


def _close_at_daily_hours(text: str, span: DateSpan) -> None:
    """A window's last day closes at the stated daily closing time, or at the end of the hours
    written right after it ("6月15日至6月19日9:00-17:30": the last day's hours, not 9:00)."""
    if isinstance(span.value, datetime):
        hours = _TIME_TAIL.match(text, span.end)
        if hours is None:
            return
        hours = _LATER_SESSIONS.match(text, hours.end()) or hours
    else:
        hours = _DAILY_HOURS.match(text, span.end)
    if hours is None:
        return
    half = (hours.groupdict().get("half") or "").strip(" \t")  # the pattern keeps the spacing
    if not half and isinstance(span.value, datetime) and span.value.hour >= 12:
        half = _LATER_HALVES[0]  # "6月19日下午2:00-5:00": a session opened after noon ends after it
    closes = _clock(_day(span.value), int(hours.group("hh")), int(hours.group("mm")), half)
    if closes is None or (isinstance(span.value, datetime) and closes <= span.value):
        return
    span.value = closes
    span.end = hours.end()
    span.text = text[span.start : span.end]


def _same_day_close(text: str, span: DateSpan) -> list[DateSpan]:
    """ "10月9日9:00-17:00": the window closes at the second time of the same day."""
    tail = _TIME_TAIL.match(text, span.end)
    if tail is None:
        return []
    value = _clock(span.value, int(tail.group("hh")), int(tail.group("mm")))
    if value is None or value <= span.value:
        return []
    start = tail.start("hh")
    return [DateSpan(start, tail.end(), text[start : tail.end()], value, span.has_year, True)]


def _tail_day_end(tail: re.Match[str]) -> int:
    """End of "28日" (and a weekday note) when no time follows it."""
    rest = tail.string[tail.end("d") : tail.end()]
    mark = re.match(rf"{_S}[日号]{_WEEKDAY}", rest)
    return tail.end("d") + (mark.end() if mark else 0)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _shift_year(value: date | datetime, year: int) -> date | datetime:
    try:
        return value.replace(year=year)
    except ValueError:
        return value
