"""`wxintel eval brief`: our briefs scored against each account's own digests, held out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wxintel.briefs.digests import find_digests, parse_digest, split_bullets, title_similarity
from wxintel.commands import brief as brief_commands
from wxintel.commands import evaluate
from wxintel.evaluation.brief import HOLDOUTS, METHODS, evaluate_briefs
from wxintel.store import StoredArticle

SEED_ACCOUNT = "上海经信委"


@pytest.fixture(scope="module")
def scores(store) -> dict:
    return evaluate_briefs(store)


def post(key: str, title: str, published: str = "2025-09-01", content: str = "") -> StoredArticle:
    return StoredArticle(key, key, "号", title, "", published, content)


def test_digests_are_parsed_into_the_editors_sections(store) -> None:
    for digest in find_digests(store.iter_articles(accounts=[SEED_ACCOUNT])):
        sections = [i.section for i in digest.items]
        order = list(dict.fromkeys(sections))
        assert len(order) == 3 and all(order), "three headed sections, every item under one"
        for item in digest.items:
            assert item.title and item.title.count("“") == item.title.count("”")


def test_bullets_inside_quotes_stay_in_the_title() -> None:
    line = "·“元启上海·数智新界”论坛举行·另一条消息"
    assert split_bullets(line) == ["“元启上海·数智新界”论坛举行", "另一条消息"]


def test_numbered_entries_and_glued_headings_are_read() -> None:
    posts = [
        post("a", "某某论坛在上海隆重举行"),
        post("b", "关于征集创新项目的通知"),
        post("c", "全国首款新品正式发布"),
    ]
    text = (
        "要 闻 活 动\n01 某某论坛在上海隆重举行\n\n"
        "通 知 公 告\n01 关于征集创新项目的通知\n产业动态\n02 全国首款新品正式发布\n"
        "要 闻 活 动01 某某论坛在上海隆重举行"
    )
    digest = parse_digest(post("d", "一周要闻", "2025-09-06", text), posts)
    assert [(i.section, i.key) for i in digest.items] == [
        ("要闻活动", "a"),
        ("通知公告", "b"),
        ("产业动态", "c"),
    ], "a post listed twice counts once, where first listed"


def test_title_similarity_ignores_column_tags_but_not_different_calls() -> None:
    assert (
        title_similarity("填补空白！碳纤维正式发布｜产业创新动态", "填补空白！碳纤维正式发布") == 1
    )
    assert (
        title_similarity(
            "关于征集未来产业试验场储备项目的通知", "关于征集未来产业加速器建设储备项目的通知"
        )
        < 0.86
    )


def test_every_digest_week_is_scored_held_out_with_a_baseline(scores: dict) -> None:
    (report,) = [r for r in scores["accounts"] if r["account"] == SEED_ACCOUNT]
    assert report["digests"] == 4 and scores["overall"]["weeks"] == 4
    weeks = report["weeks"]
    assert sorted({w["method"] for w in weeks}) == sorted(METHODS)
    assert {w["holdout"] for w in weeks} == set(HOLDOUTS)
    learned = [w for w in weeks if w["method"] == "learned" and w["holdout"] == "others"]
    assert len(learned) == 4 and len({w["digest"] for w in learned}) == 4
    later = [w for w in weeks if w["method"] == "learned" and w["holdout"] == "earlier"]
    first = min(learned, key=lambda w: w["from"])
    assert sorted(w["digest"] for w in later) == sorted(
        w["digest"] for w in learned if w is not first
    ), "every digest but the first has an earlier one to learn from"
    assert report["holdouts"]["earlier"]["weeks"] == 3
    assert report["learned"] == report["holdouts"]["others"]["learned"]
    for week in learned:
        assert week["outside_period"] == 0, "the editors list posts of the learned week"
        assert week["listed"] >= 12 and week["brief_items"] > 0
        for name in ("recall", "precision", "section_agreement"):
            assert 0 <= week[name] <= 1


def test_every_figure_is_also_given_per_section(scores: dict) -> None:
    """Each week's and each set's figures split by section: the editors' items by the section
    they list them under, ours by the heading ours is shown under (the editors' names)."""
    (report,) = [r for r in scores["accounts"] if r["account"] == SEED_ACCOUNT]
    headings = {"要闻活动", "通知公告", "产业创新动态"}  # the seed digests' own
    for week in report["weeks"]:
        sections = week["sections"]
        assert set(sections) == headings, week["digest"]
        assert sum(s["listed"] for s in sections.values()) == week["listed"]
        assert sum(s["brief_items"] for s in sections.values()) == week["brief_items"]
        recalled = sum(round(s["recall"] * s["listed"]) for s in sections.values() if s["listed"])
        assert recalled == week["recalled"]
    for holdout in HOLDOUTS:
        for method in METHODS:
            by_section = report["holdouts"][holdout]["sections"][method]
            weeks = [w for w in report["weeks"] if (w["holdout"], w["method"]) == (holdout, method)]
            for name, figures in by_section.items():
                assert figures["listed"] == sum(w["sections"][name]["listed"] for w in weeks)


def test_eval_brief_command(seed_db: Path) -> None:
    app = typer.Typer()
    evaluate.register(app)
    brief_commands.register(app)
    result = CliRunner().invoke(app, ["eval", "brief", "--db", str(seed_db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["weeks"] == 4
    assert set(data["overall"]) >= {*METHODS, "targets"}
    text = CliRunner().invoke(app, ["eval", "brief", "--db", str(seed_db)]).stdout
    lines = text.splitlines()
    rows = [line.split() for line in lines if not line.startswith(" ")]
    assert rows[1][:3] == [SEED_ACCOUNT, "others", "learned"]
    assert rows[2][:3] == [SEED_ACCOUNT, "others", "generic"]
    assert rows[3][:3] == [SEED_ACCOUNT, "earlier", "learned"]
    assert any(r[:3] == ["overall", "earlier", "generic"] for r in rows)
    # under each method's row, one row per section: its name and three figures
    assert [line.split()[0] for line in lines[2:5]] == ["要闻活动", "通知公告", "产业创新动态"]
    assert all(len(line.split()) == 4 for line in lines[2:5])
    missing = CliRunner().invoke(app, ["eval", "brief", "--account", "无", "--db", str(seed_db)])
    assert missing.exit_code == 4
