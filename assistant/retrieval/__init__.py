"""A QueryPlan → ranked passages: dense and keyword lists fused by reciprocal rank."""

from assistant.retrieval.hybrid import HybridRetriever

__all__ = ["HybridRetriever"]
