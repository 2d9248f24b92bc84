"""Reconciling votes: the last click on an answer stands, a withdrawal is no dislike, records
from before the ids count each on their own, and disliked answers become evaluation items."""

from __future__ import annotations

from assistant.feedback import Feedback, eval_items, summarize, vote_of


def _record(vote: str, conversation: str, turn: int, question: str, **extra) -> dict:
    feedback = Feedback(
        vote=vote,
        conversation_id=conversation,
        turn_id=turn,
        answer_id=f"{conversation}-{turn}",
        question=question,
        answer="答[1]。",
        cited=("c1",),
        sources=({"n": 1, "title": "标题", "text": "段落。"},),
        **extra,
    )
    return feedback.record()


def test_gradio_like_values_become_votes():
    assert [vote_of(v) for v in (True, False, "", None)] == [
        "like",
        "dislike",
        "withdrawn",
        "withdrawn",
    ]
    assert _record("withdrawn", "a", 0, "问？")["liked"] is None


def test_the_last_click_on_an_answer_stands():
    records = [
        _record("like", "a", 0, "甲？"),
        _record("withdrawn", "a", 0, "甲？"),
        _record("like", "b", 0, "乙？"),
        _record("dislike", "b", 0, "乙？", comment="不对"),
        _record("like", "a", 1, "丙？"),
        _record("withdrawn", "a", 1, "丙？"),
    ]
    summary = summarize(records)
    assert (summary.likes, summary.dislikes, summary.withdrawals) == (3, 1, 2)
    assert [(a.question, a.net, a.clicks) for a in summary.answers] == [
        ("甲？", 0, 2),
        ("乙？", -1, 2),
        ("丙？", 0, 2),
    ]
    assert (summary.net_likes, summary.net_dislikes) == (0, 1)
    assert summary.record()["comments"] == [{"question": "乙？", "net": -1, "comment": "不对"}]


def test_older_records_without_ids_count_each_on_their_own():
    old = [
        {"liked": True, "question": "甲？", "answer": "答", "cited": ["x"]},
        {"liked": False, "question": "甲？", "answer": "答", "cited": ["x", "y"]},
    ]
    summary = summarize(old)
    assert (summary.likes, summary.dislikes, len(summary.answers)) == (1, 1, 2)
    (item,) = eval_items(summary)
    assert item["question"] == "甲？" and item["gold"] == [] and item["lang"] == "zh"
    assert item["cited"] == [{"id": "x"}, {"id": "y"}]  # ids only: no sources were kept


def test_disliked_answers_become_evaluation_items_with_their_passages():
    records = [_record("dislike", "a", 0, "How much is the subsidy?", comment="wrong")]
    (item,) = eval_items(summarize(records))
    assert item["lang"] == "en" and item["id"] == "fb001"
    assert item["cited"] == [{"id": "c1", "n": 1, "title": "标题", "text": "段落。"}]
    assert item["comments"] == ["wrong"] and item["feedback"]["answer_id"] == "a-0"
