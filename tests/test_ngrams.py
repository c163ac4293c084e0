"""The numpy n-gram counts term learning uses agree with counting every window one by one."""

from __future__ import annotations

from collections import Counter

from wxintel.nlp.ngrams import frequent_ngrams, neighbours
from wxintel.nlp.segment import _CJK_RUN


def _runs(articles) -> list[str]:
    return [run for a in articles for run in _CJK_RUN.findall(f"{a.title}\n{a.content}")]


def test_frequent_ngrams_are_the_window_counts_of_real_posts(seed_clean, more_clean) -> None:
    runs = _runs(seed_clean + more_clean["北邮家教部"] + more_clean["未央工信"])
    counted: Counter[str] = Counter()
    for run in runs:
        for n in range(1, 6):
            counted.update(run[i : i + n] for i in range(len(run) - n + 1))
    expected = {g: c for g, c in counted.items() if c >= 4}
    assert frequent_ngrams(runs, 5, 4) == expected
    assert any(len(g) == 5 for g in expected)  # the keys by a frequent head are exercised


def test_neighbours_count_each_occurrence_with_run_edges(seed_clean) -> None:
    runs = _runs(seed_clean)
    frequent = frequent_ngrams(runs, 5, 4)
    grams = {g for g in frequent if len(g) >= 2 and frequent[g] >= 30} | {"经济和信"}
    left, right = neighbours(runs, grams)
    for gram in [*sorted(grams)[:40], "经济和信"]:
        want_left: Counter[str] = Counter()
        want_right: Counter[str] = Counter()
        for run in runs:
            padded = f"^{run}$"
            start = padded.find(gram, 1)
            while start != -1:
                want_left[padded[start - 1]] += 1
                want_right[padded[start + len(gram)]] += 1
                start = padded.find(gram, start + 1)
        assert left[gram] == want_left and right[gram] == want_right, gram
        # in the order each neighbour first occurs: entropy is summed in that order
        assert list(left[gram]) == list(want_left) and list(right[gram]) == list(want_right)
