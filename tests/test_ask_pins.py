"""What a question is pinned to (a district, a plan period, a year, a round) read against real
posts: a pin must rule out a post about another one and keep a post about its own."""

from __future__ import annotations

from dataclasses import replace

from test_ask import check_citations, month_fixture

from wxintel.ask import ask, read_question
from wxintel.ask.evidence import passages, pinned_ok, retrieve
from wxintel.store import SQLStore

# A district office's posts of one month (2025-09): it writes 我办 for itself, not 河西区.
hexi = month_fixture("河西政务服务", 2025, 9)


def test_a_district_pin_is_met_by_the_account_s_own_district_it_writes_as_wo_ban(hexi: SQLStore):
    """河西政务服务's posts are learned to be of 河西区 (link.places); its post on a visit says
    the visitors came 到我办, never 河西区, and answers for 河西区 — not for another district."""
    question = "武山县来河西区政务服务办交流学访的那一行，总共来了多少人？"
    got = ask(hexi, question)
    assert got.answer == "47人", got.reason
    assert got.citations[0].id == "2247520286_4"
    check_citations(hexi, got)
    assert ask(hexi, question.replace("河西区", "和平区")).refused
    # the post alone, without its account's district, does not name the district asked
    read = read_question(question)
    top = passages(read, retrieve(hexi, read))[0]
    assert top.post.home == "河西区"
    assert pinned_ok(read.pins, top.post, top.text, *top.in_content)
    assert not pinned_ok(read.pins, replace(top.post, home=""), top.text, *top.in_content)
