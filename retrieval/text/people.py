"""Person mentions in an Indonesian article: names, roles, and resolving short references."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from retrieval.text.nametokens import Token, capital, name_like, norm, tokenize
from retrieval.text.words import (
    AFTER_VERBS,
    DAYS,
    LIST_WORDS,
    NAME_OPENERS,
    NAMED_AFTER,
    NOT_NAMES,
    PLACE_CONTEXT,
    PLACE_MARKERS,
    PLACE_PREFIXES,
    RANK_WORDS,
    ROLE_ALIASES,
    ROLE_HEADS,
    ROLE_WORDS,
    SPEECH_VERBS,
)

# Derived common words (ke-…-an, pe-…-an, me-…-kan …) that open sentences: "Kehadiran X".
_DERIVED = re.compile(
    r"(?:ke|pe|per|pen|pem|peng|me|mem|men|meng|ber|di|ter)\w{3,}(?:an|kan|i|nya)"
)
_APPOSITION_GAP = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?,\s*")  # "Udin (48), Kepala ..."
_MAX_NAME_WORDS = 5
_LIST_GAP = re.compile(r"\s*,\s*(?:(dan|serta)\s+)?|\s+(dan|serta)\s+")
Refs = tuple[set[tuple[str, ...]], ...]  # short references, the likeliest first
_MAX_LIST_ITEM = 3  # words of an inner item of an office's list: "Ilmu Pengetahuan"


@dataclass(frozen=True)
class Mention:
    """A run of capitalised words read as an optional role and an optional name."""

    start: int
    end: int
    role: str | None
    role_key: str | None
    name: str | None
    name_key: tuple[str, ...]
    whole_role: str | None = None  # the whole run, when it opens with an office: "Kepala ..."


class People:
    """Every mention of an article, and the fullest name and role for a short reference."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.proper = {t.key for t in self.tokens if not t.initial and t.word[:1].isupper()}
        self.lower = {t.key for t in self.tokens if t.word[:1].islower()}
        self.run_of: dict[int, Mention] = {}  # token index -> mention of its run
        self.mentions: list[Mention] = []
        self._given: set[str] = set()  # one-word references such as "kata Rudy"
        self._places = _place_keys(self.tokens)
        self._credited: set[tuple[str, ...]] = set()  # "kata Rudy", "Menurut Rudy"
        self._speaking: set[str] = set()  # words of short references said to speak
        self._spoken = {
            t.key
            for p, t in zip(self.tokens, self.tokens[1:], strict=False)
            if p.key in AFTER_VERBS
            and t.word[:1].isupper()
            and not t.initial
            and t.key not in ROLE_HEADS  # "kata Presiden" names an office
        }
        self._read_runs()

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after pos (len(tokens) when none)."""
        return bisect_left(self.starts, pos)

    def mention_at(self, index: int) -> Mention | None:
        return self.run_of.get(index)

    def person_like(self, mention: Mention, speaking: bool = True) -> bool:
        """Whether a mention may be a person: a role, a full name, or the short form of one.

        A lone capitalised word the article never ties to an office or a fuller name is more
        likely a body, a place or a brand ("dengan Kompas menyampaikan"), unless it opens a
        clause with a verb of saying (speaking).
        """
        if mention.role or len(mention.name_key) > 1:
            return True
        return bool(mention.name_key) and (
            mention.name_key in self._credited
            or (speaking and self._opens(mention))
            or any(
                len(m.name_key) > 1 and _contains(m.name_key, mention.name_key)
                for m in self.mentions
            )
        )

    def referred(self, mention: Mention) -> bool:
        """Whether the article refers to this name alone as someone speaking: "kata Rudy"."""
        return not self._speaking.isdisjoint(mention.name_key)

    def _opens(self, mention: Mention) -> bool:
        # "Rekaan mengatakan", "Pakar hukum, Rekaan, mengatakan", but not "umat Rekaan menilai".
        index = self.token_at(mention.start)
        return self.tokens[index].initial or self.tokens[index - 1].breaks_after

    def named(self, tok: Token) -> Mention | None:
        """The person whose full name holds this word, e.g. "Hari" of "Agung Hari Setiyono"."""
        people = [m for m in self.mentions if len(m.name_key) > 1 and tok.key in m.name_key]
        return max(people, key=lambda m: len(m.name_key), default=None)

    def resolve(self, mention: Mention, pos: int) -> tuple[str | None, str | None]:
        """Return (full name, role) for a mention, from the fullest mention in the article."""
        if mention.name_key:
            return self._fullest(mention, pos)
        if mention.role_key is None:
            return None, None
        asked = mention.role_key
        holders = [
            m
            for m in self.mentions
            if m.name_key
            and m.role_key
            and (m.role_key == asked or m.role_key.startswith(asked + " "))
        ]
        if not holders:
            return None, mention.role
        before = [m for m in holders if m.start < pos]
        return self._fullest(before[-1] if before else holders[0])

    def _fullest(self, mention: Mention, pos: int = -1) -> tuple[str | None, str | None]:
        same = [m for m in self.mentions if _contains(m.name_key, mention.name_key)]
        best = max(same, key=lambda m: len(m.name_key), default=mention)
        rivals = [m for m in same if not _contains(best.name_key, m.name_key)]
        if rivals and pos >= 0:
            # Two people share the short name ("Budi"): the one named last before it.
            fuller = [m for m in same if len(m.name_key) > len(mention.name_key)]
            before = [m for m in fuller if m.start < pos]
            near = max(before, key=lambda m: m.start) if before else fuller[0]
            best = max(
                (m for m in same if _contains(m.name_key, near.name_key)),
                key=lambda m: len(m.name_key),
            )
        roles = [m for m in self.mentions if m.name_key == best.name_key and m.role]
        role = max(roles, key=lambda m: len(m.role or ""), default=mention)
        return best.name, role.role or mention.role

    def _read_runs(self) -> None:
        runs = self._office_lists(self._runs())
        parsed = [self._parse(a, z) for a, z in runs]
        refs = {m.name_key for m in parsed if m and m.name_key and not m.role}
        self._given = {r[0] for r in refs if len(r) == 1}
        speaking = {
            m.name_key
            for (a, z), m in zip(runs, parsed, strict=True)
            if m and m.name_key and not m.role and self._speaks(a, z)
        } | {(word,) for word in self._spoken}
        self._speaking = {w for key in speaking for w in key}
        self._credited = {
            m.name_key
            for (a, z), m in zip(runs, parsed, strict=True)
            if m and m.name_key and not m.role and self._speaks(a, z, credited=True)
        }
        parsed = [
            self._parse(a, z, (speaking, refs)) if m and (m.role or len(m.name_key) > 1) else m
            for (a, z), m in zip(runs, parsed, strict=True)
        ]
        k = 0
        while k < len(runs):
            mention = parsed[k]
            if mention is None:
                k += 1
                continue
            joined = self._appositive(k, runs, parsed, mention)
            if joined is not mention:
                self._assign(runs[k + 1], joined)
            self._assign(runs[k], joined)
            self.mentions.append(joined)
            k += 2 if joined is not mention else 1

    def _runs(self) -> list[tuple[int, int]]:
        """Token ranges of capitalised words, with "dan" inside: "Pendidikan dan Kebudayaan"."""
        toks, n = self.tokens, len(self.tokens)
        runs: list[tuple[int, int]] = []
        i = 0
        while i < n:
            if not capital(toks[i]):
                i += 1
                continue
            j = i + 1
            while (
                j < n
                and not toks[j - 1].breaks_after
                and not toks[j].breaks_before
                and (
                    capital(toks[j])
                    or (
                        # "Pendidikan dan Kebudayaan", "Daop 1 Nama Orang"
                        (toks[j].key == "dan" or (toks[j].word.isdigit() and len(toks[j].word) < 4))
                        and j + 1 < n
                        and capital(toks[j + 1])
                    )
                )
            ):
                j += 1
            runs.append((i, j))
            i = j
        return runs

    def _office_lists(self, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Join an office named by a list: "Direktur Organisasi Pendidikan, Ilmu, dan Budaya …"."""
        out: list[tuple[int, int]] = []
        k = 0
        while k < len(runs):
            last = self._list_end(runs, k)
            out.append((runs[k][0], runs[last][1]))
            k = last + 1
        return out

    def _list_end(self, runs: list[tuple[int, int]], k: int) -> int:
        toks = self.tokens
        first = runs[k]
        if toks[first[0]].key not in ROLE_HEADS or any(name_like(t) for t in toks[slice(*first)]):
            return k
        m = k
        while m + 1 < len(runs) and toks[runs[m + 1][0]].key not in ROLE_HEADS:
            gap = self.text[toks[runs[m][1] - 1].end : toks[runs[m + 1][0]].start]
            conjunction = _LIST_GAP.fullmatch(gap)
            if conjunction is None:
                break
            m += 1
            if conjunction.group(1) or conjunction.group(2):
                # The list is over; its last item must be a field of office, not a person.
                return m if toks[runs[m][0]].key in ROLE_WORDS else k
            if runs[m][1] - runs[m][0] > _MAX_LIST_ITEM:
                break
        return k

    def _assign(self, run: tuple[int, int], mention: Mention) -> None:
        for idx in range(*run):
            self.run_of[idx] = mention

    def _appositive(
        self, k: int, runs: list[tuple[int, int]], parsed: list[Mention | None], m: Mention
    ) -> Mention:
        """Join "Sekretaris DPRD Kaltim, Norhayati Usman," and "Ishak Harahap, Kepala …"."""
        after = parsed[k + 1] if k + 1 < len(runs) else None
        if after is None or not self._comma_between(runs[k], runs[k + 1]):
            return m
        if not m.role and m.name_key and after.whole_role:
            office = after.whole_role
            return Mention(m.start, after.end, office, _role_key(office), m.name, m.name_key)
        # "Ketua DPRD Sungai Rekaan, Bambang Ujicoba,": the words before the comma are all
        # office and place, even those that look like a name.
        role = m.whole_role or (m.role if not m.name_key else None)
        if self._given.intersection(m.name_key):
            role = None  # "Gubernur Rudy Mas’ud, Seno Aji." lists two people: "kata Rudy"
        if role and after.name_key and not after.role and self._apposition_ends(runs[k + 1]):
            return Mention(m.start, after.end, role, _role_key(role), after.name, after.name_key)
        return m

    def _comma_between(self, first: tuple[int, int], second: tuple[int, int]) -> bool:
        gap = self.text[self.tokens[first[1] - 1].end : self.tokens[second[0]].start]
        return _APPOSITION_GAP.fullmatch(gap) is not None

    def _apposition_ends(self, run: tuple[int, int]) -> bool:
        # "…, Norhayati Usman, menunjukkan" but not the list "…, Ilmu Pengetahuan, dan …".
        last = self.tokens[run[1] - 1]
        if not last.breaks_after:
            return False
        nxt = self.tokens[run[1]] if run[1] < len(self.tokens) else None
        if nxt is None or self.text[last.end : last.end + 1] in ".!?":
            return True
        if nxt.key in DAYS:
            return True  # "…, Aji Firmansyah, Senin (27/11/2026)."
        return nxt.word[:1].islower() and nxt.key not in LIST_WORDS

    def _name_word(self, tok: Token, second_reading: bool) -> bool:
        # "kata Hari", "tutur Lalu": a word that is also a name, when the article says so.
        return name_like(tok) or (
            second_reading and tok.key in self._spoken and tok.word[:1].isupper() and not tok.title
        )

    def _speaks(self, a: int, z: int, credited: bool = False) -> bool:
        """Whether the run at tokens a..z is said to speak: "kata Rudy", "Rudy menjelaskan".

        credited: only as a reporter credits a person, "kata Rudy" or "Menurut Rudy"; bodies
        "say" things too ("Rekaan Pos menyampaikan").
        """
        toks = self.tokens
        before = toks[a - 1].key if a else ""
        after = toks[z].key if z < len(toks) else ""
        return (
            before in AFTER_VERBS or before == "menurut" or (not credited and after in SPEECH_VERBS)
        )

    def _parse(self, a: int, z: int, refs: Refs | None = None) -> Mention | None:
        run = self.tokens[a:z]
        toks = [t for t in run if not t.title]
        # After a rank ("Komisaris Besar", "Irjen") only the name follows.
        ranked = [k for k in range(len(run) - 1) if run[k].title and run[k].key in RANK_WORDS]
        floor = run[ranked[-1] + 1].start if ranked else -1
        # A sentence's first word is capitalised anyway: drop it unless it looks like a name.
        sentence_start = bool(toks) and toks[0].initial
        while toks and (
            toks[0].key in NOT_NAMES or (sentence_start and len(toks) > 1 and self._common(toks[0]))
        ):
            toks = toks[1:]
        while toks and (toks[-1].key in NOT_NAMES or toks[-1].key in LIST_WORDS):
            toks = toks[:-1]
        if not toks:
            return None
        if len(toks) == 1 and toks[0].initial and toks[0].key not in self.proper:
            return None  # "Apalagi, …", "Karantina diperlukan …": never written as a name
        places = _places(toks)
        j = len(toks)
        while j > 0 and j - 1 not in places and self._name_word(toks[j - 1], refs is not None):
            j -= 1
        j = max(j, len(toks) - _MAX_NAME_WORDS)
        if floor >= 0:
            j = max(j, next((k for k, t in enumerate(toks) if t.start >= floor), j))
        elif refs is not None and j < len(toks) - 1:
            j = self._name_start(toks, j, refs)
        head = next((h for h in range(j) if toks[h].key in ROLE_HEADS), None)
        if head is not None and any(t.key in ROLE_WORDS for t in toks[:head]):
            head = None  # "Kantor Gubernur Kaltim" names a place, not someone's office
        role = _close(self.text[toks[head].start : toks[j - 1].end]) if head is not None else None
        name = self.text[self._rank_start(toks[j]) : toks[-1].end] if j < len(toks) else None
        if role is None and name is None:
            return None
        whole = (
            _close(self.text[toks[0].start : toks[-1].end]) if toks[0].key in ROLE_HEADS else None
        )
        return Mention(
            start=toks[0].start,
            end=toks[-1].end,
            role=role,
            role_key=_role_key(role) if role else None,
            name=name,
            name_key=tuple(t.key for t in toks[j:]),
            whole_role=whole,
        )

    def _name_start(self, toks: list[Token], j: int, refs: Refs) -> int:
        """Skip the place or firm words glued before a name: "Wali Kota Rekaan Budi Contoh"."""
        keys = tuple(t.key for t in toks[j:])
        n = len(keys)
        # A short reference elsewhere names the person from here: "kata Bambang"; one said to
        # speak first, as a body's name ("Rekaan Peduli menyalurkan") is a reference too.
        cut: int | None = None
        for first, group in enumerate(refs):
            # Only a speaker's reference vouches for the first word: bodies are referred to
            # alone too ("Rekaan Peduli menyalurkan bantuan"); a body speaks too, and stands
            # before the name, so the last reference wins.
            cut = max((i for i in range(first, n) if _refers(keys, i, group)), default=None)
            if cut is not None:
                break
        if cut is None:
            # No reference: after "Kota", "Bupati", "Yayasan" comes the place or body's name.
            at = self.token_at(toks[j].start) - 1
            before = self.tokens[at] if at >= 0 and not self.tokens[at].breaks_after else None
            cut = 1 if before is not None and before.key in NAMED_AFTER else 0
        while cut and keys[cut - 1] in NAME_OPENERS:
            cut -= 1  # "Muhammad Rizal" is one name, even when the article calls him "Rizal"
        while cut < n - 1 and keys[cut] in self._places and keys[cut] not in NAME_OPENERS:
            cut += 1
        return j + cut

    def _rank_start(self, first: Token) -> int:
        """Where a name's credit starts: its rank before it, "Ajun Komisaris Nama"."""
        start = first.start
        k = self.token_at(first.start) - 1
        while k >= 0 and self.tokens[k].title and not self.tokens[k].breaks_after:
            if self.tokens[k].key in RANK_WORDS:
                start = self.tokens[k].start
            k -= 1
        return start

    def _common(self, tok: Token) -> bool:
        if tok.key in ROLE_HEADS or tok.key in self.proper:
            return False
        return tok.key in self.lower or _DERIVED.fullmatch(tok.key) is not None


def _places(toks: list[Token]) -> set[int]:
    """Indices of "Sungai Rekaan", "Kabupaten Berau", "Loa Kulu": never a person's name."""
    out: set[int] = set()
    for i in range(len(toks) - 1):
        if toks[i].key in PLACE_PREFIXES and not (i and toks[i - 1].key == "wali"):
            out.update((i, i + 1))  # but "Wali Kota Andi Harun" names the mayor
    return out


def _refers(keys: tuple[str, ...], i: int, refs: set[tuple[str, ...]]) -> bool:
    # A surname alone may be the reference, "kata Rizal" for "Muhammad Rizal".
    return any(
        keys[i : i + len(r)] == r
        and len(r) < len(keys)  # the name itself again is no short reference
        and (len(r) > 1 or i + 1 < len(keys) or (i > 0 and keys[i - 1] in NAME_OPENERS))
        for r in refs
    )


def _place_keys(toks: list[Token]) -> set[str]:
    """Words the article also uses as the end of a place or body: "di Rekaan", "Kota Rekaan."."""
    out: set[str] = set()
    for k in range(1, len(toks)):
        tok, prev = toks[k], toks[k - 1]
        if not tok.word[:1].isupper() or tok.initial or prev.breaks_after:
            continue
        if prev.key in PLACE_MARKERS if prev.word[:1].islower() else prev.key in PLACE_CONTEXT:
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if tok.breaks_after or nxt is None or not capital(nxt):
                out.add(tok.key)
    return out


def _close(role: str) -> str:
    # "(Asisten I)": the bracket sits after the last role word.
    return role + ")" if role.count("(") > role.count(")") else role


def _role_key(role: str) -> str:
    words = norm(role).replace("(", " ").replace(")", " ").split()
    return " ".join(ROLE_ALIASES.get(w, w) for w in words)


def _contains(whole: tuple[str, ...], part: tuple[str, ...]) -> bool:
    if not part or len(part) > len(whole):
        return False
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))
