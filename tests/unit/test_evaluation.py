"""The evaluation's metrics on made-up outcomes."""

from __future__ import annotations

from assistant.evaluation import EvalItem, Outcome, gold_rank, summarize
from assistant.models import Answer, Citation
from tests.fakes import hits


def outcome(item: dict, passages: list[str], abstained: bool = False, text: str = "") -> Outcome:
    found = hits(*passages, author="钱荣新")
    cited = tuple(Citation(n, h.chunk, h.score) for n, h in enumerate(found[:1], 1))
    answer = Answer(
        item["question"], item["question"], text, abstained, cited, 10.0, retrieved=tuple(found)
    )
    return Outcome(EvalItem.from_json(item), answer)


def test_gold_rank_ignores_whitespace():
    o = outcome({"question": "q", "gold": ["二 百元"]}, ["无关。", "罚款二百元以下。"])
    assert gold_rank(o.answer, o.item.gold) == 2


def test_summary_counts_hits_refusals_and_figures():
    rows = dict(
        summarize(
            [
                outcome(
                    {
                        "question": "a",
                        "lang": "zh",
                        "gold": ["甲"],
                        "author": "钱荣新",
                        "answer_contains": ["200元"],
                    },
                    ["甲。"],
                    text="补助200元[1]",
                ),  # fmt: skip
                outcome({"question": "b", "lang": "zh", "gold": ["乙"]}, ["甲。", "乙。"]),
                outcome({"question": "c", "lang": "en", "unanswerable": True}, ["甲。"], True),
            ]
        ).rows
    )
    assert rows["hit@1 (zh)"] == "0.500 (1/2)" and rows["MRR (zh)"] == "0.750"
    # right: answered and a cited passage holds the gold (only the first passage is cited here)
    assert rows["right (zh)"] == "0.500 (1/2)" and rows["right@1 (zh)"] == "0.500 (1/2)"
    assert rows["attribution (top citation's author, else title)"] == "1.000 (1/1)"
    assert rows["asked figures in the answer"] == "1.000 (1/1)"
    assert rows["unanswerable refused"] == "1.000 (1/1)"
    assert rows["answerable answered"] == "1.000 (2/2)"


def test_a_refusal_is_never_right_and_attribution_falls_back_to_the_title():
    refused = outcome({"question": "q", "lang": "zh", "gold": ["甲"]}, ["甲。"], abstained=True)
    assert not refused.right and not refused.right_at_1
    titled = outcome({"question": "q", "gold": ["甲"], "title": "物业管理"}, ["甲。"])
    assert titled.attributed and titled.right
