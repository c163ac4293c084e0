"""`wxintel eval brief`: our briefs scored against the editors' own digests in the seed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wxintel.commands import brief as brief_commands
from wxintel.commands import evaluate
from wxintel.digest import SECTIONS, build_brief, digest_period
from wxintel.evaluation.brief import (
    RECALL_TARGET,
    SECTION_TARGET,
    editors_digests,
    evaluate_briefs,
    parse_digest,
    split_bullets,
    title_similarity,
)


@pytest.fixture(scope="module")
def scores(store) -> dict:
    return evaluate_briefs(store)


def test_digests_are_found_by_title_and_parsed_into_sections(store) -> None:
    found = editors_digests(store.iter_articles())
    assert len(found) == 4
    for digest, items in found:
        assert "一周要闻" in digest.title
        sections = [i.section for i in items]
        assert set(sections) == set(SECTIONS)
        order = list(dict.fromkeys(sections))
        assert order == list(SECTIONS), "the overview lists sections in the editors' order"
        for item in items:
            assert item.title and item.title.count("“") == item.title.count("”")


def test_bullets_inside_quotes_stay_in_the_title() -> None:
    line = "·“元启上海·数智新界”论坛举行·另一条消息"
    assert split_bullets(line) == ["“元启上海·数智新界”论坛举行", "另一条消息"]


def test_numbered_entries_are_read_when_there_is_no_overview() -> None:
    text = (
        "要 闻 活 动\n01 某某论坛举行\n\n"
        "通 知 公 告01 关于征集项目的通知\n产业创新动态\n02 新品发布"
    )
    items = parse_digest(text)
    assert [(i.section, i.title) for i in items] == [
        ("要闻活动", "某某论坛举行"),
        ("通知公告", "关于征集项目的通知"),
        ("产业创新动态", "新品发布"),
    ]


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


def test_the_brief_leaves_the_digest_out(store) -> None:
    for digest, _ in editors_digests(store.iter_articles()):
        start, end = digest_period(date.fromisoformat(digest.published[:10]))
        brief = build_brief(store, start, end, exclude={digest.key})
        assert digest.key not in {i.key for i in brief.items}
        assert end < date.fromisoformat(digest.published[:10])


def test_editors_items_fall_in_the_saturday_to_friday_week(scores: dict) -> None:
    assert all(w["outside_period"] == 0 for w in scores["weeks"])
    assert all(w["existing"] > 0 for w in scores["weeks"])


def test_targets_are_met_on_every_seed_week(scores: dict) -> None:
    for week in scores["weeks"]:
        assert week["recall"] >= RECALL_TARGET, week
        assert week["section_agreement"] >= SECTION_TARGET, week
    overall = scores["overall"]
    assert overall["recall"] >= RECALL_TARGET
    assert overall["section_agreement"] >= SECTION_TARGET
    assert 0 < overall["precision"] <= 1


def test_eval_brief_command(seed_db: Path) -> None:
    app = typer.Typer()
    evaluate.register(app)
    brief_commands.register(app)
    result = CliRunner().invoke(app, ["eval", "brief", "--db", str(seed_db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["weeks"] == 4
    text = CliRunner().invoke(app, ["eval", "brief", "--db", str(seed_db)])
    assert "overall" in text.stdout
