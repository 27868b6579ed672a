"""The people of an index, as a question finds them: by any form of a name, or by an office.

Who is who is read once per build (index/people.py) and saved with it; only names and offices
are held here, and a person's chunk ids are read when a question names them.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from retrieval.index.people import MIN_NAME_WORD, Named, Person, read_people
from retrieval.index.reader import StoreReader
from retrieval.index.store import StoredChunk
from retrieval.search.intent import Intent
from retrieval.text.vocabulary import fold

log = logging.getLogger(__name__)
_APOSTROPHE_WORD = re.compile(r"\w[\w']*", re.UNICODE)


class Directory:
    """People of an index build and the chunks they speak or are named in.

    `person(i, named[i])` gives the i-th person with their chunk ids.
    """

    def __init__(self, named: Sequence[Named], person: Callable[[int, Named], Person]) -> None:
        self._named = tuple(named)
        self._person = person
        # word or office -> rows: a question looks up its own words, not every person
        self._by_word: dict[str, list[int]] = {}
        self._by_role: dict[str, list[int]] = {}
        for i, p in enumerate(self._named):
            for w in p.name_words:
                self._by_word.setdefault(w, []).append(i)
            for r in p.roles:
                self._by_role.setdefault(r, []).append(i)
        # casefolded name words, with and without apostrophes: what follow-ups call people
        self.speaker_words = frozenset(
            w
            for p in self._named
            for w in (*p.name_words, *_APOSTROPHE_WORD.findall(fold(p.name)))
            if len(w) >= MIN_NAME_WORD
        )
        log.debug("%d people in the index", len(self._named))

    @classmethod
    def of(cls, chunks: Iterable[StoredChunk]) -> Directory:
        """The people of these chunks, read now and held in memory."""
        people = read_people(chunks)
        return cls(people, lambda i, _: people[i])

    @classmethod
    def of_store(cls, store: StoreReader) -> Directory:
        """The people saved with a build; read from its chunks when it saved none that fit."""
        named = store.named()
        if named is None:
            log.info(
                "reading the people of the index from its chunks: it saved none, or saved them "
                "with other name-reading code (`briefbot index` saves them again)"
            )
            return cls.of(store.every_chunk())
        return cls(named, store.person)

    def by_name(self, intent: Intent) -> tuple[Person, ...]:
        """The people a question names by any form of their name, most name words first."""
        shared = Counter(i for w in intent.name_words for i in self._by_word.get(w, ()))
        best = max(shared.values(), default=0)
        return self._local(sorted(i for i, n in shared.items() if n == best), intent)

    def by_role(self, intent: Intent) -> tuple[Person, ...]:
        """The people the articles give an office the question names ("Sekda", "the governor")."""
        if not intent.roles:
            return ()
        found = {i for r in intent.roles for i in self._by_role.get(r, ())}
        return self._local(sorted(found), intent)

    def _local(self, found: list[int], intent: Intent) -> tuple[Person, ...]:
        """Of several people ("Gubernur Kaltim" among governors), those of the place asked about."""
        if intent.places:
            found = [i for i in found if self._named[i].places & intent.places] or found
        return tuple(self._person(i, self._named[i]) for i in found)
