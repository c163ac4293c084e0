"""Topic tags: canonical industries (and prominent districts), bounded and deterministic."""

from __future__ import annotations

import random

from wxintel.extract.entities import extract_mentions
from wxintel.extract.tables import extract_tables
from wxintel.extract.tags import MAX_TAGS, tags_for
from wxintel.model import Article
from wxintel.nlp import gazetteer as gz
from wxintel.nlp.regions import district_lexicon


def tags_of(article: Article) -> list[str]:
    return tags_for(article, extract_mentions(article, extract_tables(article.content)))


def test_tags_are_bounded_canonical_and_deterministic(seed_clean: list[Article]):
    canonical = set(gz.industries().canonical.values()) | set(district_lexicon().canonical.values())
    tagged = 0
    for article in seed_clean:
        mentions = extract_mentions(article, extract_tables(article.content))
        tags = tags_for(article, mentions)
        assert len(tags) <= MAX_TAGS and len(set(tags)) == len(tags)
        assert set(tags) <= canonical
        shuffled = mentions[:]
        random.Random(7).shuffle(shuffled)
        assert tags_for(article, shuffled) == tags
        tagged += bool(tags)
    assert tagged > len(seed_clean) // 2


def test_title_industry_ranks_first(seed_by_aid):
    assert tags_of(seed_by_aid["2650689828_1"])[0] == "低空经济"


def test_publicity_list_is_tagged_by_its_fields_and_districts(seed_by_aid):
    tags = tags_of(seed_by_aid["2650689395_1"])
    assert {"汽车", "高端装备", "嘉定区"} <= set(tags)


def test_a_district_mentioned_once_in_passing_is_not_a_tag(seed_by_aid):
    article = seed_by_aid["2650689828_2"]
    assert "临港新片区" not in tags_of(article)
