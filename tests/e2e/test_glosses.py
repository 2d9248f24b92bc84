"""English glosses through the CLI: ``ask --json`` carries them for an English question, over
the real index of the bundled column (issue 14)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.e2e.test_cli import run


def ask_json(question: str, data_dir: Path) -> dict:
    result = run("ask", "--json", question, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_english_answer_has_an_english_lead_in_and_glosses(column_index_dir: Path):
    record = ask_json("How much is the monthly subsidy for Yaodu deputies?", column_index_dir)
    assert not record["abstained"]
    assert record["answer"].startswith("According to Lu Libo 鲁立波, 《")
    assert "Yaodu District 尧都区" in record["answer"]
    numbers = {c["n"] for c in record["citations"]}
    glosses = record["glosses"]
    assert glosses and {g["n"] for g in glosses} <= numbers
    terms = [t for g in glosses for t in g["terms"]]
    assert all(set(t) == {"zh", "en"} and re.search(r"[\u4e00-\u9fff\d]", t["zh"]) for t in terms)
    # every figure of the quote is rendered in English, e.g. 200元 → 200 yuan
    money = [t for t in terms if t["zh"].endswith("元")]
    assert money and all(t["en"] and "yuan" in t["en"] for t in money)
    glossed = [t for t in terms if t["en"]]
    assert len(glossed) >= 0.8 * len(terms)


def test_a_chinese_answer_has_no_glosses(column_index_dir: Path):
    record = ask_json("尧都区代表每月补助多少？", column_index_dir)
    assert "glosses" not in record and record["answer"].startswith("据")
