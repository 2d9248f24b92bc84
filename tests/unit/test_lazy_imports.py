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
