"""Errors the engine raises; the edges (CLI, bot) translate them into user words.

BriefbotError
├── ArticleError          an article file cannot be read or holds no text
├── QuestionError         a question that cannot be searched (empty, too long, no words)
├── ModelError            the embedding model cannot be built or loaded
├── IndexStoreError       the index folder
│   ├── IndexMissing      no index has been built yet
│   ├── IndexCorrupt      a file of the index is damaged or truncated
│   ├── IndexMismatch     the index was built with another model or chunker
│   └── IndexBusy         another process is writing the index
└── FetchError            fetching an article or feed from the web (retrieval.web.fetch, .web)
    ├── BadScheme         the URL is not http(s) or has no host
    ├── BlockedAddress    the host resolves to a private/loopback/... address (SSRF guard)
    ├── TooManyRedirects  more than the allowed redirects, or a redirect loop
    ├── FetchTimeout      connect/read timeout or overall deadline, after retries
    ├── HttpStatus        the server answered 4xx/5xx (after retries for 5xx)
    ├── TooLarge          the body exceeds the size limit (streamed and cut off)
    ├── WrongContentType  not HTML/XHTML (pages) or not XML (feeds)
    ├── NoArticleText     nothing extractable as article text; nothing is stored
    └── BadFeed           a feed that is not RSS 2.0 / Atom, or unsafe XML
"""


class BriefbotError(Exception):
    """Base of every error the engine raises on purpose."""


class ArticleError(BriefbotError):
    pass


class QuestionError(BriefbotError):
    """A question that cannot be searched; `reason` is one of EMPTY, TOO_LONG, NO_WORDS."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


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
