"""Judge the evidence, answer, check the citations: the chain and its typed state."""

from assistant.answering.chain import AnswerChain
from assistant.answering.refusal import EvidenceJudge, Verdict
from assistant.answering.state import AnswerState

__all__ = ["AnswerChain", "AnswerState", "EvidenceJudge", "Verdict"]
