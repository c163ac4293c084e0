"""The MCP tools' arguments as an assistant reads them in each tool's input schema: what each
means, the values it takes (enums from the options every surface checks), its format, bounds
and an example.

The schemas only describe: the tools check values themselves (options.one_of, iso_day, the
profile parser), so a bad value is answered with the same message the CLI and REST give.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from wxintel.briefs.period import MAX_BRIEF_DAYS
from wxintel.match.profile import profile_json_schema
from wxintel.mcp.tools import MAX_ITEMS, MAX_TEXT_CHARS
from wxintel.model import ACTION_KINDS
from wxintel.nlp.periods import TAKEN as PERIODS_TAKEN
from wxintel.options import ARTICLE_KINDS, CALL_STATUSES
from wxintel.search import MAX_OFFSET

_DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _optional(schema: dict[str, Any]) -> WithJsonSchema:
    """`schema`, or null (the argument left out)."""
    return WithJsonSchema({"anyOf": [schema, {"type": "null"}]})


def _limit(description: str) -> Any:
    return Field(description=description, json_schema_extra={"minimum": 1, "maximum": MAX_ITEMS})


Query = Annotated[
    str,
    Field(
        description="Words to find (Chinese or English; aliases and document numbers work); "
        "date words such as 上个月 or 2025年9月 filter on the publish date",
        examples=["智能工厂 申报", "上个月 人工智能"],
    ),
]
Account = Annotated[
    str | None,
    Field(description="Only this account: its name as stored (see wxintel://accounts)"),
]
ArticleKind = Annotated[
    str | None,
    Field(description="Only posts of this kind (call: a call for applications)"),
    _optional({"type": "string", "enum": list(ARTICLE_KINDS)}),
]
CallKind = Annotated[
    str | None,
    Field(description="Only calls of this kind (default: all three)"),
    _optional({"type": "string", "enum": list(ACTION_KINDS)}),
]
CallStatus = Annotated[
    str,
    Field(description="open: deadline not passed on as_of; closed; or all"),
    WithJsonSchema({"type": "string", "enum": list(CALL_STATUSES)}),
]


def day(description: str) -> Any:
    """An optional day argument, YYYY-MM-DD."""
    return Annotated[
        str | None, Field(description=description, examples=["2025-10-15"]), _optional(_DAY)
    ]


DateFrom = day("Published on or after this day (YYYY-MM-DD)")
DateTo = day("Published on or before this day (YYYY-MM-DD)")
AsOf = day(
    "The day to judge deadlines on (YYYY-MM-DD); default today, or the archive's newest post "
    "when the archive ends before today"
)
WordsAsOf = day(
    "The day date words in the query or question (上个月, 今年, a month without a year) count"
    " from (YYYY-MM-DD), so an answer can be had again as of a day; default today, or the"
    " archive's newest post when the archive ends before today"
)
Offset = Annotated[
    int,
    Field(
        description="How many to skip: the next page is offset + limit, while below `total`",
        json_schema_extra={"minimum": 0, "maximum": MAX_OFFSET},
    ),
]
SearchLimit = Annotated[int, _limit(f"How many hits, 1 to {MAX_ITEMS}")]
ItemLimit = Annotated[int, _limit(f"How many items, 1 to {MAX_ITEMS}")]
Ref = Annotated[
    str,
    Field(
        description="A post: its `key` (wx:…) or its `id` (the aid, e.g. 2650689428_2) from "
        "any result; an id two accounts share answers `ambiguous` with the keys",
    ),
]
IncludeText = Annotated[
    bool, Field(description=f"Also return the body text (cut at {MAX_TEXT_CHARS:,} characters)")
]
Profile = Annotated[
    dict[str, Any] | None,
    Field(
        description="A firm profile; a field left out is unknown, and a verdict needing it says so",
        examples=[{"name": "某智造公司", "registered_city": "上海市", "employees": 300}],
    ),
    _optional(profile_json_schema()),
]
ProfileName = Annotated[
    str | None, Field(description="A stored profile's name (see wxintel://profiles)")
]
Every = Annotated[bool, Field(description="Judge every call, open or closed")]
Question = Annotated[
    str,
    Field(
        description="A question in words",
        examples=["这批专项资金申报材料最晚哪天交？", "申报企业营业收入要达到多少？"],
    ),
]
Week = Annotated[
    str | None,
    Field(
        description="A day in the week wanted (YYYY-MM-DD) or an ISO week (2025-W38); "
        "default: the latest complete week",
        examples=["2025-09-21", "2025-W38"],
    ),
]
Day = day("One day's brief instead of a week's (YYYY-MM-DD)")
BriefFrom = day(
    f"The brief's first day (YYYY-MM-DD), e.g. resolve_date_range's `from`; at most "
    f"{MAX_BRIEF_DAYS} days with date_to, a week when date_to is left out"
)
BriefTo = day("The brief's last day (YYYY-MM-DD), e.g. resolve_date_range's `to`")
Group = Annotated[
    str | None, Field(description="Only the accounts a group of sources brings (see add_source)")
]
Period = Annotated[
    str,
    Field(
        description=f"A period in words, e.g. {PERIODS_TAKEN}",
        examples=["上周", "2026年1月", "最近7天"],
    ),
]
Today = day("The day relative words count from (YYYY-MM-DD)")

# -- the write tools' arguments ---------------------------------------------------------------

FeedUrl = Annotated[
    str,
    Field(
        description="The feed's address (RSS, Atom or JSON Feed; http or https)",
        examples=["http://127.0.0.1:4000/feeds/MP_WXS_123.atom"],
    ),
]
SourceName = Annotated[
    str, Field(description="The account a single account's feed files its posts under")
]
SourceGroup = Annotated[str, Field(description="A group name, for search's and briefs' group")]
PollEvery = Annotated[
    str,
    Field(
        description="How often to poll: minutes, hours or days (default 1h)",
        examples=["30m", "2h", "1d"],
    ),
]
Replace = Annotated[bool, Field(description="Overwrite a stored profile of the same name")]
StoredProfile = Annotated[
    dict[str, Any],
    Field(description="A firm profile to store under its `name`"),
    WithJsonSchema(profile_json_schema()),
]
WatchName = Annotated[str, Field(description="The watchlist's name")]
WatchQuery = Annotated[str, Field(description="The search to watch", examples=["智能工厂 申报"])]
WatchAccounts = Annotated[
    list[str] | None, Field(description="Only these accounts (names as stored)")
]
WatchKinds = Annotated[
    list[str] | None,
    Field(description="Only these kinds of post"),
    _optional({"type": "array", "items": {"type": "string", "enum": list(ARTICLE_KINDS)}}),
]
CallsOnly = Annotated[bool, Field(description="Only calls, registrations and consultations")]
Webhook = Annotated[
    str, Field(description="An http(s) address that new matches are POSTed to (optional)")
]
Source = Annotated[str, Field(description="A source's id, URL or name (see add_source's id)")]
Name = Annotated[str, Field(description="The name it was saved under")]
