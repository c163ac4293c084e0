"""Briefs: what an editor would put in a digest of a week or a day, grouped the editors' way.

select.py drops what an editor drops and keeps one copy of each story; digests.py and
profile.py find an account's own digests and learn its week, sections, caps and picks;
classify.py holds the generic sections and ranking for accounts without digests;
compose.py puts a brief together; summary.py quotes each post's news; render.py turns a
brief into Markdown, HTML, JSON, JSON Lines or CSV; period.py parses the period asked for.
"""

from wxintel.briefs.compose import (
    Plan,
    UnknownAccount,
    brief,
    brief_period,
    build_brief,
    latest_period,
    plan_for,
    plan_for_group,
    recent_briefs,
)
from wxintel.briefs.model import Brief, BriefItem, BriefSection, BriefSource, Candidate
from wxintel.briefs.period import PeriodError, Week, resolve_period

__all__ = [
    "Brief",
    "BriefItem",
    "BriefSection",
    "BriefSource",
    "Candidate",
    "PeriodError",
    "Plan",
    "UnknownAccount",
    "Week",
    "brief",
    "brief_period",
    "build_brief",
    "latest_period",
    "plan_for",
    "plan_for_group",
    "recent_briefs",
    "resolve_period",
]
