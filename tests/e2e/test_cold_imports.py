"""A cold answer loads only what it uses: no LangSmith (through LangChain's runnables or
langchain-chroma), and the part-of-speech tagger only for a question that may name a place."""

import subprocess
import sys
from pathlib import Path

LAZY = ("langsmith", "langchain_core.runnables.base", "langchain_chroma", "gradio", "torch")


def _ask(index: Path, question: str) -> list[str]:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from assistant.composition import build_assistant\n"
        "from assistant.settings import Settings\n"
        f"a = build_assistant(Settings(data_dir=Path({str(index)!r})))\n"
        f"answer = a.ask({question!r})\n"
        f"print(bool(answer.record()['citations']), *[m for m in {LAZY + ('jieba.posseg',)!r}"
        " if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return done.stdout.split()


def test_a_cold_answer_imports_no_langsmith(index_copy: Path):
    assert _ask(index_copy, "宁城县如何评价人大代表履职？") == ["True", "jieba.posseg"]


def test_a_question_naming_no_place_needs_no_tagger(index_copy: Path):
    assert _ask(index_copy, "什么是全过程人民民主？") == ["True"]


def test_tracing_is_read_from_langsmiths_variables(monkeypatch):
    from assistant.answering import chain

    monkeypatch.setenv("LANGSMITH_TRACING", "true")
    assert chain._tracing()
    monkeypatch.delenv("LANGSMITH_TRACING")
    monkeypatch.setenv("LANGCHAIN_TRACING_V2", "false")
    assert not chain._tracing()
