"""The command line loads the heavy libraries only on the paths that use them."""

import subprocess
import sys

HEAVY = ("gradio", "torch", "sentence_transformers", "fastapi", "pandas")


def test_importing_the_cli_loads_no_web_or_torch_library():
    code = (
        "import sys, assistant.cli, assistant.composition\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""


def test_a_chinese_question_is_read_without_pinyin():
    code = (
        "import sys\n"
        "from assistant.query import QueryAnalyzer\n"
        "from assistant.query.glossary import Glossary\n"
        "a = QueryAnalyzer(Glossary.load(), places=['宁城县'], people=['钱荣新'])\n"
        "plan = a.analyze('宁城县如何评价代表履职？')\n"
        "print(plan.lang, 'pypinyin' in sys.modules, a.analyze('How does Ningcheng work?').places,"
        " 'pypinyin' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["zh", "False", "('宁城县',)", "True"]


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return done.stdout.strip()


def test_the_part_of_speech_tags_from_the_cache_are_jiebas(tmp_path):
    """jieba.posseg's word-tag table read from the data dir's cache tags exactly as jieba does."""
    text = "白云县和深圳市人大常委会如何评价上海的代表履职？宁城县呢"
    plain = _run(
        f"import jieba.posseg; print([(p.word, p.flag) for p in jieba.posseg.lcut({text!r})])"
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from vectorstore import ChineseTokenizer\n"
        f"t = ChineseTokenizer(cache_dir=Path({str(tmp_path)!r}))\n"
        f"print(t.pos_pairs({text!r}))"
    )
    first = _run(code)  # parses dict.txt, writes the cache
    assert list(tmp_path.glob("*.tags.marshal"))
    assert list(tmp_path.glob("jieba.cache"))  # jieba's prefix dictionary, cached in the data dir
    second = _run(code)  # reads the cache
    assert first == second == plain


def test_a_question_without_a_place_suffix_loads_no_tagger():
    code = (
        "import sys\n"
        "from assistant.answering.evidence import _MAY_NAME_PLACE\n"
        "print(bool(_MAY_NAME_PLACE.search('什么是全过程人民民主？')),"
        " bool(_MAY_NAME_PLACE.search('上海如何做？')), bool(_MAY_NAME_PLACE.search('白云县呢')),"
        " 'jieba.posseg' in sys.modules)"
    )
    assert _run(code).split() == ["False", "True", "True", "False"]
