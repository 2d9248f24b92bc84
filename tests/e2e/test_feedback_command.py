"""``bitan feedback`` on a feedback file the web page's real handlers wrote: likes, a withdrawn
like, a changed mind, dislikes with comments, and the export of the disliked questions as
evaluation items that ``bitan eval`` reads."""

from __future__ import annotations

import json
from pathlib import Path

from assistant import Settings, build_assistant
from assistant.evaluation import load_items
from assistant.web.handlers import WebApp
from tests.e2e.test_cli import run


def _last(iterator):
    *_, final = iterator
    return final


def test_feedback_summary_and_eval_export_from_the_handlers_file(index_copy: Path, tmp_path):
    web = WebApp(build_assistant(Settings(data_dir=index_copy)), index_copy)
    chat, _, first, _, _ = _last(web.respond("尧都区代表每月补助多少？", [], None))
    chat, _, first, _, _ = _last(
        web.respond("宝坻区组织开展的全民阅读活动叫什么名字？", chat, first)
    )
    _, _, second, _, _ = _last(web.respond("上海市浦东新区有多少常住人口？", [], None))
    # Conversation one: turn 0 liked, the like withdrawn (Gradio sends ''), then liked again;
    # turn 1 liked, then disliked with a comment. Conversation two: disliked.
    web.record_feedback(1, True, first, "")
    assert "withdrawn" in web.record_feedback(1, "", first, "")
    web.record_feedback(1, True, first, "准确")
    web.record_feedback(3, True, first, "")
    web.record_feedback(3, False, first, "活动名称不全")
    web.record_feedback(1, False, second, "")
    records = web.feedback.read()
    assert [r["vote"] for r in records] == [
        "like",
        "withdrawn",
        "like",
        "like",
        "dislike",
        "dislike",
    ]
    assert records[1]["liked"] is None  # a withdrawal is no dislike
    assert [r["turn_id"] for r in records] == [0, 0, 0, 1, 1, 0]
    assert len({r["conversation_id"] for r in records}) == 2
    assert records[0]["answer_id"] == records[2]["answer_id"] != records[3]["answer_id"]

    result = run("feedback", "--json", data_dir=index_copy)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    counts = {k: v for k, v in summary.items() if isinstance(v, int)}
    assert counts == {
        "likes": 3,
        "dislikes": 2,
        "withdrawals": 1,
        "answers": 3,
        "net_likes": 1,  # turn 0: liked, withdrawn, liked again
        "net_dislikes": 2,  # turn 1: liked, then disliked; the other conversation's one
    }
    assert [d["question"] for d in summary["disliked"]] == [
        "宝坻区组织开展的全民阅读活动叫什么名字？",
        "上海市浦东新区有多少常住人口？",
    ]
    assert summary["disliked"][0]["answer_id"] == records[4]["answer_id"]
    assert summary["comments"] == [
        {"question": "尧都区代表每月补助多少？", "net": 1, "comment": "准确"},
        {
            "question": "宝坻区组织开展的全民阅读活动叫什么名字？",
            "net": -1,
            "comment": "活动名称不全",
        },
    ]
    result = run("feedback", data_dir=index_copy)
    assert result.returncode == 0, result.stderr
    assert "withdrawals" in result.stdout
    disliked = result.stdout.split("disliked answers\n")[1].split("comments")[0]
    assert "宝坻区组织开展的全民阅读活动叫什么名字？" in disliked
    assert "上海市浦东新区有多少常住人口？" in disliked and "尧都区" not in disliked
    assert "(-) 宝坻区组织开展的全民阅读活动叫什么名字？: 活动名称不全" in result.stdout
    assert "(+) 尧都区代表每月补助多少？: 准确" in result.stdout

    exported = tmp_path / "complaints.jsonl"
    result = run("feedback", "--export-eval", str(exported), data_dir=index_copy)
    assert result.returncode == 0, result.stderr
    items = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert [i["question"] for i in items] == [
        "宝坻区组织开展的全民阅读活动叫什么名字？",
        "上海市浦东新区有多少常住人口？",
    ]
    assert all(i["gold"] == [] and i["lang"] == "zh" and i["id"] for i in items)
    cited = items[0]["cited"]
    assert cited and cited[0]["id"] == records[4]["cited"][0]
    assert cited[0]["author"] and cited[0]["text"] and cited[0]["n"] == 1
    assert items[0]["comments"] == ["活动名称不全"]
    assert [i.question for i in load_items(exported)] == [i["question"] for i in items]


def test_feedback_without_a_file_says_so(tmp_path: Path):
    result = run("feedback", data_dir=tmp_path)
    assert result.returncode == 0 and "no feedback yet" in result.stdout
