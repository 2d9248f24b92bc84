"""Prompt templates, one file per purpose; ``load("answer")`` reads ``answer.txt``."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def load(name: str) -> str:
    return (_HERE / f"{name}.txt").read_text(encoding="utf-8")
