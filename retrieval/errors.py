"""Errors the engine raises; the edges (CLI, bot) turn their codes into user words.

Every error has a `code` (its class name in snake case, or a finer one given where it is raised)
and a message that states the fact only, never what to do about it: advice is the edge's (a
terminal user runs `briefbot index`, a chat admin sends /reindex). Codes in brackets:

BriefbotError
├── ArticleError          an article file cannot be read or holds no text [article_error;
│                         no_articles: none readable where the index has some]
├── DocumentError         a sent or added document that gives no article [document_error;
│                         no_document_text: a scanned PDF or an empty file,
│                         unsupported_document: not PDF, DOCX or plain text]
├── QuestionError         a question that cannot be searched [empty, too_long, no_words;
│                         out_of_calendar: its time words leave years 1 to 9999]
├── ModelError            the embedding model cannot be built or loaded [model_error]
├── IndexStoreError       the index folder cannot be written [index_store_error]
│   ├── IndexMissing      no index has been built yet [index_missing]
│   ├── IndexCorrupt      a file of the index is damaged or truncated [index_corrupt]
│   ├── IndexMismatch     the index was built with another model, chunker or format [index_mismatch]
│   └── IndexBusy         another process is writing the index [index_busy]
├── StateError            the state database cannot be opened, read or written [state_error]
└── FetchError            fetching an article or feed from the web [fetch_error]
    ├── BadScheme         the URL is not http(s) or has no host [bad_scheme]
    ├── BlockedAddress    the host resolves to a private/loopback/... address [blocked_address]
    ├── TooManyRedirects  more than the allowed redirects, or a redirect loop [too_many_redirects]
    ├── FetchTimeout      connect/read timeout or overall deadline, after retries [fetch_timeout]
    ├── HttpStatus        the server answered 4xx/5xx (after retries for 5xx) [http_status]
    ├── TooLarge          the body exceeds the size limit (streamed and cut off) [too_large]
    ├── WrongContentType  not HTML/XHTML (pages) or not XML (feeds) [wrong_content_type]
    ├── NoArticleText     nothing extractable as article text; nothing is stored [no_article_text]
    ├── BadFeed           a feed that is not RSS 2.0 / Atom, or unsafe XML [bad_feed]
    ├── RobotsDisallowed  robots.txt forbids the page, or cannot be read [robots_disallowed]
    └── NoSource          no feed, WordPress API, sitemap or article listing at a site [no_source]
"""

import re


class BriefbotError(Exception):
    """Base of every error the engine raises on purpose; `code` says which kind, for the edges."""

    code = "briefbot_error"

    def __init_subclass__(cls) -> None:
        # A kind's code is its class name in snake case: IndexMissing -> "index_missing".
        super().__init_subclass__()
        cls.code = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ArticleError(BriefbotError):
    NO_ARTICLES = "no_articles"  # none readable where the index has some


class QuestionError(BriefbotError):
    """A question that cannot be searched; `code` is one of EMPTY, TOO_LONG, NO_WORDS,
    OUT_OF_CALENDAR."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    OUT_OF_CALENDAR = "out_of_calendar"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code)


class DocumentError(BriefbotError):
    NO_TEXT = "no_document_text"  # a scanned PDF (images only) or an empty file
    UNSUPPORTED = "unsupported_document"


class ModelError(BriefbotError):
    pass


class IndexStoreError(BriefbotError):
    pass


class IndexMissing(IndexStoreError):
    pass


class IndexCorrupt(IndexStoreError):
    pass


class IndexMismatch(IndexStoreError):
    pass


class IndexBusy(IndexStoreError):
    pass


class StateError(BriefbotError):
    """`kind` names the engine's own reason ("SQLITE_FULL", a PostgreSQL SQLSTATE class, or an
    exception's name), so that each kind of trouble can be logged once."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind or "state_error"


class FetchError(BriefbotError):
    """Carries the URL it is about, so the edges can name it."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class BadScheme(FetchError):
    pass


class BlockedAddress(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class HttpStatus(FetchError):
    """The server's status code is in `status`."""

    def __init__(self, message: str, url: str = "", status: int = 0) -> None:
        super().__init__(message, url)
        self.status = status


class TooLarge(FetchError):
    """The byte limit that was exceeded is in `limit`."""

    def __init__(self, message: str, url: str = "", limit: int = 0) -> None:
        super().__init__(message, url)
        self.limit = limit


class WrongContentType(FetchError):
    """The media type the server sent ("" when none) is in `content_type`."""

    def __init__(self, message: str, url: str = "", content_type: str = "") -> None:
        super().__init__(message, url)
        self.content_type = content_type


class NoArticleText(FetchError):
    pass


class BadFeed(FetchError):
    pass


class RobotsDisallowed(FetchError):
    pass


class NoSource(FetchError):
    pass
