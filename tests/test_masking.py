"""Names and contact details kept out of comments (flows.masking): the labelled set meets its targets, and
the cases that matter one by one — names that are ordinary words, Danish genitives, mentions, e-mails,
phones and the numbers that are not phones."""

from __future__ import annotations

import pytest

from bench.masking import NAME_WORDS_WRONG_TARGET, RECALL_TARGET, WRONG_TARGET, load_directory, load_set, score
from flows.masking import Directory, Person, mask

DIRECTORY = Directory(
    [
        Person(("Mette Hansen", "mette.h")),
        Person(("Per Holm",)),
        Person(("Will Young",)),
        Person(("Jens Skov",)),
        Person(("Hans Berg",)),
    ]
)


def test_the_labelled_set_meets_the_targets() -> None:
    sentences = load_set()
    assert len(sentences) >= 200
    assert {s["language"] for s in sentences} == {"en", "da"}
    s = score(load_directory(), sentences)
    assert s.recall("name") >= RECALL_TARGET, s.misses
    assert s.recall("email") == 1.0 and s.recall("phone") == 1.0, s.misses
    assert s.wrong_share <= WRONG_TARGET, s.false
    assert s.name_words_wrong_share <= NAME_WORDS_WRONG_TARGET, s.false


def test_the_score_can_fail() -> None:
    """An empty directory catches no name: the scorer says so (the gate above is not a formality)."""
    s = score(Directory([]), load_set())
    assert s.recall("name") < 0.5


@pytest.mark.parametrize(
    ("text", "locale", "masked"),
    [
        ("since Mette moved me to the night shift", "en", "since [a colleague] moved me to the night shift"),
        ("Mettes beslutning", "da", "[en kollegas] beslutning"),
        ("Mette's decision", "en", "[a colleague]'s decision"),
        ("Jens' idé var god", "da", "[en kollegas] idé var god"),
        ("mette hansen and Jens Skov", "en", "[a colleague] and [a colleague]"),
        ("Per sagde at vi skal", "da", "[en kollega] sagde at vi skal"),
        ("Per uge har vi 3 møder", "da", "Per uge har vi 3 møder"),
        ("vi får 200 kr per time", "da", "vi får 200 kr per time"),
        ("I will ask Will about it", "en", "I will ask [a colleague] about it"),
        ("Will we ever get there?", "en", "Will we ever get there?"),
        ("Hans idé var god", "da", "Hans idé var god"),
        ("Hans sagde nej", "da", "[en kollega] sagde nej"),
        ("jeg lånte hans bil", "da", "jeg lånte hans bil"),
        ("<@U0METTE> and @mette.h said so", "en", "[a colleague] and [a colleague] said so"),
        ("ask mette.h", "en", "ask [a colleague]"),
        (
            "mail mette.hansen@acme.dk eller ring +45 12 34 56 78",
            "da",
            "mail [en e-mailadresse] eller ring [et telefonnummer]",
        ),
        ("call (555) 123-4567 or 12345678", "en", "call [a phone number] or [a phone number]"),
        ("on 2024-03-15 it cost 1.000.000 kr, 40 % of 2019", "en", "on 2024-03-15 it cost 1.000.000 kr, 40 % of 2019"),
        ("budget 2024-2025: 10 000 000 kr, 15.03.2024", "da", "budget 2024-2025: 10 000 000 kr, 15.03.2024"),
        ("mit cpr er 010190-1234", "da", "mit cpr er [et cpr-nummer]"),
    ],
)
def test_mask(text: str, locale: str, masked: str) -> None:
    assert mask(text, DIRECTORY, locale).text == masked


def test_masking_twice_changes_nothing_more_and_counts_what_it_found() -> None:
    once = mask("Mette (mette@acme.dk, 12 34 56 78) and Per said so", DIRECTORY, "en")
    assert once.text == "[a colleague] ([an e-mail address], [a phone number]) and [a colleague] said so"
    assert (once.count("name"), once.count("email"), once.count("phone")) == (2, 1, 1)
    again = mask(once.text, DIRECTORY, "en")
    assert again.text == once.text and not again.spans


def test_an_unknown_locale_falls_back_to_english() -> None:
    assert mask("Mette", DIRECTORY, "fr").text == "[a colleague]"
