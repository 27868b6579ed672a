"""Typed records that cross module edges: Article, Quote, Chunk, Passage, Answer; search modes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal, get_args

# How the searcher ranks: by meaning, by words (BM25, needs no model), or both fused.
Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[Mode, ...] = get_args(Mode)
# What runs the embedding model: torch (sentence-transformers) or ONNX Runtime, fp32 or int8.
Backend = Literal["torch", "onnx", "onnx-int8"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
# The most text (UTF-8 bytes) one article may hold, wherever it comes from: a fetched page,
# `briefbot add`, an import, a file in the data folder. Larger ones are refused or skipped with
# a warning naming them; quote reading is near-linear, but 5 MB already takes seconds.
MAX_ARTICLE_BYTES = 5_000_000


@dataclass(frozen=True)
class Article:
    """One article as read from the data folder; unknown metadata stays None, never invented."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime, as the source gave it
    source: str | None = None  # publisher / site name
    origin: str = ""  # file the article was read from, for messages

    @property
    def content_hash(self) -> str:
        """Hash of everything that changes what is indexed or cited."""
        h = hashlib.sha256()
        for part in (self.text, self.title, self.url, self.published, self.source):
            h.update((part or "").encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) into an article's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """A direct quote with its resolved speaker; offsets cover the quoted words only."""

    text: str
    speaker: str | None
    role: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, with the quotes that lie inside it."""

    article_id: str
    ordinal: int
    start: int
    end: int
    text: str
    quotes: tuple[Quote, ...] = ()

    @property
    def key(self) -> str:
        """Names the chunk across index builds of the same article: "article#ordinal"."""
        return f"{self.article_id}#{self.ordinal}"


@dataclass(frozen=True)
class Source:
    """What a citation needs about an article."""

    article_id: str
    title: str | None
    url: str | None
    published: str | None
    source: str | None = None
    lead: str | None = None  # the article's opening words: how an untitled article is cited


def lead_of(text: str, words: int = 8) -> str:
    """The first words of a text, with an ellipsis when there are more."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk, ranked and scored, with the article it comes from."""

    rank: int
    score: float
    chunk: Chunk
    source: Source
    # The held quote most relevant to the question, shown in the reply; None when none fits.
    quote: Quote | None = None

    @property
    def key(self) -> str:
        """What the user was shown: the chunk's key, and "@offset" of the quote shown with it."""
        return f"{self.chunk.key}@{self.quote.start}" if self.quote else self.chunk.key


@dataclass(frozen=True)
class Lead:
    """The sentence of the first passage that best answers the question: the reply's first line."""

    text: str
    start: int  # offsets into the article's text
    end: int


@dataclass(frozen=True)
class TimeScope:
    """What a question's time words did to the answer ("hari ini", "Juni 2025", "terbaru")."""

    words: str  # the time words as the question wrote them
    start: str | None = None  # ISO date, inclusive; None for "latest" (order only)
    end: str | None = None  # ISO date, inclusive
    # True when no dated article fell in the period and the passages are from undated articles.
    undated_only: bool = False
    # True when no article at all fell in the period ("kemarin" asked of an archive, an event's
    # day reported ahead): the passages are from other days, and the reply says so.
    outside: bool = False


@dataclass(frozen=True)
class Unquoted:
    """Someone the question asks to hear from who is named in the articles but never quoted."""

    name: str
    role: str | None


@dataclass(frozen=True)
class OffTopic:
    """Someone quoted in the articles, asked about a topic they were never quoted on."""

    name: str
    role: str | None
    topic: str  # the topic as the question worded it


@dataclass(frozen=True)
class Answer:
    """The result of one question: passages best first; answered is False when none is relevant.

    `shown` is how many of the passages score close enough to the best to be shown together;
    the rest are for "Sumber lain". None means all of them (a page after the first).
    """

    question: str
    answered: bool
    passages: tuple[Passage, ...] = field(default_factory=tuple)
    lead: Lead | None = None
    shown: int | None = None
    time: TimeScope | None = None
    # Set when the person asked about has no direct quote: the passages show where they are named.
    unquoted: Unquoted | None = None
    # Set (with answered False) when the person asked about is quoted, but never on the topic
    # asked: the passages hold their nearest quotes, shown as not answering.
    off_topic: OffTopic | None = None

    def visible(self) -> tuple[Passage, ...]:
        """The passages one message shows: those close to the best on a first page, else all."""
        return self.passages if self.shown is None else self.passages[: max(self.shown, 1)]
