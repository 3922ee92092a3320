"""A lead's own questions cannot single anyone out: identifying questions and links or mentions are refused with
a reason in the lead's language; every local question is optional for the person answering."""

from __future__ import annotations

import pytest

from bot.outbound.blocks.answers import answer_modal
from bot.slack.listeners.adaptation import error_text
from flows.adaptation import LINK, Draft, apply, check
from flows.identifying import CATEGORIES, identifying
from flows.loader import load_flows

WB = load_flows()["well_being"]
KEEP = [s.id for s in WB.steps]

# (question, what it asks for): every kind of identifying detail, in English and in Danish.
REFUSED = [
    ("Your initials, please", "initials"),
    ("Dine initialer?", "initials"),
    ("What is your name?", "name"),
    ("Skriv dit navn", "name"),
    ("Hvad hedder du?", "name"),
    ("Your e-mail address, so we can follow up", "contact"),
    ("Din e-mailadresse?", "contact"),
    ("Your phone number?", "contact"),
    ("Hvad er dit telefonnummer?", "contact"),
    ("Employee number (optional)", "employee_number"),
    ("Hvad er dit medarbejdernummer?", "employee_number"),
    ("How old are you?", "age"),
    ("Hvor gammel er du?", "age"),
    ("Are you over 50 years?", "age"),
    ("Which age group are you in?", "age"),
    ("Hvilken aldersgruppe er du i?", "age"),
    ("What is your gender?", "gender"),
    ("Hvilket køn har du?", "gender"),
    ("Are you a man or a woman?", "gender"),
    ("What is your nationality?", "nationality"),
    ("Hvad er din nationalitet?", "nationality"),
    ("Hvad er dit modersmål?", "nationality"),
    ("What is your job title?", "job_title"),
    ("Hvad er din stillingsbetegnelse?", "job_title"),
    ("Do you work night shifts?", "working_pattern"),
    ("Rate 5 if you work nights", "working_pattern"),
    ("Giv 5, hvis du arbejder om natten", "working_pattern"),
    ("Arbejder du på deltid?", "working_pattern"),
    ("Har du aftenvagter?", "working_pattern"),
    ("Do you work part-time?", "working_pattern"),
    ("Where do you work from?", "location"),
    ("Hvor sidder du?", "location"),
    ("Hvilken bygning arbejder du i?", "location"),
    ("Which office are you in?", "desk"),
    ("Where is your desk?", "desk"),
    ("Hvilket kontor sidder du på?", "desk"),
    ("How long have you worked here?", "seniority"),
    ("Hvor længe har du arbejdet her?", "seniority"),
    ("Hvad er din anciennitet?", "seniority"),
    ("Rate 1 if you are the team's newest member", "conditional"),
    ("Svar 5, hvis du er teamets nyeste", "conditional"),
]

ALLOWED = [
    "How is our coffee machine?",
    "Name one thing that would help us.",
    "Nævn én ting, der ville hjælpe os.",
    "Is your role clear?",
    "Er din rolle tydelig?",
    "How do we address workload?",
    "Has there been a shift in priorities?",
    "Is the help desk useful?",
    "Do meetings run under 30 minutes?",
    "Answer only if you want to",
    "Is the office too noisy?",
    "Hvordan har man det med arbejdsmængden?",
    "Hvad skal vi fejre, f.eks. efter lanceringen?",
    "Hvordan går det med mødet kl. 10.30?",
]


def draft(text: str, **more: str) -> Draft:
    return Draft(keep=KEEP, local=[{"kind": "rating", "en": text, **more}])


def test_every_kind_of_identifying_detail_is_covered_in_both_languages() -> None:
    assert {kind for _, kind in REFUSED} == set(CATEGORIES)


@pytest.mark.parametrize(("question", "kind"), REFUSED)
def test_a_question_asking_for_identifying_details_is_refused_with_its_reason(question: str, kind: str) -> None:
    assert identifying(question) == kind
    adaptation, errors = check(WB, draft(question))
    assert adaptation is None and errors == {"local_1": f"adapt_identifying_{kind}"}


@pytest.mark.parametrize("question", ALLOWED)
def test_questions_about_the_work_are_allowed(question: str) -> None:
    adaptation, errors = check(WB, draft(question))
    assert errors == {} and adaptation is not None and adaptation.local[0].text.en == question


def test_the_end_labels_of_a_local_rating_are_checked_too() -> None:
    _, errors = check(WB, draft("Which hours suit you?", low_en="Day shift", high_en="Night shift"))
    assert errors == {"local_1": "adapt_identifying_working_pattern"}


def test_the_reason_is_in_the_leads_language() -> None:
    en = error_text("adapt_identifying_initials", "en")
    da = error_text("adapt_identifying_initials", "da")
    assert en.startswith("This question could single someone out: it asks for initials.")
    assert da.startswith("Spørgsmålet kan udpege en person: det spørger om initialer.")
    assert error_text("adapt_link", "da").startswith("Ingen links")


LINKS = [
    "See HTTPS://intranet.example.org first",
    "see https://x.example",
    "Http://example.org",
    "Write to mailto:hr@example.org",
    "MAILTO:hr@example.org",
    "Open slack://channel?id=C1",
    "Call tel:+4512345678",
    "javascript:alert(1)",
    "Log in at www.example.org/login",
    "Log in at WWW.EXAMPLE.ORG",
    "Read example.dk before answering",
    "Read Example.DK before answering",
    "Our wiki at wiki.intra.example.com/page",
    "Tell hr@example.org",
    "Ask @here",
    "Ask @Mette",
    "<!channel> please answer",
    "ftp://files.example.org",
]


@pytest.mark.parametrize("question", LINKS)
def test_links_and_mentions_of_every_kind_and_case_are_refused(question: str) -> None:
    assert LINK.search(question)
    _, errors = check(WB, draft(question))
    assert errors == {"local_1": "adapt_link"}


@pytest.mark.parametrize(
    "question", ["Is 3.5 hours enough?", "e.g. meetings", "i.e. the workload", "bl.a. møder, dvs. osv.", "Note: 10:30"]
)
def test_ordinary_punctuation_is_not_a_link(question: str) -> None:
    assert not LINK.search(question)


def test_a_label_with_a_link_is_refused() -> None:
    _, errors = check(WB, draft("How is the coffee?", low_en="see example.dk"))
    assert errors == {"local_1": "adapt_link"}


def test_every_local_question_is_optional_for_the_person_answering() -> None:
    adaptation, _ = check(
        WB,
        Draft(keep=KEEP, local=[{"kind": "rating", "en": "How is the coffee?"}, {"kind": "text", "en": "What else?"}]),
    )
    flow = apply(WB, adaptation)
    local = [s for s in flow.steps if s.id.startswith("local_")]
    assert [s.id for s in local] == ["local_1", "local_2"]
    blocks = [
        b
        for b in answer_modal(flow, flow.steps, "en", 1, {})["blocks"]
        if b.get("type") == "input" and b["block_id"].endswith(("local_1", "local_2"))
    ]
    assert len(blocks) == 2 and all(b["optional"] for b in blocks)
