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


def test_jiebas_dictionary_read_by_parts_cuts_and_tags_as_jieba_does(tmp_path):
    """The dictionary and the word tags read by parts from the data dir's cache give exactly
    jieba's words, search-mode tokens and tags (also jieba.posseg's own tagger afterwards)."""
    text = "白云县和深圳市人大常委会如何评价上海的代表履职？宁城县呢。GDP增长了3.5%"
    code = (
        "import sys, jieba, jieba.posseg\n"
        "from vectorstore import ChineseTokenizer\n"
        f"t = ChineseTokenizer(['宁城县'])\n"
        f"print(t.words_of({text!r}), t.tokens({text!r}), t.pos_pairs({text!r}))\n"
        f"print([(p.word, p.flag) for p in jieba.posseg.lcut({text!r})])"
    )
    plain = _run(code)
    code = code.replace(
        "ChineseTokenizer(['宁城县'])",
        f"ChineseTokenizer(['宁城县'], cache_dir=Path({str(tmp_path)!r}))",
    )
    code = "from pathlib import Path\n" + code.replace(
        "import sys, jieba, jieba.posseg\n", "import sys\n", 1
    )
    code = code.replace("print([(p.word", "import jieba.posseg\nprint([(p.word", 1)
    first = _run(code)  # reads dict.txt, writes the parts
    assert list(tmp_path.glob("*.parts"))
    second = _run(code + "\nprint('jieba.posseg' in sys.modules)")  # reads the parts
    assert first == plain
    assert second == plain + "\nTrue"


def test_a_question_without_a_place_suffix_loads_no_tagger():
    code = (
        "import sys\n"
        "from assistant.answering.evidence import _MAY_NAME_PLACE\n"
        "print(bool(_MAY_NAME_PLACE.search('什么是全过程人民民主？')),"
        " bool(_MAY_NAME_PLACE.search('上海如何做？')), bool(_MAY_NAME_PLACE.search('白云县呢')),"
        " 'jieba.posseg' in sys.modules)"
    )
    assert _run(code).split() == ["False", "True", "True", "False"]
