"""Questions that would single someone out: a lead's own question may not ask for identifying details.

In a team of six, "Your initials, please" or "Rate 5 if you work nights" ties an answer to one person however
anonymous the round is. A local question is refused when it asks for a name, initials, an e-mail address or
phone number, an employee number, age, gender, nationality, job title, working pattern or shift, location,
desk or office, or seniority — in English or Danish — or when it asks people to answer one way *if* something
is true of them. Matching is on whole words, case-insensitive, so "Name one thing that helps" or "Is your role
clear?" stay allowed. A heuristic, not a guarantee: the README says what it cannot catch.
"""

from __future__ import annotations

import re

# Category → patterns (regular expressions over whole words). The category is for the reason and for tests.
_TERMS: dict[str, tuple[str, ...]] = {
    "name": (
        r"(your|full|first|last|given|family|middle|sur)\s*-?\s*names?",
        r"names?\s*(please|\?|:)",
        r"what\s+(is\s+)?your\s+name",
        r"who\s+are\s+you",
        r"(dit|dine|fulde|for|efter|mellem)\s*-?\s*navne?",
        r"navne?\s*(tak|\?|:)",
        r"hvad\s+hedder\s+du",
        r"hvem\s+er\s+du",
        r"signature",
        r"sign\s+(it|your|with)",
        r"underskri(v|ft)\w*",
    ),
    "initials": (r"initials?", r"initialer", r"forbogstaver"),
    "contact": (
        r"e-?mails?(\s*address(es)?)?",
        r"(e-?)?mail\s*-?\s*adresser?",
        r"e-?mailadresser?",
        r"(tele)?phone\s*-?\s*(number|no|nr)",
        r"(mobile|cell)\s*-?\s*(phone\s+)?number",
        r"(telefon|mobil)\s*-?\s*(nummer|nr)",
        r"tlf(\.|\s*-?\s*nr)?",
        r"slack\s*(handle|name|navn)",
        r"brugernavn",
        r"username",
    ),
    "employee_number": (
        r"(employee|staff|payroll|personnel|badge|id)\s*-?\s*(number|nr|id)",
        r"employee\s+id",
        r"(medarbejder|løn|personale|ansættelses)\s*-?\s*(nummer|nr)",
        r"medarbejdernummer",
        r"lønnummer",
        r"cpr(\s*-?\s*(nummer|nr))?",
        r"personnummer",
    ),
    "age": (
        r"age(\s*group)?",
        r"how\s+old",
        r"(year|date)\s+of\s+birth",
        r"birth\s*(day|date|year)",
        r"born",
        r"(over|under|above|below|aged)\s+\d{2}(\s+(years|år))?(?=\s*(years|år|\?|,|\.|$))",
        r"alder(sgruppe)?",
        r"hvor\s+gammel",
        r"fødsels(år|dag|dato)",
        r"født",
    ),
    "gender": (
        r"gender",
        r"sex",
        r"male",
        r"female",
        r"wom[ae]n",
        r"non-?binary",
        r"man\s+or\s+(a\s+)?woman",
        r"køn",
        r"kvinde(r|lig)?",
        r"mandlig",
        r"mand\s+eller\s+kvinde",
        r"nonbinær",
    ),
    "nationality": (
        r"nationality",
        r"citizenship",
        r"ethnicity",
        r"ethnic",
        r"country\s+of\s+(origin|birth)",
        r"where\s+are\s+you\s+from",
        r"native\s+language",
        r"mother\s+tongue",
        r"first\s+language",
        r"nationalitet",
        r"statsborgerskab",
        r"etnicitet",
        r"etnisk",
        r"oprindelsesland",
        r"fødeland",
        r"hvor\s+kommer\s+du\s+fra",
        r"modersmål",
    ),
    "job_title": (
        r"job\s*-?\s*(title|role)",
        r"your\s+title",
        r"which\s+(position|role|title)",
        r"what\s+(position|title)",
        r"position\s+do\s+you\s+hold",
        r"stillings?betegnelse",
        r"jobtitel",
        r"titel",
        r"hvilken\s+(stilling|rolle)",
        r"din\s+stilling",
    ),
    "working_pattern": (
        r"shifts?(?!\s+(in|of|towards|to|from|away)\b)",
        r"night\s*-?\s*shifts?",
        r"nights",
        r"work(ing)?\s+(at\s+)?nights?",
        r"weekend\s+work",
        r"work(ing)?\s+weekends",
        r"part\s*-?\s*time",
        r"full\s*-?\s*time",
        r"rota",
        r"vagt(er|plan|en)?",
        r"(natte|aften|dag|weekend)vagt(er)?",
        r"skifteholds?(arbejde)?",
        r"vagtskifte",
        r"om\s+natten",
        r"deltid",
        r"fuldtid",
        r"nedsat\s+tid",
    ),
    "location": (
        r"location",
        r"where\s+do\s+you\s+(work|sit|live)",
        r"which\s+(site|building|city|town|branch|floor)",
        r"(home|street|postal|private|your)\s+address",
        r"lokation",
        r"adresse",
        r"hvor\s+(arbejder|sidder|bor)\s+du",
        r"hvilken\s+(by|bygning|afdeling|filial|etage|matrikel)",
        r"arbejdssted",
    ),
    "desk": (
        r"(?<!help\s)(?<!service\s)desks?",
        r"(which|what)\s+(office|room)",
        r"(office|room|seat)\s+number",
        r"where\s+is\s+your\s+(office|desk|seat)",
        r"skriveborde?t?",
        r"hvilket\s+(kontor|lokale)",
        r"(kontor|lokale)\s*-?\s*(nummer|nr)",
        r"hvor\s+(er|ligger)\s+dit\s+(kontor|skrivebord)",
        r"hvilken\s+plads",
    ),
    "seniority": (
        r"seniority",
        r"tenure",
        r"years?\s+of\s+service",
        r"how\s+long\s+have\s+you\s+(been|worked)",
        r"how\s+many\s+years",
        r"start(ing)?\s+date",
        r"when\s+did\s+you\s+(start|join)",
        r"new(ly)?\s+(hire|hired|employee|starter)",
        r"anciennitet",
        r"hvor\s+længe\s+har\s+du",
        r"hvor\s+mange\s+år",
        r"ansættelses(dato|tid)",
        r"hvornår\s+(startede|begyndte)\s+du",
        r"nyansat",
    ),
    # "Rate 5 if you work nights": a rating that stands for a fact about the person, whatever the fact.
    "conditional": (
        r"(\d{1,2}|yes|no)\b[^.?!]{0,25}\bif\s+you",
        r"(\d{1,2}|ja|nej)\b[^.?!]{0,25}\bhvis\s+du",
    ),
}

_PATTERNS = {
    category: re.compile(r"(?<!\w)(?:" + "|".join(terms) + r")(?!\w)", re.IGNORECASE)
    for category, terms in _TERMS.items()
}
CATEGORIES = tuple(_TERMS)


def identifying(text: str) -> str | None:
    """The first kind of identifying detail `text` asks for (a category of CATEGORIES), or None."""
    for category, pattern in _PATTERNS.items():
        if pattern.search(text):
            return category
    return None
