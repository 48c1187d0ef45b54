"""evals.split.split_noise: how far two halves of a corpus fall apart by chance, beside the observed gap."""

from evals.body import corpus_score
from evals.split import noise_line, split_noise


def _row(site: str, half: str, ours: tuple[int, int, int], theirs: tuple[int, int, int]) -> dict:
    def counts(t):
        return {"tp": t[0], "fp": t[1], "fn": t[2]}
    return {"site": site, "half": half, "newsmill": counts(ours), "trafilatura": counts(theirs)}


def _f1(rows, system):
    return corpus_score([r[system] for r in rows])[2]


def test_a_gain_only_on_the_tuned_half_is_further_apart_than_random_splits():
    # 20 sites alike for trafilatura; newsmill perfect on the 10 tuned sites, trafilatura's equal on the held ones
    rows = [_row(f"t{i}", "tuned", (10, 0, 0), (8, 1, 2)) for i in range(10)]
    rows += [_row(f"h{i}", "held", (8, 1, 2), (8, 1, 2)) for i in range(10)]
    noise = split_noise(rows, _f1, splits=200)
    assert noise["trafilatura"]["observed"] == 0
    assert noise["gain"]["observed"] > 0.1
    # no random split of the sites is further apart than the one the rules were tuned on
    assert noise["gain"]["as_far"] < 0.02
    assert noise["newsmill"]["p95"] < noise["newsmill"]["observed"]
    assert noise_line(noise).startswith("newsmill +0.1")


def test_a_corpus_of_alike_sites_has_no_gap_by_chance():
    rows = [_row(f"s{i}", "tuned" if i % 2 else "held", (9, 1, 1), (8, 1, 2)) for i in range(12)]
    noise = split_noise(rows, _f1, splits=50)
    assert noise["newsmill"]["observed"] == 0 and noise["newsmill"]["p95"] == 0
    assert noise["newsmill"]["over_goal"] == 0 and noise["newsmill"]["as_far"] == 1.0


def test_a_figure_a_half_does_not_give_is_left_out():
    rows = [_row("a", "tuned", (1, 0, 0), (1, 0, 0)), _row("b", "held", (1, 0, 0), (1, 0, 0))]
    noise = split_noise(rows, lambda sel, system: None if system == "trafilatura" else 1.0, splits=10)
    assert set(noise) == {"newsmill"}
