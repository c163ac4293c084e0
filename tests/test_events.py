"""Events: name, dates and venue from report and announcement sentences."""

from datetime import date

from wxintel.extract.events import extract_events


def test_report_sentence_with_a_range():
    text = "9月28日至29日，“元启上海·数智新界”2025元宇宙发展论坛在上海漕河泾会议中心成功举办。"
    [fact] = extract_events(text, date(2025, 9, 30))
    assert fact.value == {
        "name": "“元启上海·数智新界”2025元宇宙发展论坛",
        "start": "2025-09-28",
        "end": "2025-09-29",
        "venue": "上海漕河泾会议中心",
    }
    assert text[fact.start : fact.end] == fact.text


def test_announced_event_with_implied_month():
    text = "2026国际低空经济博览会定于2026年7月22-25日在国家会展中心（上海）举办。"
    [fact] = extract_events(text, date(2025, 9, 21))
    assert fact.value["name"] == "2026国际低空经济博览会"
    assert (fact.value["start"], fact.value["end"]) == ("2026-07-22", "2026-07-25")
    assert fact.value["venue"] == "国家会展中心（上海）"


def test_past_yearless_event_stays_in_the_past():
    text = "2025首届国际低空经济博览会，于7月23日至26日在国家会展中心（上海）成功举办。"
    [fact] = extract_events(text, date(2025, 9, 21))
    assert fact.value["start"] == "2025-07-23"


def test_sentences_without_a_gathering_are_not_events():
    [fact] = extract_events(
        "9月19日上午，北杨人工智能创新小镇推介会在徐汇区举行。", date(2025, 9, 21)
    )
    assert fact.value["name"] == "北杨人工智能创新小镇推介会"
    assert extract_events("9月19日，张三在浦东开展调研。", date(2025, 9, 21)) == []
    assert extract_events("论坛在漕河泾会议中心举行。", date(2025, 9, 21)) == []  # no date


def test_seed_reports_events_with_exact_spans(seed_clean):
    found = 0
    for article in seed_clean:
        for fact in extract_events(article.content, date.fromisoformat(article.published[:10])):
            assert article.content[fact.start : fact.end] == fact.text
            assert fact.value["start"] <= fact.value["end"]
            found += 1
    assert found >= 20
