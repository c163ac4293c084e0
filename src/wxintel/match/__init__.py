"""Eligibility: which calls a firm profile can apply to, clause by clause.

`profile` reads and checks firm profiles; `judge` weighs a call's conditions against one;
`sizes` decides 中小企业 / 小微企业 status; `service` runs them over a store for the CLI, the
web and watchlists alike.
"""

from wxintel.match.judge import Verdict, judge
from wxintel.match.profile import (
    FIELD_LABELS,
    PROFILE_FIELDS,
    Profile,
    ProfileError,
    load_profile,
    parse_profile,
)

__all__ = [
    "FIELD_LABELS",
    "PROFILE_FIELDS",
    "Profile",
    "ProfileError",
    "Verdict",
    "judge",
    "load_profile",
    "parse_profile",
]
