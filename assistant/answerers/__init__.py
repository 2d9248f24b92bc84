"""Answerers turn retrieved passages into an answer with [n] citations."""

from assistant.answerers.base import Answerer, Draft
from assistant.answerers.extractive import ExtractiveAnswerer

__all__ = ["Answerer", "Draft", "ExtractiveAnswerer"]
