"""Stage 3: settings, retrieval, answers, the CLI. ``build_assistant`` is the composition root."""

from assistant.composition import build_assistant
from assistant.models import Answer, Citation, Hit
from assistant.service import Assistant, QuestionError
from assistant.settings import Settings

__all__ = ["Answer", "Assistant", "Citation", "Hit", "QuestionError", "Settings", "build_assistant"]
