"""Answerers turn retrieved passages into an answer with [n] citations."""

from assistant.answering.answerers.base import Answerer, Draft, answer
from assistant.answering.answerers.extractive import ExtractiveAnswerer

__all__ = ["Answerer", "Draft", "ExtractiveAnswerer", "answer"]
