"""The wheel works on its own: built from the checkout, installed into a fresh venv outside it,
it indexes the bundled column (package data) and answers from it."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.wheel]


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_an_installed_wheel_indexes_the_bundled_column_and_answers(tmp_path: Path):
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation",
        "-q", "-w", wheels, cwd=ROOT)  # fmt: skip
    (wheel,) = wheels.glob("bitan-*.whl")

    # A fresh venv whose only Bitan is the wheel. Its dependencies come from this venv's
    # site-packages through a .pth line: a path added that way does not run that folder's
    # own .pth files, so the editable install of the checkout stays out of sight.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    target = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                      cwd=tmp_path).strip())  # fmt: skip
    (target / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel,
        cwd=tmp_path)  # fmt: skip

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": ""}
    where = run(python, "-c", "import assistant; print(assistant.__file__)", cwd=work, env=env)
    assert Path(where.strip()).is_relative_to(venv), where

    bitan = venv / "bin" / "bitan"
    data = work / "data"
    out = run(bitan, "ingest", "--data-dir", data, cwd=work, env=env)
    question = "How does Ningcheng evaluate representatives?"
    record = json.loads(
        run(bitan, "ask", question, "--json", "--data-dir", data, cwd=work, env=env)
    )
    assert not record["abstained"], (out, record)
    assert record["citations"][0]["author"] == "钱荣新"
