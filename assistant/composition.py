"""The composition root: the only place that picks an adapter for each port from Settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.answering import AnswerChain, EvidenceJudge
from assistant.answering.answerers import Answerer, ExtractiveAnswerer
from assistant.answering.glosses import Glosser
from assistant.query import Condenser, QueryAnalyzer, RuleCondenser
from assistant.query.cedict import CedictExpander
from assistant.query.glossary import BUNDLED_GLOSSARY, Glossary
from assistant.retrieval import HybridRetriever
from assistant.service import Assistant
from assistant.settings import Settings
from ingest import ChunkingOptions
from vectorstore import (
    CachedQueryEmbeddings,
    ChineseTokenizer,
    ChunkStore,
    CorpusIndex,
    E5Embeddings,
    KeywordIndex,
    NamedEmbeddings,
    SentenceTransformerEmbeddings,
    StoreUnavailable,
)


def build_embeddings(settings: Settings) -> NamedEmbeddings:
    """The configured embedder, its question vectors remembered in a small LRU."""
    return CachedQueryEmbeddings(_bare_embeddings(settings))


def _bare_embeddings(settings: Settings) -> NamedEmbeddings:
    spec = settings.embedding
    if spec in ("e5-small-q4", "e5"):
        return E5Embeddings(num_threads=settings.embed_threads)
    if spec.startswith("sentence-transformers:"):
        return SentenceTransformerEmbeddings(spec.split(":", 1)[1])
    raise ValueError(
        f"unknown BITAN_EMBEDDING {spec!r}: use e5-small-q4 or sentence-transformers:<name-or-path>"
    )


def build_chroma_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaClientSettings

    client_settings = ChromaClientSettings(anonymized_telemetry=False)
    chroma = settings.chroma
    if chroma.mode == "embedded":
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=client_settings)
    host, port, ssl = chroma.host_port()
    headers = {"x-chroma-token": chroma.api_key.get_secret_value()} if chroma.api_key else None
    kwargs: dict[str, Any] = {}
    if chroma.tenant:
        kwargs["tenant"] = chroma.tenant
    if chroma.database:
        kwargs["database"] = chroma.database
    try:
        return chromadb.HttpClient(
            host=host, port=port, ssl=ssl, headers=headers, settings=client_settings, **kwargs
        )
    except Exception as err:  # connection refused, DNS, TLS: all mean "not reachable"
        raise StoreUnavailable(
            f"cannot reach the Chroma server at {chroma.url} ({err}); is `chroma run` up?"
        ) from err


def build_index(settings: Settings) -> CorpusIndex:
    embeddings = build_embeddings(settings)
    store = ChunkStore(build_chroma_client(settings), embeddings, settings.chroma.collection)
    keyword = KeywordIndex(ChineseTokenizer(cache_dir=settings.data_dir / "jieba"))
    chunking = ChunkingOptions(**settings.chunking.model_dump())
    index = CorpusIndex(
        store,
        keyword,
        settings.keyword_dir,
        chunking,
        max_file_bytes=int(settings.max_file_mb * 2**20),
        shared=settings.chroma.mode == "server",
    )
    index.sync_keyword()
    return index


def build_chat_model(settings: Settings) -> Any:
    """The chat model BITAN_LLM names, or None for the extractive answerer."""
    if not settings.llm:
        return None
    kind, _, model = settings.llm.partition(":")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    if kind == "openai" and model:
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as err:
            raise ImportError(
                "BITAN_LLM=openai:… needs the optional extra: pip install 'bitan[llm]'"
            ) from err
        return ChatOpenAI(
            model=model,
            base_url=settings.llm_base_url,
            api_key=key or "not-needed",
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
        )
    if kind == "ollama" and model:
        try:
            from langchain_ollama import ChatOllama
        except ImportError as err:
            raise ImportError(
                "BITAN_LLM=ollama:… needs the optional extra: pip install 'bitan[llm]'"
            ) from err
        kwargs = {"base_url": settings.llm_base_url} if settings.llm_base_url else {}
        return ChatOllama(
            model=model, temperature=0, client_kwargs={"timeout": settings.llm_timeout}, **kwargs
        )
    raise ValueError(f"unknown BITAN_LLM {settings.llm!r}: use openai:<model> or ollama:<model>")


def glossary_paths(settings: Settings) -> list[Path]:
    """The bundled glossary, then the user's (``BITAN_GLOSSARY_FILE``)."""
    return [BUNDLED_GLOSSARY] + ([settings.glossary_file] if settings.glossary_file else [])


def build_answerer(
    settings: Settings, index: CorpusIndex, chat_model: Any = None, glosser: Glosser | None = None
) -> Answerer:
    if chat_model is not None:
        from assistant.answering.answerers.llm import LLMAnswerer

        return LLMAnswerer(chat_model, name=settings.llm or "llm")
    return ExtractiveAnswerer(
        index.keyword.tokenizer,
        passages=settings.retrieval.k,
        idf=index.keyword.idf,
        glosser=glosser,
    )


def build_analyzer(settings: Settings, index: CorpusIndex) -> QueryAnalyzer:
    paths = glossary_paths(settings)
    cedict = None
    if settings.retrieval.cedict:
        cedict = CedictExpander(
            settings.keyword_dir.parent / "cedict" / "cedict.json",
            version=lambda: index.keyword.version,
            vocabulary=index.keyword.vocabulary,
        )
    return QueryAnalyzer(Glossary.load(paths), cedict, segment=index.keyword.tokenizer.words_of)


def build_condenser(analyzer: QueryAnalyzer, chat_model: Any = None) -> Condenser:
    rules = RuleCondenser(analyzer)
    if chat_model is None:
        return rules
    from assistant.answering.answerers.llm import LLMCondenser

    return LLMCondenser(chat_model, rules)


def build_assistant(settings: Settings) -> Assistant:
    index = build_index(settings)
    analyzer = build_analyzer(settings, index)
    retriever = HybridRetriever(
        index=index,
        k=settings.retrieval.k,
        candidates=settings.retrieval.candidates,
        rrf_k=settings.retrieval.rrf_k,
        entity_boost=settings.retrieval.entity_boost,
        keyword_weight=settings.retrieval.keyword_weight,
    )
    chat_model = build_chat_model(settings)
    glosser = Glosser(index.keyword.tokenizer.words_of, glossary_paths(settings))
    chain = AnswerChain(
        analyzer=analyzer,
        condenser=build_condenser(analyzer, chat_model),
        retriever=retriever,
        judge=EvidenceJudge(index, analyzer),
        answerer=build_answerer(settings, index, chat_model, glosser),
        fallback=ExtractiveAnswerer(
            index.keyword.tokenizer,
            passages=settings.retrieval.k,
            idf=index.keyword.idf,
            glosser=glosser,
        ),
    )
    return Assistant(index, chain, settings.max_question_chars, glosser)
