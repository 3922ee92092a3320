"""Names and contact details kept out of comments: the pure matcher (no Slack, no SQL, no model).

A comment such as "since Mette moved me to the night shift…" names a colleague and, in a small team, its
writer too. Before a comment is shown to its writer as the lead will read it, and before it is stored, every
name of a person in the directory, every Slack mention or @handle, every e-mail address and every phone
number in it is replaced by "[a colleague]" / "[en kollega]" and the like, in the writer's language.

How names are found (the directory match is the whole of it; no NER model is loaded or needed):

- **Full names** of anyone in the organisation's directory ("Mette Hansen", "mette hansen", "Anne-Marie
  Nørgaard"): two or more adjacent names of the same person, in any case.
- **Single names** (a first name or a surname alone, "Mette", "Hansen"), Danish genitive ("Mettes",
  "Jens'") and English possessive ("Mette's") included: of anyone in the directory when the name is not
  also an ordinary word, in any case.
- **Names that are also ordinary words** ("Per", "Bo", "Hans", "Mark", "Will", "Hope", "Rose"…, the list
  `ORDINARY` below) only when written with a capital: in mid-sentence that is enough; at the start of a
  sentence, where every word has one, only when a genitive or a word that follows a person comes next ("Per
  sagde…", "Will told me…", "Marks idé") — so "Per uge…", "Hans idé…" and "Will we…" stay as written. English
  month names ("May", "June") need that context everywhere. A first name shared by several people is masked
  all the same: it still points at one of a few.
- **Mentions and handles**: Slack's `<@U…>` and any `@handle`; a display name written without the @.
- **E-mail addresses**, **phone numbers** (8–15 digits, with spaces, dashes, dots or a leading +; dates,
  amounts and years are left alone) and Danish **CPR numbers** (010190-1234).

What this cannot catch — descriptions of events ("the only one of us who works nights"), a writing style, a
nickname the directory does not know, a name misspelt, a name of someone outside the directory — is said
plainly in the README and in the preview the writer sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

PLACEHOLDERS: dict[str, dict[str, str]] = {
    "en": {
        "name": "[a colleague]",
        "genitive": "[a colleague's]",
        "email": "[an e-mail address]",
        "phone": "[a phone number]",
        "id": "[an ID number]",
    },
    "da": {
        "name": "[en kollega]",
        "genitive": "[en kollegas]",
        "email": "[en e-mailadresse]",
        "phone": "[et telefonnummer]",
        "id": "[et cpr-nummer]",
    },
}

# Words of English or Danish that are also first names or surnames. A directory name in this list is masked
# only when capitalised (see the module's docstring); any other directory name is masked in every case.
# Lower case; both languages at once, as people write either.
ORDINARY = frozenset(
    """
    ager ask august bager bakke ben bent birk bjerg bjørn borg bro brun dag dal dam eg eik elg eng engel
    fisker fjord fred glad gram hans helle hjort holm hvid håb jarl jord kim konge krog krone lind lund lykke
    lys lærke maj mod munk mo nat nord ny per pil præst ravn rask ring rose sand skov smed sol sommer sort sten
    storm strand sund svend sø tor tro ulv vang vest vind vinter bo
    amber april art autumn baker bill bird black brook brown buck bush candy chase cliff colt cook crystal
    dale dawn dean don doll drake duke dusty earl eve faith field fisher ford forest fox frank gene glen
    grace gray green grey guy hall hart hazel heath heather hill holly honey hope hunter iris ivy jack joy
    june king lake lamb lane lee lily lone long mark max may miller nick olive page pat pearl penny prince
    rain ray rich river rob rocky rod rosemary ruby rusty sage sandy sky smith snow spring sterling stone
    sue sugar summer violet ward white will winter wolf wood young grant miles drew clay chance chip dash day
    gale jay jet kitty lance mason pierce reed wade wren skip sunny sally harry dick chuck job else line liv
    gry tage rune tom stig kaj bror dan christian ester man tak alle
    """.split()
)
# Capitalised in mid-sentence as ordinary words (English months): masked only with a person's context.
CAPITALISED_WORDS = frozenset({"may", "june", "april", "august", "christian", "christmas", "easter"})
# Words that follow a person at the start of a sentence ("Per sagde…", "Will told me…", "Holm fra HR…"); a
# verb in the past tense or (English) the third person does too — see `_follows_person`.
PERSON_CONTEXT = frozenset(
    """
    said says told tells asked asks thinks thought wants wanted is was has had does did doesn't didn't isn't
    wasn't hasn't won't can't always never keeps kept gave gives made makes took takes from should would
    could must might will can
    sagde siger har havde er var gav giver bad beder synes syntes mener mente vil ville kan kunne skal skulle
    altid aldrig fik får tog tager gør gjorde kom kommer ved vidste fra burde bør må måtte
    """.split()
)
# Ordinary words that are followed by a noun, not a verb ("Hans opgaver" is "his tasks").
_BEFORE_NOUNS = frozenset({"hans"})
PARTICLES = frozenset({"von", "van", "der", "den", "de", "af", "la", "le", "da", "di", "du", "del", "st"})
_SENTENCE_END = ".!?:;…\n"
_OPENERS = "\"'“”‘’«»„([{*•-–— \t"

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-])", re.UNICODE)
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>|(?<![\w.@])@[^\W_][\w.\-]*[\w]", re.UNICODE)
_PHONE = re.compile(r"(?<![\w+\-/.,])\+?\(?\d[\d \-.()/]{6,}\d(?![\w\-/]|[.,]\d)")
_HANDLE = re.compile(r"(?<![\w.@])[^\W_][\w\-]*(?:[._][\w\-]+)+(?![\w@])", re.UNICODE)
_DATE = re.compile(r"\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}")
_THOUSANDS = re.compile(r"\d{1,3}(?:[., ]\d{3})+")  # 1.000.000, 1,250,000, 10 000 000
_CPR = re.compile(r"(?<![\d\-])[0-3]\d[01]\d\d\d-\d{4}(?![\d\-])")  # a Danish personal ID number, 010190-1234
_YEARS = re.compile(r"(?:19|20)\d\d ?[-/–] ?(?:19|20)\d\d")  # 2024-2025
_PROTECTED = re.compile("|".join(re.escape(p) for ph in PLACEHOLDERS.values() for p in ph.values()))


@dataclass(frozen=True)
class Person:
    """Someone in the directory: every way they are named (real name, display name)."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """What was found at text[start:end]: a 'name' (mentions are names), a name's 'genitive' ("Mettes"), an
    'email', a 'phone' or an 'id' (a Danish CPR number)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Masked:
    text: str
    spans: tuple[Span, ...]  # in the original text

    def count(self, kind: str) -> int:
        """How many of a kind were masked (a genitive counts as a name)."""
        kinds = ("name", "genitive") if kind == "name" else (kind,)
        return sum(1 for s in self.spans if s.kind in kinds)


def _fold(word: str) -> str:
    return word.replace("’", "'").casefold()


def _parts(name: str) -> list[str]:
    """The words of a name, hyphenated ones also split ("Anne-Marie" → anne-marie, anne, marie)."""
    out: list[str] = []
    for m in _WORD.finditer(name):
        w = _fold(m.group())
        if len(w) < 2 or w in PARTICLES:
            continue
        out.append(w)
        if "-" in w:
            out.extend(p for p in w.split("-") if len(p) >= 2 and p not in PARTICLES)
    return out


@dataclass
class Directory:
    """The people comments may name, indexed for matching: built once, used for many comments."""

    people: list[Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.owners: dict[str, set[int]] = {}  # a name word → the people it names
        self.handles: set[str] = set()  # display names of one word with a dot or underscore ("mette.h")
        for i, p in enumerate(self.people):
            for name in p.names:
                n = name.strip()
                if not n:
                    continue
                if " " not in n and any(c in n for c in "._") and len(n) >= 3:
                    self.handles.add(_fold(n))
                for w in _parts(n):
                    self.owners.setdefault(w, set()).add(i)


def _base(word: str, d: Directory) -> str | None:
    """The directory name a word is (itself, or its genitive / possessive form), else None."""
    w = _fold(word)
    if w in d.owners:
        return w
    for suffix in ("'s", "s", "'"):
        if w.endswith(suffix) and w[: -len(suffix)] in d.owners:
            base = w[: -len(suffix)]
            # "marks", "bos": an ordinary word's plural in lower case is not a genitive of a name
            if suffix == "s" and base in ORDINARY and not word[:1].isupper():
                return None
            return base
    return None


def _sentence_start(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i == 0:
        return True
    if "\n" in text[i:start]:
        return True
    return text[i - 1] in _SENTENCE_END


def _follows_person(base: str, text: str, end: int, d: Directory) -> bool:
    """Whether what follows a sentence's first word reads as a person's doing ("Per sagde", "Mark marks",
    "Lone dækker", "Rose organised") or company ("Birk og Liv", "Grace and I"): a word of PERSON_CONTEXT, a
    verb by its ending, or "and"/"og" and a name or "I"/"jeg"."""
    m = _WORD.search(text, end)
    if m is None or text[end : m.start()].strip(" \t") or not m.group()[:1].islower():
        return False
    w = _fold(m.group())
    after = _WORD.search(text, m.end())
    then = after.group() if after is not None and not text[m.end() : after.start()].strip(" \t") else ""
    if w in ("and", "og"):
        return _fold(then) in ("i", "jeg", "me", "mig") or (then[:1].isupper() and _base(then, d) is not None)
    if w in PERSON_CONTEXT:
        return True
    if base in _BEFORE_NOUNS or _fold(then) in ("are", "were", "have", "er", "var", "har"):
        return False  # "Hans opgaver…", "Frank conversations are…": a noun, not a verb
    return w.endswith(("ed", "ede", "te", "es", "er")) or (w.endswith("s") and not w.endswith(("ss", "us", "is")))


def _find_names(text: str, d: Directory, taken: list[tuple[int, int]]) -> list[Span]:
    words = [m for m in _WORD.finditer(text) if not any(a < m.end() and m.start() < b for a, b in taken)]
    # Expand hyphenated words that are not names themselves into their parts ("Jens-sagen" → Jens, sagen).
    tokens: list[tuple[int, int, str]] = []
    for m in words:
        w = m.group()
        if "-" in w and _base(w, d) is None:
            pos = m.start()
            for part in w.split("-"):
                tokens.append((pos, pos + len(part), part))
                pos += len(part) + 1
        else:
            tokens.append((m.start(), m.end(), w))
    bases = [_base(w, d) for _, _, w in tokens]
    hit = [False] * len(tokens)
    # Full names: adjacent words naming the same person (not both ordinary words in lower case).
    for i in range(len(tokens) - 1):
        a, b = bases[i], bases[i + 1]
        gap = text[tokens[i][1] : tokens[i + 1][0]]
        if a is None or b is None or a == b or gap not in (" ", "-"):
            continue
        if not d.owners[a] & d.owners[b]:
            continue
        words_are_ordinary = a in ORDINARY and b in ORDINARY
        capitals = tokens[i][2][:1].isupper() or tokens[i + 1][2][:1].isupper()
        if words_are_ordinary and not capitals:
            continue
        hit[i] = hit[i + 1] = True
    for i, (start, end, word) in enumerate(tokens):
        base = bases[i]
        if hit[i] or base is None:
            continue
        if base not in ORDINARY and base not in CAPITALISED_WORDS:
            hit[i] = True
            continue
        if not word[:1].isupper():
            continue
        genitive = _fold(word) != base or text[end : end + 1] in ("'", "’")
        context = genitive or _follows_person(base, text, end, d)
        if base in CAPITALISED_WORDS or _sentence_start(text, start):
            hit[i] = context
        else:
            hit[i] = True
    spans: list[Span] = []
    for i, (start, end, word) in enumerate(tokens):
        if not hit[i]:
            continue
        kind = "name"
        folded = _fold(word)
        if folded.endswith("'s") and bases[i] == folded[:-2]:
            end -= 2  # "Mette's": the colleague is masked, the possessive stays
        elif folded != bases[i]:
            kind = "genitive"  # "Mettes", "Jens'": "[en kollegas]"
        elif end < len(text) and text[end] in "'’" and folded[-1:] in "sxz" and not text[end + 1 : end + 2].isalpha():
            end, kind = end + 1, "genitive"  # "Jens'" as written after a name ending in s
        if spans and spans[-1].kind == "name" and text[spans[-1].end : start] in (" ", "-"):
            spans[-1] = Span(spans[-1].start, end, kind)  # "Mette Hansen" is one colleague
        else:
            spans.append(Span(start, end, kind))
    return spans


def _phone(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    if not 8 <= digits <= 15:
        return False
    core = candidate.strip("()")
    return not (_DATE.fullmatch(core) or _THOUSANDS.fullmatch(core) or _YEARS.fullmatch(core))


def find(text: str, directory: Directory) -> list[Span]:
    """Every name, mention, e-mail address and phone number in `text`, in order, not overlapping."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    for m in _EMAIL.finditer(text):
        if free(m.start(), m.end()):
            spans.append(Span(m.start(), m.end(), "email"))
            taken.append((m.start(), m.end()))
    for m in _MENTION.finditer(text):
        if free(m.start(), m.end()):
            spans.append(Span(m.start(), m.end(), "name"))
            taken.append((m.start(), m.end()))
    for m in _CPR.finditer(text):
        if free(m.start(), m.end()):
            spans.append(Span(m.start(), m.end(), "id"))
            taken.append((m.start(), m.end()))
    for m in _PHONE.finditer(text):
        a, b = m.start(), m.end()
        while b > a and text[b - 1] in " -.(/":
            b -= 1
        if free(a, b) and _phone(text[a:b]):
            spans.append(Span(a, b, "phone"))
            taken.append((a, b))
    for m in _HANDLE.finditer(text):
        if _fold(m.group()) in directory.handles and free(m.start(), m.end()):
            spans.append(Span(m.start(), m.end(), "name"))
            taken.append((m.start(), m.end()))
    spans.extend(_find_names(text, directory, taken))
    return sorted(spans, key=lambda s: s.start)


def mask(text: str, directory: Directory, locale: str) -> Masked:
    """`text` with every name, mention, e-mail address and phone number replaced, in `locale`'s words."""
    words = PLACEHOLDERS.get(locale, PLACEHOLDERS["en"])
    spans = find(text, directory)
    out, at = [], 0
    for s in spans:
        out.append(text[at : s.start])
        out.append(words[s.kind])
        at = s.end
    out.append(text[at:])
    return Masked("".join(out), tuple(spans))


def directory_of(people: Iterable[Person]) -> Directory:
    return Directory(list(people))
