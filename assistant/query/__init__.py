"""The question → a QueryPlan: language, corpus names, and for English the Chinese terms to
search with (glossary, CC-CEDICT, pinyin aliases); follow-ups made whole first."""

from assistant.query.analyzer import QueryAnalyzer, QueryPlan
from assistant.query.condense import Condenser, RuleCondenser
from assistant.query.language import Lang, detect_language

__all__ = ["Condenser", "Lang", "QueryAnalyzer", "QueryPlan", "RuleCondenser", "detect_language"]
