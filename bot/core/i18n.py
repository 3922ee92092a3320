"""Every user-facing sentence of the bot, in English and Danish, and numbers and dates in the person's locale.

Flow texts live in the flow files. A sentence that counts something has a form per CLDR plural category
("one", "other"), chosen by Babel for the locale; numbers are formatted by Babel too (1,500 and 2.4 in English,
1.500 and 2,4 in Danish). The languages are flows.model.LOCALES.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from flows.model import LOCALES

Plural = dict[str, str]  # CLDR plural category ("one", "other", …) → text with {count}

TEXTS: dict[str, dict[str, str | Plural]] = {
    # Starting a round
    "start.title": {"en": "New dialogue round", "da": "Ny dialogrunde"},
    "start.submit": {"en": "Start round", "da": "Start runde"},
    "start.cancel": {"en": "Cancel", "da": "Annullér"},
    "start.intro": {
        "en": "Each participant gets a DM with the prompts. You get the summary at the deadline.",
        "da": "Hver deltager får en DM med spørgsmålene. Du får opsummeringen ved fristen.",
    },
    "start.participants": {"en": "Participants", "da": "Deltagere"},
    "start.channel": {"en": "…and/or everyone in a channel", "da": "…og/eller alle i en kanal"},
    "start.not_you": {
        "en": "You are not a participant of your own round, even if you pick yourself: results are shown to you "
        "only when enough of the others have answered.",
        "da": "Du deltager ikke i din egen runde, heller ikke hvis du vælger dig selv: resultater vises kun for dig, "
        "når nok af de andre har svaret.",
    },
    "start.channel_hint": {
        "en": "Optional. The bot must be a member of a private channel to see who is in it.",
        "da": "Valgfrit. Botten skal være medlem af en privat kanal for at se, hvem der er med.",
    },
    "start.concept": {"en": "Dialogue", "da": "Dialog"},
    "start.deadline": {"en": "Deadline", "da": "Frist"},
    "start.pacing": {"en": "How prompts are paced", "da": "Hvordan spørgsmålene sendes"},
    "pacing.all_now": {"en": "All at once, now", "da": "Alle på én gang, nu"},
    "pacing.daily": {"en": "One theme per working day", "da": "Ét tema pr. arbejdsdag"},
    "start.anonymous": {"en": "Answers", "da": "Svar"},
    "anon.yes": {"en": "Anonymous (recommended)", "da": "Anonyme (anbefales)"},
    "anon.no": {"en": "With names", "da": "Med navn"},
    "error.deadline_past": {"en": "Pick a time in the future.", "da": "Vælg et tidspunkt i fremtiden."},
    "error.deadline_missing": {"en": "Pick a deadline.", "da": "Vælg en frist."},
    "error.no_participants": {
        "en": "Pick at least one participant or a channel.",
        "da": "Vælg mindst én deltager eller en kanal.",
    },
    "error.unknown_concept": {"en": "Pick a dialogue.", "da": "Vælg en dialog."},
    # Disclosure across releases (issue 21a): a total that counts without a part too small to show.
    "campaign.left_out": {"en": "without a part too small to show", "da": "uden en del, der er for lille at vise"},
    "campaign.left_out_mark": {"en": "†", "da": "†"},
    "campaign.left_out_why": {
        "en": "† Counted without a part too small to show on its own: with it, subtracting numbers already shown "
        "would single out fewer than {threshold} people.",
        "da": "† Talt uden en del, der er for lille til at vises alene: med den ville man kunne trække allerede viste "
        "tal fra og udpege færre end {threshold} personer.",
    },
    # The invitation DM
    "invite.text": {
        "en": "<@{lead}> has started a *{title}* and invites you to take part.",
        "da": "<@{lead}> har startet en *{title}* og inviterer dig til at deltage.",
    },
    "invite.deadline": {"en": "*Please answer by* {deadline}.", "da": "*Svar venligst senest* {deadline}."},
    "invite.anonymous": {
        "en": ":lock: *Anonymous.* Your name is never stored with your answer. Your lead sees only totals, "
        "and only when at least {threshold} people have answered; comments are shown without names.",
        "da": ":lock: *Anonymt.* Dit navn gemmes aldrig sammen med dit svar. Din leder ser kun samlede tal, "
        "og kun når mindst {threshold} har svaret; kommentarer vises uden navn.",
    },
    "invite.named": {
        "en": ":bust_in_silhouette: *With names.* Your lead will see your answers with your name.",
        "da": ":bust_in_silhouette: *Med navn.* Din leder vil se dine svar med dit navn.",
    },
    "invite.daily": {
        "en": "A new theme opens each working day; come back to answer it.",
        "da": "Et nyt tema åbner hver arbejdsdag; kom tilbage og svar på det.",
    },
    "invite.button": {"en": "Answer", "da": "Svar"},
    "invite.received": {
        "en": ":white_check_mark: Thank you, your answer was received. You can change it until {deadline}.",
        "da": ":white_check_mark: Tak, dit svar er modtaget. Du kan ændre det indtil {deadline}.",
    },
    "invite.change": {"en": "Change my answer", "da": "Ret mit svar"},
    "invite.closed": {
        "en": "This round closed. Thank you for taking part.",
        "da": "Denne runde er lukket. Tak fordi du deltog.",
    },
    # Issue 21b: a campaign round's people, the organisation file's duplicates and depth
    "campaign.error.outsiders": {
        "en": {
            "one": "{count} of the people chosen is not in {unit}: a campaign round is for the unit's own people "
            "(you may leave some out). Remove them, or start a round of your own for them.",
            "other": "{count} of the people chosen are not in {unit}: a campaign round is for the unit's own "
            "people (you may leave some out). Remove them, or start a round of your own for them.",
        },
        "da": {
            "one": "{count} af de valgte personer er ikke i {unit}: en kampagnerunde er for enhedens egne folk "
            "(du kan udelade nogle). Fjern personen, eller start en runde for sig selv til dem.",
            "other": "{count} af de valgte personer er ikke i {unit}: en kampagnerunde er for enhedens egne folk "
            "(du kan udelade nogle). Fjern dem, eller start en runde for sig selv til dem.",
        },
    },
    # Answering
    "answer.submit": {"en": "Send", "da": "Send"},
    "answer.cancel": {"en": "Not now", "da": "Ikke nu"},
    "answer.rating": {"en": "How is it for you?", "da": "Hvordan er det for dig?"},
    "answer.choose": {"en": "Choose…", "da": "Vælg…"},
    "answer.reflect_hint": {
        "en": "Optional. Write as much or as little as you like.",
        "da": "Valgfrit. Skriv så meget eller så lidt, du vil.",
    },
    "answer.question": {"en": "For the team meeting: {q}", "da": "Til teammødet: {q}"},
    "error.required": {"en": "Please choose a rating.", "da": "Vælg venligst en vurdering."},
    "error.out_of_range": {"en": "Please choose one of the options.", "da": "Vælg venligst en af mulighederne."},
    "error.too_long": {"en": "Please keep it under {n} characters.", "da": "Hold det venligst under {n} tegn."},
    "polite.title": {"en": "Thank you", "da": "Tak"},
    "polite.closed": {
        "en": "This round closed on {deadline}, so your answer could not be stored. Thank you for wanting to "
        "take part; your lead will share the results with the team.",
        "da": "Denne runde lukkede {deadline}, så dit svar kunne ikke gemmes. Tak fordi du ville deltage; "
        "din leder deler resultaterne med teamet.",
    },
    "polite.not_participant": {
        "en": "You are not a participant in this round, so nothing was stored. If you think you should be, "
        "ask the person who started it.",
        "da": "Du er ikke deltager i denne runde, så intet blev gemt. Hvis du mener, du burde være med, "
        "så spørg den, der startede den.",
    },
    "polite.unknown": {"en": "This round no longer exists.", "da": "Denne runde findes ikke længere."},
    "polite.ok": {"en": "OK", "da": "OK"},
    # Issue 22a: "What your lead will see" before an answer is stored, and names kept out of comments
    "preview.next": {"en": "Next", "da": "Videre"},
    "preview.title": {"en": "Before you send", "da": "Før du sender"},
    "preview.send": {"en": "Send", "da": "Send"},
    "preview.back": {"en": "Back", "da": "Tilbage"},
    "preview.header": {"en": "What your lead will see", "da": "Det, din leder vil se"},
    "preview.nothing_stored": {
        "en": "Nothing is stored until you press *Send*. Press *Back* to change anything.",
        "da": "Intet gemmes, før du trykker *Send*. Tryk *Tilbage* for at ændre noget.",
    },
    "preview.anonymous": {
        "en": "Your lead never sees which answers are yours: your ratings are shown only as counts, one of "
        "many, and your comments without your name, sorted so their order says nothing. Nothing at all is shown "
        "unless at least {threshold} people answer.",
        "da": "Din leder ser aldrig, hvilke svar der er dine: dine vurderinger vises kun som antal, én blandt "
        "flere, og dine kommentarer uden dit navn, sorteret så rækkefølgen intet afslører. Intet vises, "
        "medmindre mindst {threshold} svarer.",
    },
    "preview.named": {
        "en": ":bust_in_silhouette: This round is *with names*: your lead sees your name with your ratings and "
        "comments.",
        "da": ":bust_in_silhouette: Denne runde er *med navne*: din leder ser dit navn ved dine vurderinger og "
        "kommentarer.",
    },
    "preview.too_small": {
        "en": ":lock: Only {invited} people are in this round, fewer than {threshold}: your lead will see how "
        "many answered and nothing of what anyone answered.",
        "da": ":lock: Der er kun {invited} personer i denne runde, færre end {threshold}: din leder ser, hvor "
        "mange der svarede, og intet af det, nogen svarede.",
    },
    "preview.so_far": {
        "en": "So far {answered} of {invited} have answered (you included). If fewer than {threshold} have "
        "answered by the deadline, your lead sees nothing of the answers.",
        "da": "Indtil nu har {answered} af {invited} svaret (dig medregnet). Har færre end {threshold} svaret "
        "ved fristen, ser din leder intet af svarene.",
    },
    "preview.rating": {
        "en": "Your rating *{label}* is one of the ratings counted in this theme's chart — shown only if at "
        "least {threshold} rate it.",
        "da": "Din vurdering *{label}* er én af vurderingerne, der tælles i temaets diagram — vises kun, hvis "
        "mindst {threshold} vurderer det.",
    },
    "preview.rating_named": {
        "en": "Your rating *{label}*, with your name.",
        "da": "Din vurdering *{label}*, med dit navn.",
    },
    "preview.no_rating": {"en": "No rating from you.", "da": "Ingen vurdering fra dig."},
    "preview.declined": {
        "en": "You would rather not say: counted apart, never in a mean.",
        "da": "Du vil helst ikke svare: tælles for sig, aldrig med i et gennemsnit.",
    },
    "preview.comment": {
        "en": "Your comment, as your lead will read it:",
        "da": "Din kommentar, som din leder læser den:",
    },
    "preview.no_comments": {"en": "You wrote no comments.", "da": "Du skrev ingen kommentarer."},
    "preview.masked": {
        "en": ":shield: We replaced {what} in your comments. Only this version is stored.",
        "da": ":shield: Vi har erstattet {what} i dine kommentarer. Kun denne udgave gemmes.",
    },
    "preview.masked_names": {
        "en": {"one": "{count} name", "other": "{count} names"},
        "da": {"one": "{count} navn", "other": "{count} navne"},
    },
    "preview.masked_emails": {
        "en": {"one": "{count} e-mail address", "other": "{count} e-mail addresses"},
        "da": {"one": "{count} e-mailadresse", "other": "{count} e-mailadresser"},
    },
    "preview.masked_phones": {
        "en": {"one": "{count} phone number", "other": "{count} phone numbers"},
        "da": {"one": "{count} telefonnummer", "other": "{count} telefonnumre"},
    },
    "preview.masked_ids": {
        "en": {"one": "{count} ID number", "other": "{count} ID numbers"},
        "da": {"one": "{count} cpr-nummer", "other": "{count} cpr-numre"},
    },
    "preview.and": {"en": " and ", "da": " og "},
    "preview.cannot_catch": {
        "en": "Masking catches names from the directory, mentions, e-mail addresses and phone numbers — not a "
        "description of an event, a role only you have, or your way of writing. Read it once more as your lead "
        "would.",
        "da": "Maskeringen fanger navne fra medarbejderoversigten, omtaler, e-mailadresser og telefonnumre — ikke "
        "en beskrivelse af en hændelse, en rolle kun du har, eller din måde at skrive på. Læs det igen, som din "
        "leder ville.",
    },
    "preview.too_long": {
        "en": "Together your comments are too long to show before sending: please shorten this one a little.",
        "da": "Tilsammen er dine kommentarer for lange til at blive vist, før du sender: forkort venligst denne lidt.",
    },
    "preview.changed": {
        "en": "Something changed since you saw the preview (a theme closed or opened), so nothing was stored. "
        "Please open the form again.",
        "da": "Noget ændrede sig, efter du så forhåndsvisningen (et tema lukkede eller åbnede), så intet blev gemt. "
        "Åbn venligst formularen igen.",
    },
    # The lead's status message
    "status.started": {"en": "Your *{title}* round is running.", "da": "Din *{title}*-runde er i gang."},
    "status.closed": {"en": "Your *{title}* round is closed.", "da": "Din *{title}*-runde er lukket."},
    "status.line": {
        "en": {
            "one": "*{count} of {invited}* has answered · deadline {deadline} · {mode}",
            "other": "*{count} of {invited}* have answered · deadline {deadline} · {mode}",
        },
        "da": {"other": "*{count} af {invited}* har svaret · frist {deadline} · {mode}"},
    },
    "status.anonymous": {"en": "anonymous", "da": "anonym"},
    "status.named": {"en": "with names", "da": "med navn"},
    "status.failed": {
        "en": {
            "one": ":warning: {count} message could not be delivered yet; the bot keeps retrying.",
            "other": ":warning: {count} messages could not be delivered yet; the bot keeps retrying.",
        },
        "da": {
            "one": ":warning: {count} besked kunne ikke leveres endnu; botten prøver igen.",
            "other": ":warning: {count} beskeder kunne ikke leveres endnu; botten prøver igen.",
        },
    },
    "status.dead": {
        "en": {
            "one": ":x: {count} message could not be delivered (see the log).",
            "other": ":x: {count} messages could not be delivered (see the log).",
        },
        "da": {
            "one": ":x: {count} besked kunne ikke leveres (se loggen).",
            "other": ":x: {count} beskeder kunne ikke leveres (se loggen).",
        },
    },
    "status.close": {"en": "Close now and summarise", "da": "Luk nu og opsummér"},
    "status.none": {"en": "You have no open dialogue rounds.", "da": "Du har ingen åbne dialogrunder."},
    "status.header": {"en": "Your open dialogue rounds:", "da": "Dine åbne dialogrunder:"},
    "status.not_lead": {
        "en": "Only the person who started this round can do that.",
        "da": "Kun den, der startede denne runde, kan gøre det.",
    },
    "status.too_few": {
        "en": ":lock: Only {invited} people are in this anonymous round. Ratings and comments are shown only when "
        "at least {threshold} have answered: in a smaller group anyone's answer could be recognised, and people "
        "answer honestly when they know it cannot be. This round will show participation only; talk about the "
        "themes together at the team meeting, or invite a larger group (say, with a neighbouring team).",
        "da": ":lock: Der er kun {invited} personer i denne anonyme runde. Vurderinger og kommentarer vises kun, "
        "når mindst {threshold} har svaret: i en mindre gruppe kan enhvers svar genkendes, og folk svarer ærligt, "
        "når de ved, at det ikke kan. Runden viser kun deltagelsen; tal om temaerne sammen på teammødet, eller "
        "invitér en større gruppe (fx sammen med et naboteam).",
    },
    "note.channel_failed": {
        "en": "Could not read the members of <#{channel}> ({error}). Invite the bot to the channel, "
        "or pick people directly.",
        "da": "Kunne ikke læse medlemmerne af <#{channel}> ({error}). Invitér botten til kanalen, "
        "eller vælg personerne direkte.",
    },
    # Issue 22 (part b): rather not say, no pressure, local questions that cannot single anyone out
    "answer.rating_of": {"en": "{theme}: how is it for you?", "da": "{theme}: hvordan er det for dig?"},
    "answer.rather_not_say": {"en": "Rather not say", "da": "Vil helst ikke svare"},
    "answer.identifying_hint": {
        "en": "Optional. Leave out names and details (a shift, a place, a date) that could point to you or "
        "a colleague.",
        "da": "Valgfrit. Udelad navne og detaljer (en vagt, et sted, en dato), der kan pege på dig eller en kollega.",
    },
    "summary.declined": {
        "en": {"one": "{count} preferred not to say", "other": "{count} preferred not to say"},
        "da": {"one": "{count} ville helst ikke svare", "other": "{count} ville helst ikke svare"},
    },
    "start.always_anonymous": {
        "en": "Always anonymous: {titles}. Its answers are about the person who would read the names.",
        "da": "Altid anonym: {titles}. Svarene handler om den person, der ville læse navnene.",
    },
    "error.named_not_allowed": {
        "en": "The {title} is always anonymous: choose Anonymous.",
        "da": "{title} er altid anonym: vælg Anonym.",
    },
    "error.adapt_link": {
        "en": "No links, web or e-mail addresses or @-mentions: everyone in the team reads the question.",
        "da": "Ingen links, web- eller e-mailadresser eller @-omtaler: alle i teamet læser spørgsmålet.",
    },
    "error.adapt_identifying": {
        "en": "This question could single someone out: it asks for {what}. Ask about the work, not about who "
        "answers — in a small team such a detail points to one person.",
        "da": "Spørgsmålet kan udpege en person: det spørger om {what}. Spørg om arbejdet, ikke om hvem der "
        "svarer — i et lille team peger sådan en detalje på én person.",
    },
    "identifying.name": {"en": "a name", "da": "et navn"},
    "identifying.initials": {"en": "initials", "da": "initialer"},
    "identifying.contact": {
        "en": "contact details (an e-mail address, a phone number or a username)",
        "da": "kontaktoplysninger (en e-mailadresse, et telefonnummer eller et brugernavn)",
    },
    "identifying.employee_number": {
        "en": "an employee or ID number",
        "da": "et medarbejder-, løn- eller CPR-nummer",
    },
    "identifying.age": {"en": "age", "da": "alder"},
    "identifying.gender": {"en": "gender", "da": "køn"},
    "identifying.nationality": {
        "en": "nationality or origin",
        "da": "nationalitet eller oprindelse",
    },
    "identifying.job_title": {"en": "a job title", "da": "en stillingsbetegnelse"},
    "identifying.working_pattern": {
        "en": "a working pattern or shift",
        "da": "arbejdstid eller vagter",
    },
    "identifying.location": {"en": "where someone works or lives", "da": "hvor man arbejder eller bor"},
    "identifying.desk": {"en": "a desk or office", "da": "et skrivebord eller kontor"},
    "identifying.seniority": {"en": "seniority", "da": "anciennitet"},
    "identifying.conditional": {
        "en": 'an answer that stands for a fact about the person ("rate 5 if you…")',
        "da": 'et svar, der står for et faktum om personen ("giv 5, hvis du…")',
    },
    # The summary
    "summary.header": {"en": "Results: {title}", "da": "Resultater: {title}"},
    "summary.participation": {
        "en": "*Participation:* {answered} of {invited} answered.",
        "da": "*Deltagelse:* {answered} af {invited} svarede.",
    },
    "summary.too_few": {
        "en": ":lock: Fewer than {threshold} people answered, so ratings and comments are not shown. "
        "This protects everyone's anonymity; talk about the themes together at the team meeting instead.",
        "da": ":lock: Færre end {threshold} svarede, så vurderinger og kommentarer vises ikke. "
        "Det beskytter alles anonymitet; tal i stedet om temaerne sammen på teammødet.",
    },
    "summary.theme_hidden": {"en": "_too few ratings to show_", "da": "_for få vurderinger til at vise_"},
    "summary.mean": {
        "en": {"one": "mean {mean} ({count} rating)", "other": "mean {mean} ({count} ratings)"},
        "da": {"one": "gennemsnit {mean} ({count} vurdering)", "other": "gennemsnit {mean} ({count} vurderinger)"},
    },
    "summary.comments": {"en": "Comments", "da": "Kommentarer"},
    "summary.no_comments": {"en": "_No comments._", "da": "_Ingen kommentarer._"},
    "summary.questions": {"en": "Questions for the team meeting", "da": "Spørgsmål til teammødet"},
    "summary.anonymous_note": {
        "en": "Comments are shown without names and in no particular order.",
        "da": "Kommentarer vises uden navne og i tilfældig rækkefølge.",
    },
    "summary.truncated": {
        "en": "… (shortened; the full text is kept for export)",
        "da": "… (forkortet; hele teksten gemmes til eksport)",
    },
    "summary.continued": {"en": "Results, continued ({part})", "da": "Resultater, fortsat ({part})"},
    "summary.chart": {"en": "Mean rating per theme", "da": "Gennemsnitlig vurdering pr. tema"},
    # Paced prompts, reminders, muting
    "prompt.text": {"en": "Today's theme in your *{title}*: *{theme}*", "da": "Dagens tema i din *{title}*: *{theme}*"},
    "remind.text": {
        "en": "A reminder: the *{title}* is open for answers until {deadline}. It takes a few minutes; "
        "whether you answer is up to you.",
        "da": "En påmindelse: *{title}* er åben for svar indtil {deadline}. Det tager få minutter; "
        "om du svarer, bestemmer du selv.",
    },
    "mute.button": {"en": "Mute reminders", "da": "Slå påmindelser fra"},
    "mute.done": {
        "en": "Reminders for this round are muted. You can still answer until the deadline.",
        "da": "Påmindelser for denne runde er slået fra. Du kan stadig svare indtil fristen.",
    },
    "status.remind": {"en": "Remind non-respondents now", "da": "Påmind dem, der ikke har svaret"},
    "status.extend": {"en": "Extend deadline", "da": "Forlæng fristen"},
    "remind.queued": {
        "en": {
            "one": "A reminder will reach the {count} person who has not answered yet, within their working hours.",
            "other": "Reminders will reach {count} people who have not answered yet, within their working hours.",
        },
        "da": {"other": "Påmindelser sendes til {count}, der ikke har svaret endnu, inden for deres arbejdstid."},
    },
    "remind.already": {
        "en": "You already sent reminders for this round today. You can again tomorrow.",
        "da": "Du har allerede sendt påmindelser for denne runde i dag. Du kan igen i morgen.",
    },
    "remind.none": {
        "en": "Nobody to remind: everyone has answered or muted reminders.",
        "da": "Ingen at påminde: alle har svaret eller slået påmindelser fra.",
    },
    "extend.title": {"en": "Extend deadline", "da": "Forlæng fristen"},
    "extend.label": {"en": "New deadline", "da": "Ny frist"},
    "extend.submit": {"en": "Save", "da": "Gem"},
    "error.deadline_not_later": {
        "en": "Pick a time after the current deadline.",
        "da": "Vælg et tidspunkt efter den nuværende frist.",
    },
    # Team meetings held with the bot (bot.meetings, bot.views.meeting)
    "meeting.button": {"en": "Hold the meeting in Slack", "da": "Hold mødet i Slack"},
    "meeting.in_person": {"en": "We meet in person: facilitator's sheet", "da": "Vi mødes fysisk: ordstyrerark"},
    "meeting.setup.title": {"en": "Team meeting", "da": "Teammøde"},
    "meeting.not_shown": {"en": "no numbers shown", "da": "ingen tal vist"},
    "sheet.title": {"en": "Facilitator's sheet", "da": "Ordstyrerark"},
    "sheet.print": {"en": "Print", "da": "Udskriv"},
    "sheet.how": {
        "en": "For a meeting in person: the themes (the weakest first) with the numbers your summary showed, the "
        "questions to talk about, room for notes, and the actions you agree.",
        "da": "Til et fysisk møde: temaerne (de svageste først) med de tal, din opsummering viste, spørgsmålene at "
        "tale om, plads til noter og de handlinger, I aftaler.",
    },
    "sheet.action": {"en": "Action", "da": "Handling"},
    "sheet.status": {"en": "Status", "da": "Status"},
    "sheet.statuses": {"en": "done / in progress / dropped", "da": "gennemført / i gang / droppet"},
    "sheet.notes": {"en": "Notes", "da": "Noter"},
    "sheet.after": {
        "en": "Afterwards, record the agreed actions with the bot (Record agreed actions): they come back to you "
        "in the follow-up.",
        "da": "Bagefter registrerer du de aftalte handlinger hos botten (Notér aftalte handlinger): de kommer "
        "tilbage til dig i opfølgningen.",
    },
    "meeting.held": {
        "en": {"one": "{date}, {count} person took part", "other": "{date}, {count} people took part"},
        "da": {"one": "{date}, {count} person deltog", "other": "{date}, {count} personer deltog"},
    },
    "meeting.actions_n": {
        "en": {"one": "{count} action agreed", "other": "{count} actions agreed"},
        "da": {"one": "{count} handling aftalt", "other": "{count} handlinger aftalt"},
    },
    "meeting.setup.submit": {"en": "Start meeting", "da": "Start mødet"},
    "meeting.setup.intro": {
        "en": "Hold the team meeting of the *{title}* here: the themes you pick, everyone's thoughts (anonymous or "
        "with names), votes, and the actions you agree — which go straight into the follow-up.",
        "da": "Hold teammødet om *{title}* her: de temaer, du vælger, alles tanker (anonymt eller med navn), "
        "stemmer og de handlinger, I aftaler — som går direkte videre til opfølgningen.",
    },
    "meeting.setup.review": {
        "en": "The meeting starts by reviewing the actions agreed last time.",
        "da": "Mødet starter med at gennemgå de handlinger, I aftalte sidst.",
    },
    "meeting.setup.no_review": {
        "en": "No actions were recorded last time, so the meeting starts with the themes.",
        "da": "Der blev ikke registreret handlinger sidst, så mødet starter med temaerne.",
    },
    "meeting.setup.mode": {"en": "How do you meet?", "da": "Hvordan mødes I?"},
    "meeting.mode.live": {"en": "Live, now (a clock per phase)", "da": "Live, nu (et ur pr. fase)"},
    "meeting.mode.days": {"en": "Over a few days", "da": "Over nogle dage"},
    "meeting.setup.channel": {"en": "Channel", "da": "Kanal"},
    "meeting.setup.channel_hint": {
        "en": "Leave empty for a new private channel with the round's people. A channel you pick must have the "
        "bot in it.",
        "da": "Lad feltet stå tomt for en ny privat kanal med rundens deltagere. En kanal, du vælger, skal have "
        "botten som medlem.",
    },
    "meeting.setup.themes": {"en": "Themes", "da": "Temaer"},
    "meeting.setup.themes_hint": {
        "en": "The weakest themes of your summary come first; the two weakest are suggested.",
        "da": "De svageste temaer i din opsummering står først; de to svageste er foreslået.",
    },
    "meeting.setup.minutes": {"en": "Minutes per phase (live)", "da": "Minutter pr. fase (live)"},
    "meeting.setup.until": {"en": "Open until (over a few days)", "da": "Åbent indtil (over nogle dage)"},
    "meeting.setup.until_hint": {
        "en": "The phases share the time until then; each person hears of a new phase within their working hours.",
        "da": "Faserne deler tiden indtil da; hver person hører om en ny fase inden for sin arbejdstid.",
    },
    "meeting.setup.votes": {"en": "Votes per person", "da": "Stemmer pr. person"},
    "meeting.setup.facilitator": {"en": "Co-facilitator (optional)", "da": "Medordstyrer (valgfrit)"},
    "meeting.error.themes": {"en": "Pick at least one theme.", "da": "Vælg mindst ét tema."},
    "meeting.error.until": {
        "en": "Pick when the meeting closes (in the future).",
        "da": "Vælg, hvornår mødet lukker (i fremtiden).",
    },
    "meeting.error.mode": {"en": "Pick how you meet.", "da": "Vælg, hvordan I mødes."},
    "meeting.error.empty": {"en": "Write a thought first.", "da": "Skriv en tanke først."},
    "meeting.error.long": {"en": "Keep it under 1,000 characters.", "da": "Hold det under 1.000 tegn."},
    "meeting.exists": {
        "en": "This round's meeting has already started.",
        "da": "Mødet for denne runde er allerede startet.",
    },
    "meeting.not_facilitator": {
        "en": "Only the lead or the co-facilitator can do that.",
        "da": "Kun lederen eller medordstyreren kan gøre det.",
    },
    "meeting.not_lead": {"en": "Only the lead can do that.", "da": "Kun lederen kan gøre det."},
    "meeting.not_member": {
        "en": "This meeting is for the people of the dialogue round.",
        "da": "Dette møde er for dialogrundens deltagere.",
    },
    "meeting.intro": {
        "en": "<@{lead}> holds the team meeting of the *{title}* here.",
        "da": "<@{lead}> holder teammødet om *{title}* her.",
    },
    "meeting.intro.how": {
        "en": "For each theme, add your thoughts: *anonymously* with the theme's button (the bot posts them "
        "without a name), or *with your name* by replying in the theme's thread. Then everyone has {votes} votes "
        "for the thoughts that matter most, and we agree on actions.",
        "da": "Tilføj dine tanker til hvert tema: *anonymt* med temaets knap (botten slår dem op uden navn) eller "
        "*med dit navn* ved at svare i temaets tråd. Derefter har alle {votes} stemmer til de tanker, der betyder "
        "mest, og vi aftaler handlinger.",
    },
    "meeting.intro.days": {
        "en": "We meet over a few days, until {until}. Each phase stays open until the time it shows.",
        "da": "Vi mødes over nogle dage, indtil {until}. Hver fase er åben til det viste tidspunkt.",
    },
    "meeting.names_note": {
        "en": "Replies and reactions in a thread carry your name. To say something without your name, use the "
        "button: nobody — not the lead, not the bot's records — can tell who wrote it.",
        "da": "Svar og reaktioner i en tråd viser dit navn. Vil du sige noget uden navn, så brug knappen: ingen — "
        "hverken lederen eller bottens data — kan se, hvem der skrev det.",
    },
    "meeting.phase": {"en": "Phase {n} of {total}: {phase}", "da": "Fase {n} af {total}: {phase}"},
    "meeting.phase.review": {"en": "Last time's actions", "da": "Sidste gangs handlinger"},
    "meeting.phase.vote": {"en": "Voting", "da": "Afstemning"},
    "meeting.phase.actions": {"en": "Agreeing actions", "da": "Aftale handlinger"},
    "meeting.time_left": {
        "en": {
            "one": "About {count} minute left (until {until}).",
            "other": "About {count} minutes left (until {until}).",
        },
        "da": {
            "one": "Cirka {count} minut tilbage (til {until}).",
            "other": "Cirka {count} minutter tilbage (til {until}).",
        },
    },
    "meeting.time_up": {"en": "Time is up ({until}).", "da": "Tiden er gået ({until})."},
    "meeting.next": {"en": "Next", "da": "Næste"},
    "meeting.back": {"en": "Back", "da": "Tilbage"},
    "meeting.more": {"en": "+2 minutes", "da": "+2 minutter"},
    "meeting.end": {"en": "End meeting", "da": "Afslut mødet"},
    "meeting.end_confirm.title": {"en": "End the meeting?", "da": "Afslut mødet?"},
    "meeting.end_confirm.text": {
        "en": "Voting closes, the record goes to the channel, and everyone is asked how the dialogue went.",
        "da": "Afstemningen lukker, referatet lægges i kanalen, og alle bliver spurgt, hvordan dialogen gik.",
    },
    "meeting.ended": {
        "en": "The meeting has ended. Thank you all — the record is in the channel.",
        "da": "Mødet er slut. Tak til alle — referatet ligger i kanalen.",
    },
    "meeting.facilitators": {"en": "Facilitated by {who}.", "da": "Ordstyrer: {who}."},
    "meeting.review.header": {"en": "Last time's actions", "da": "Sidste gangs handlinger"},
    "meeting.review": {
        "en": "What we agreed at the meeting of {date}: done, in progress or dropped?",
        "da": "Det, vi aftalte på mødet {date}: gennemført, i gang eller droppet?",
    },
    "meeting.theme": {"en": "Theme: {theme}", "da": "Tema: {theme}"},
    "meeting.theme.not_shown": {
        "en": "No numbers for this theme: too few answered for them to be shown.",
        "da": "Ingen tal for dette tema: for få svarede til, at de kan vises.",
    },
    "meeting.theme.until": {"en": "Open until {until}.", "da": "Åben indtil {until}."},
    "meeting.add": {"en": "Add a thought anonymously", "da": "Tilføj en tanke anonymt"},
    "meeting.add.title": {"en": "Your thought", "da": "Din tanke"},
    "meeting.add.submit": {"en": "Add", "da": "Tilføj"},
    "meeting.add.label": {"en": "What would you like to say?", "da": "Hvad vil du gerne sige?"},
    "meeting.add.anonymous": {
        "en": "The bot posts it in the theme's thread without your name; names you mention are masked. Nothing "
        "kept links it to you.",
        "da": "Botten slår den op i temaets tråd uden dit navn; navne, du nævner, bliver skjult. Intet gemt "
        "forbinder den med dig.",
    },
    "meeting.anonymous": {"en": "Anonymous", "da": "Anonym"},
    "meeting.hidden": {"en": "_Hidden by the facilitator._", "da": "_Skjult af ordstyreren._"},
    "meeting.hide": {"en": "Hide", "da": "Skjul"},
    "meeting.board": {"en": "Vote: {theme}", "da": "Stem: {theme}"},
    "meeting.board.how": {
        "en": "You have {votes} votes across all themes. Click again to take a vote back. Counts are shown, never who.",
        "da": "Du har {votes} stemmer på tværs af alle temaer. Klik igen for at tage en stemme tilbage. Antal vises, "
        "aldrig hvem.",
    },
    "meeting.board.empty": {
        "en": "No thoughts were added to this theme.",
        "da": "Der blev ikke tilføjet tanker til dette tema.",
    },
    "meeting.board.more": {
        "en": {"one": "{count} more thought is in the record.", "other": "{count} more thoughts are in the record."},
        "da": {"one": "{count} tanke mere står i referatet.", "other": "{count} tanker mere står i referatet."},
    },
    "meeting.vote": {
        "en": {"one": "Vote · {count}", "other": "Vote · {count}"},
        "da": {"one": "Stem · {count}", "other": "Stem · {count}"},
    },
    "meeting.votes": {
        "en": {"one": "{count} vote", "other": "{count} votes"},
        "da": {"one": "{count} stemme", "other": "{count} stemmer"},
    },
    "meeting.vote.counted": {
        "en": {
            "one": "Your vote is counted. You have {count} vote left.",
            "other": "Your vote is counted. You have {count} votes left.",
        },
        "da": {
            "one": "Din stemme er talt med. Du har {count} stemme tilbage.",
            "other": "Din stemme er talt med. Du har {count} stemmer tilbage.",
        },
    },
    "meeting.vote.removed": {
        "en": {
            "one": "Vote taken back. You have {count} vote left.",
            "other": "Vote taken back. You have {count} votes left.",
        },
        "da": {
            "one": "Stemmen er taget tilbage. Du har {count} stemme tilbage.",
            "other": "Stemmen er taget tilbage. Du har {count} stemmer tilbage.",
        },
    },
    "meeting.vote.none_left": {
        "en": "You have used all {votes} of your votes. Click one of your votes again to move it.",
        "da": "Du har brugt alle dine {votes} stemmer. Klik på en af dine stemmer igen for at flytte den.",
    },
    "meeting.vote.closed": {"en": "Voting on this has closed.", "da": "Afstemningen om dette er lukket."},
    "meeting.actions": {"en": "Agreeing actions", "da": "Aftale handlinger"},
    "meeting.actions.how": {
        "en": "The most-voted thoughts. The lead turns them into actions — what, who, by when — which go straight "
        "into the follow-up.",
        "da": "De tanker, der fik flest stemmer. Lederen gør dem til handlinger — hvad, hvem, hvornår — som går "
        "direkte videre til opfølgningen.",
    },
    "meeting.actions.agreed": {"en": "Agreed actions", "da": "Aftalte handlinger"},
    "meeting.agree": {"en": "Agree actions", "da": "Aftal handlinger"},
    "meeting.record.title": {"en": "Meeting record — {title}", "da": "Mødereferat — {title}"},
    "meeting.record.meta": {
        "en": {"one": "Held {date} · {count} person took part", "other": "Held {date} · {count} people took part"},
        "da": {"one": "Holdt {date} · {count} person deltog", "other": "Holdt {date} · {count} personer deltog"},
    },
    "meeting.record.none": {"en": "No thoughts were added.", "da": "Der blev ikke tilføjet tanker."},
    "meeting.record.no_actions": {"en": "No actions were agreed.", "da": "Der blev ikke aftalt handlinger."},
    "meeting.record.canvas": {
        "en": "The meeting record is in this channel's canvas.",
        "da": "Mødereferatet ligger i kanalens canvas.",
    },
    "meeting.closing": {
        "en": "Thank you for taking part in the team meeting of the *{title}*. How did this dialogue go for you?",
        "da": "Tak fordi du deltog i teammødet om *{title}*. Hvordan gik denne dialog for dig?",
    },
    "meeting.closing.anonymous": {
        "en": "Optional and anonymous: your answer goes to HR's experiences of the dialogues without your name.",
        "da": "Frivilligt og anonymt: dit svar indgår i HR's erfaringer med dialogerne uden dit navn.",
    },
    "meeting.closing.button": {"en": "Say how it went", "da": "Fortæl, hvordan det gik"},
    "meeting.closing.title": {"en": "How did it go?", "da": "Hvordan gik det?"},
    "meeting.closing.submit": {"en": "Share", "da": "Del"},
    "meeting.closing.rating": {"en": "The dialogue as a whole", "da": "Dialogen som helhed"},
    "meeting.closing.r1": {"en": "1 – Poorly", "da": "1 – Dårligt"},
    "meeting.closing.r2": {"en": "2", "da": "2"},
    "meeting.closing.r3": {"en": "3", "da": "3"},
    "meeting.closing.r4": {"en": "4", "da": "4"},
    "meeting.closing.r5": {"en": "5 – Very well", "da": "5 – Rigtig godt"},
    "meeting.closing.worked": {"en": "What worked?", "da": "Hvad fungerede?"},
    "meeting.closing.different": {"en": "What should be different?", "da": "Hvad skulle være anderledes?"},
    "meeting.closing.thanks": {
        "en": "Thank you. Your answer was shared without your name.",
        "da": "Tak. Dit svar er delt uden dit navn.",
    },
    "meeting.closing.nothing": {
        "en": "Answer at least one of the questions.",
        "da": "Besvar mindst ét af spørgsmålene.",
    },
    "meeting.close": {"en": "Close", "da": "Luk"},
    "meeting.announce": {
        "en": "The team meeting has moved on to *{phase}* in <#{channel}>.",
        "da": "Teammødet er gået videre til *{phase}* i <#{channel}>.",
    },
    "meeting.home": {"en": "*Team meetings*", "da": "*Teammøder*"},
    "meeting.home.line": {
        "en": "• *{title}* — closed {date}: hold the team meeting",
        "da": "• *{title}* — lukket {date}: hold teammødet",
    },
    "meeting.started": {
        "en": "The meeting has started in <#{channel}>.",
        "da": "Mødet er startet i <#{channel}>.",
    },
    # Follow-up
    "actions.ask": {
        "en": "When your team has met, record what you agreed: what, who, by when, and what to keep. "
        "{weeks} weeks after the meeting I will help you follow up.",
        "da": "Når teamet har holdt møde, så notér, hvad I aftalte: hvad, hvem, hvornår, og hvad I bevarer. "
        "{weeks} uger efter mødet hjælper jeg jer med at følge op.",
    },
    "actions.button": {"en": "Record agreed actions", "da": "Notér aftalte handlinger"},
    "actions.edit": {"en": "Edit agreed actions", "da": "Ret aftalte handlinger"},
    "actions.title": {"en": "Agreed actions", "da": "Aftalte handlinger"},
    "actions.submit": {"en": "Save", "da": "Gem"},
    "actions.meeting": {"en": "Date of the team meeting", "da": "Dato for teammødet"},
    "actions.what": {"en": "Action {n}: what will we do?", "da": "Handling {n}: hvad gør vi?"},
    "actions.who": {"en": "Who", "da": "Hvem"},
    "actions.due": {"en": "By when", "da": "Hvornår"},
    "actions.keep": {"en": "What do we keep doing?", "da": "Hvad vil vi bevare?"},
    "actions.recorded": {"en": "Agreed at the team meeting on {date}:", "da": "Aftalt på teammødet den {date}:"},
    "actions.follow_up_on": {"en": "Follow-up on {date}.", "da": "Opfølgning den {date}."},
    "actions.keep_line": {"en": "*We keep:* {keep}", "da": "*Vi bevarer:* {keep}"},
    "error.what_missing": {"en": "Say what the action is.", "da": "Skriv, hvad handlingen er."},
    "error.nothing_recorded": {
        "en": "Record at least one action, or what to keep.",
        "da": "Notér mindst én handling eller det, I vil bevare.",
    },
    "followup.text": {
        "en": "It is {weeks} weeks since your team met about the *{title}*. How are the agreed actions going? "
        "Your team gets a short check-in too.",
        "da": "Det er {weeks} uger siden, teamet holdt møde om *{title}*. Hvordan går det med de aftalte "
        "handlinger? Teamet får også en kort opfølgning.",
    },
    "action.open": {"en": "open", "da": "åben"},
    "action.in_progress": {"en": "in progress", "da": "i gang"},
    "action.done": {"en": "done", "da": "gennemført"},
    "action.dropped": {"en": "dropped", "da": "droppet"},
    "authz.other_workspace": {
        "en": "Sorry, this bot serves only the organisation that installed it. Nothing was done or stored.",
        "da": "Beklager, denne bot betjener kun den organisation, der har installeret den. "
        "Intet blev gjort eller gemt.",
    },
    "authz.hr_only": {
        "en": "Only HR administrators can do that. The attempt was noted in the audit log.",
        "da": "Kun HR-administratorer kan gøre det. Forsøget er noteret i revisionsloggen.",
    },
    # Dashboard for deciding: heatmap, unit pages, HR's home, progress tree, error pages (issue 24, web)
    "dash.results_intro": {
        "en": "Each cell is a theme's mean on the 1–5 scale; its colour says how far it lies from the reference "
        "you pick, the arrow how it changed since the previous campaign. Open a unit for its distributions.",
        "da": "Hver celle er et temas gennemsnit på skalaen 1–5; farven viser, hvor langt det ligger fra den "
        "reference, du vælger, pilen hvordan det har ændret sig siden sidste kampagne. Åbn en enhed for at se "
        "fordelingerne.",
    },
    "dash.compare_with": {"en": "Colour by the difference from", "da": "Farve efter forskellen fra"},
    "dash.ref.org": {"en": "the whole organisation", "da": "hele organisationen"},
    "dash.ref.previous": {"en": "the unit's previous campaign", "da": "enhedens forrige kampagne"},
    "dash.tree_order": {"en": "Back to the tree's order", "da": "Tilbage til træets rækkefølge"},
    "dash.legend_org": {
        "en": "Difference from the whole organisation's mean for the theme",
        "da": "Forskel fra hele organisationens gennemsnit for temaet",
    },
    "dash.legend_previous": {
        "en": "Difference from the unit's own mean in the previous campaign",
        "da": "Forskel fra enhedens eget gennemsnit i forrige kampagne",
    },
    "dash.legend_arrows": {
        "en": "↑ up, ↓ down, → about the same since the previous campaign; white: nothing to compare with.",
        "da": "↑ op, ↓ ned, → omtrent det samme siden forrige kampagne; hvid: intet at sammenligne med.",
    },
    "dash.sorted_by": {"en": "sorted by {theme}", "da": "sorteret efter {theme}"},
    "dash.sort_hint": {"en": "sort by this theme", "da": "sortér efter dette tema"},
    "dash.participation": {"en": "Participation", "da": "Deltagelse"},
    "dash.since_last": {"en": "since the previous campaign", "da": "siden forrige kampagne"},
    "dash.difference_org": {"en": "{d} from the whole organisation", "da": "{d} fra hele organisationen"},
    "dash.difference_previous": {"en": "{d} from the previous campaign", "da": "{d} fra forrige kampagne"},
    "dash.part_of": {"en": "Part of {parent}", "da": "Del af {parent}"},
    "dash.group": {
        "en": "a group of units (no people of its own)",
        "da": "en gruppe af enheder (ingen egne medarbejdere)",
    },
    "dash.answered_of": {
        "en": "{answered} of {invited} answered ({share})",
        "da": "{answered} af {invited} har svaret ({share})",
    },
    "dash.answered_of_short": {"en": "{answered} of {invited} answered", "da": "{answered} af {invited} har svaret"},
    "dash.units_started": {"en": "{started} of {units} units started", "da": "{started} af {units} enheder i gang"},
    "dash.units_started_col": {"en": "Units started", "da": "Enheder i gang"},
    "dash.progress_caption": {
        "en": "Each unit's stage and its participation; each level adds up everything below it.",
        "da": "Hver enheds status og deltagelse; hvert niveau lægger alt under sig sammen.",
    },
    "dash.round": {"en": "round", "da": "runde"},
    "dash.distribution": {"en": "Answers per theme", "da": "Svar pr. tema"},
    "dash.distribution_intro": {
        "en": "Each bar shows how many rated 1 (left, orange) to 5 (right, purple).",
        "da": "Hver bjælke viser, hvor mange der svarede 1 (venstre, orange) til 5 (højre, lilla).",
    },
    "dash.answers": {"en": "Answers", "da": "Svar"},
    "dash.change": {"en": "Change", "da": "Ændring"},
    "dash.bar_label": {"en": "{n} ratings, per value:", "da": "{n} vurderinger, pr. værdi:"},
    "dash.trend": {"en": "Over time", "da": "Over tid"},
    "dash.trend_caption": {"en": "The mean per campaign", "da": "Gennemsnittet pr. kampagne"},
    "dash.rounds": {"en": "Rounds", "da": "Runder"},
    "dash.no_rounds": {"en": "No closed rounds to open yet.", "da": "Ingen afsluttede runder at åbne endnu."},
    "dash.needs_attention": {"en": "What needs attention", "da": "Det, der kræver opmærksomhed"},
    "dash.running_until": {"en": "running until {end}", "da": "kører til {end}"},
    "dash.not_started": {"en": "Not started yet", "da": "Ikke startet endnu"},
    "dash.no_lead": {"en": "(no lead found)", "da": "(ingen leder fundet)"},
    "dash.weakest": {"en": "Weakest themes", "da": "Svageste temaer"},
    "dash.changes": {"en": "Biggest changes since last time", "da": "Største ændringer siden sidst"},
    "dash.no_changes": {
        "en": "Nothing to compare with yet: no earlier campaign shows these units.",
        "da": "Intet at sammenligne med endnu: ingen tidligere kampagne viser disse enheder.",
    },
    "dash.upcoming_workshops": {"en": "Upcoming workshops", "da": "Kommende workshops"},
    "dash.seats_left": {
        "en": {"one": "{count} seat left", "other": "{count} seats left"},
        "da": {"one": "{count} plads tilbage", "other": "{count} pladser tilbage"},
    },
    "dash.seats_taken": {"en": "{taken} of {capacity} seats taken", "da": "{taken} af {capacity} pladser taget"},
    "dash.registration_closes": {"en": "registration closes {at}", "da": "tilmelding lukker {at}"},
    "dash.new_experiences_since": {
        "en": {"one": "{count} new experience since {since}", "other": "{count} new experiences since {since}"},
        "da": {"one": "{count} ny oplevelse siden {since}", "other": "{count} nye oplevelser siden {since}"},
    },
    "dash.experiences_all": {
        "en": {"one": "{count} experience shared so far", "other": "{count} experiences shared so far"},
        "da": {"one": "{count} oplevelse delt indtil nu", "other": "{count} oplevelser delt indtil nu"},
    },
    "dash.read_them": {"en": "Read them", "da": "Læs dem"},
    "dash.links": {"en": "Pages", "da": "Sider"},
    "dash.yes": {"en": "yes", "da": "ja"},
    "dash.refused": {"en": "refused", "da": "afvist"},
    "dash.no_experiences": {
        "en": "No experiences match this filter. Try another dialogue or a longer period.",
        "da": "Ingen oplevelser passer til filteret. Prøv en anden dialog eller en længere periode.",
    },
    "dash.source.chat": {"en": "shared in chat", "da": "delt i chatten"},
    "dash.source.workshop": {"en": "workshop", "da": "workshop"},
    "dash.source.visit": {"en": "visit", "da": "besøg"},
    "dash.go_home": {"en": "Go to the dashboard's front page", "da": "Gå til overblikkets forside"},
    "dash.error.403.title": {"en": "Not for you, sorry", "da": "Ikke for dig, desværre"},
    "dash.error.403": {
        "en": "This page is for HR and for the leads of units. If you think you should see it, ask HR.",
        "da": "Denne side er for HR og for enhedernes ledere. Hvis du mener, du skal kunne se den, så spørg HR.",
    },
    "dash.error.404.title": {"en": "Page not found", "da": "Siden findes ikke"},
    "dash.error.404": {
        "en": "There is no such page, or it is not one you may open. Check the address, or start again here:",
        "da": "Siden findes ikke, eller du har ikke adgang til den. Tjek adressen, eller start forfra her:",
    },
    "dash.error.500.title": {"en": "Something went wrong", "da": "Noget gik galt"},
    "dash.error.500": {
        "en": "The page could not be shown. Nothing you entered is lost; try again in a moment.",
        "da": "Siden kunne ikke vises. Intet af det, du har indtastet, er gået tabt; prøv igen om lidt.",
    },
    "error.starts_missing": {"en": "Pick when it starts.", "da": "Vælg, hvornår den starter."},
    "error.ends_missing": {"en": "Pick when it ends.", "da": "Vælg, hvornår den slutter."},
    "error.closes_missing": {
        "en": "Pick when registration closes.",
        "da": "Vælg, hvornår tilmeldingen lukker.",
    },
    "audit.action.page": {"en": "opened the page “{page}”", "da": "åbnede siden “{page}”"},
    "audit.action.web.results": {"en": "looked at results", "da": "så resultater"},
    "audit.action.web.signin": {"en": "signed in to the dashboard", "da": "loggede ind på overblikket"},
    "audit.action.campaign.results": {"en": "looked at results in Slack", "da": "så resultater i Slack"},
    "audit.action.campaign.start": {"en": "started a campaign", "da": "startede en kampagne"},
    "audit.action.campaign.status": {"en": "looked at a campaign's progress", "da": "så en kampagnes fremdrift"},
    "audit.action.campaign.nudge": {"en": "nudged a unit's lead", "da": "mindede en enheds leder om"},
    "audit.action.experiences.import": {"en": "imported experiences", "da": "importerede oplevelser"},
    "audit.action.org.import": {"en": "imported the organisation", "da": "importerede organisationen"},
    "audit.action.answer.delete": {"en": "deleted their own answer", "da": "slettede sit eget svar"},
    "audit.action.retention.run": {"en": "deleted data past its retention", "da": "slettede data efter opbevaringstid"},
    "audit.action.erase": {"en": "erased a person's data", "da": "slettede en persons data"},
    "audit.action.role.grant": {"en": "was given the HR role", "da": "fik HR-rollen"},
    "audit.action.role.revoke": {"en": "lost the HR role", "da": "mistede HR-rollen"},
    "audit.action.workshop.create": {"en": "created a workshop", "da": "oprettede en workshop"},
    "audit.action.workshop.edit": {"en": "edited a workshop", "da": "redigerede en workshop"},
    "audit.action.workshop.cancel": {"en": "cancelled a workshop", "da": "aflyste en workshop"},
    "audit.action.export.answers": {"en": "exported answers", "da": "eksporterede svar"},
    "audit.action.export.experiences": {"en": "exported experiences", "da": "eksporterede oplevelser"},
    "audit.action.export.actions": {"en": "exported actions", "da": "eksporterede handlinger"},
    "audit.action.export.workshops": {"en": "exported workshop registrations", "da": "eksporterede tilmeldinger"},
    "audit.action.export.audit": {"en": "exported the audit log", "da": "eksporterede revisionsloggen"},
    "audit.action.demo.seed": {"en": "made the demo's organisation", "da": "lavede demoens organisation"},
    # HR export
    "export.title": {"en": "Export responses", "da": "Eksportér svar"},
    "export.submit": {"en": "Export", "da": "Eksportér"},
    "export.intro": {
        "en": "The file comes to your DM. Anonymous answers never carry names; anonymous rounds with too few "
        "answers are exported as counts only.",
        "da": "Filen kommer i din DM. Anonyme svar har aldrig navne; anonyme runder med for få svar eksporteres "
        "kun som antal.",
    },
    "export.what": {"en": "What", "da": "Hvad"},
    "export.what.answers": {"en": "Answers of dialogue rounds", "da": "Svar fra dialogrunder"},
    "export.what.experiences": {"en": "Shared experiences", "da": "Delte oplevelser"},
    "export.what.actions": {"en": "Agreed actions", "da": "Aftalte handlinger"},
    "export.what.workshops": {"en": "Workshop registrations", "da": "Workshoptilmeldinger"},
    "export.what.audit": {"en": "Audit log", "da": "Revisionslog"},
    "export.round": {"en": "Only round number (optional)", "da": "Kun rundenummer (valgfrit)"},
    "export.since": {"en": "Since (optional)", "da": "Siden (valgfrit)"},
    "export.format": {"en": "Format", "da": "Format"},
    "export.until": {"en": "Until, inclusive (optional)", "da": "Til og med (valgfrit)"},
    "error.until_before_since": {
        "en": "Pick an end date on or after the start date.",
        "da": "Vælg en slutdato på eller efter startdatoen.",
    },
    "export.done": {
        "en": {"one": "Your export: {what}, {count} row.", "other": "Your export: {what}, {count} rows."},
        "da": {"one": "Din eksport: {what}, {count} række.", "other": "Din eksport: {what}, {count} rækker."},
    },
    "export.coming": {
        "en": "Your export ({what}) is on its way to your DM.",
        "da": "Din eksport ({what}) er på vej til din DM.",
    },
    "error.not_a_number": {"en": "Enter a round number, e.g. 12.", "da": "Skriv et rundenummer, fx 12."},
    # HR's command line, files and flows diff in words (issue 24b)
    "cli.os_error": {"en": "dialogue-bot: {error}: {file}", "da": "dialogue-bot: {error}: {file}"},
    "cli.unexpected": {
        "en": "dialogue-bot stopped on an unexpected error ({error}). Nothing more was done; run it again with "
        "--log-level DEBUG for the details and tell whoever runs the bot.",
        "da": "dialogue-bot stoppede på en uventet fejl ({error}). Der blev ikke gjort mere; kør igen med "
        "--log-level DEBUG for detaljerne, og fortæl det til den, der driver botten.",
    },
    "cli.db.not_migrated": {
        "en": "The database at {url} has no tables yet. Set it up with: dialogue-bot migrate",
        "da": "Databasen på {url} har ingen tabeller endnu. Opret dem med: dialogue-bot migrate",
    },
    "cli.db.unusable": {
        "en": "The database at {url} could not be used: {error}. Check DATABASE_URL (e.g. sqlite:///dialogue-bot.db "
        "or postgresql://user@host:5432/dialogue).",
        "da": "Databasen på {url} kunne ikke bruges: {error}. Tjek DATABASE_URL (fx sqlite:///dialogue-bot.db "
        "eller postgresql://user@host:5432/dialogue).",
    },
    "cli.rows_written": {
        "en": {"one": "{count} row written to {where}", "other": "{count} rows written to {where}"},
        "da": {"one": "{count} række skrevet til {where}", "other": "{count} rækker skrevet til {where}"},
    },
    "cli.choices": {"en": "Choose one of: {choices}.", "da": "Vælg en af: {choices}."},
    "cli.did_you_mean": {"en": "Did you mean {name}?", "da": "Mente du {name}?"},
    "cli.not_a_choice": {"en": "“{given}” is not one of them.", "da": "“{given}” er ikke en af dem."},
    "cli.no_flow_version": {
        "en": "no such flow file or stored version.",
        "da": "ingen sådan flow-fil eller gemt version.",
    },
    "cli.unknown_unit": {"en": "there is no unit “{name}”.", "da": "der er ingen enhed “{name}”."},
    "cli.units_in_show": {
        "en": {
            "one": "dialogue-bot org show lists the {count} unit.",
            "other": "dialogue-bot org show lists all {count} units.",
        },
        "da": {
            "one": "dialogue-bot org show viser den {count} enhed.",
            "other": "dialogue-bot org show viser alle {count} enheder.",
        },
    },
    "cli.org.file_or_entra": {"en": "Give either FILE.csv or --entra.", "da": "Angiv enten FIL.csv eller --entra."},
    "cli.org.nothing_changed": {"en": "{file}: nothing was changed:", "da": "{file}: intet blev ændret:"},
    "cli.org.empty": {
        "en": "There is no organisation yet: dialogue-bot org import FILE.csv (or --entra).",
        "da": "Der er ingen organisation endnu: dialogue-bot org import FIL.csv (eller --entra).",
    },
    "cli.directory.listed": {
        "en": {"one": "Slack lists {count} person.", "other": "Slack lists {count} people."},
        "da": {"one": "Slack har {count} person.", "other": "Slack har {count} personer."},
    },
    "cli.xlsx_needs_out": {
        "en": "An XLSX file needs a file name: add --out FILE.xlsx",
        "da": "En XLSX-fil skal have et filnavn: tilføj --out FIL.xlsx",
    },
    "cli.campaign.none": {
        "en": "There is no campaign yet: dialogue-bot campaign start …",
        "da": "Der er ingen kampagne endnu: dialogue-bot campaign start …",
    },
    "cli.campaign.one": {"en": "{id} ({title}, {period})", "da": "{id} ({title}, {period})"},
    "cli.campaign.unknown": {"en": "There is no campaign {id}.", "da": "Der er ingen kampagne {id}."},
    "cli.campaign.list": {"en": "The campaigns: {campaigns}.", "da": "Kampagnerne: {campaigns}."},
    "cli.campaign.flow_gone": {
        "en": "Campaign {id} used the dialogue “{flow}”, which is no longer among the flow files.",
        "da": "Kampagne {id} brugte dialogen “{flow}”, som ikke længere findes blandt flow-filerne.",
    },
    "cli.campaign.unreachable": {
        "en": {
            "one": "The invitation cannot reach the lead of {count} unit:",
            "other": "The invitation cannot reach the lead of {count} units:",
        },
        "da": {
            "one": "Invitationen kan ikke nå lederen af {count} enhed:",
            "other": "Invitationen kan ikke nå lederne af {count} enheder:",
        },
    },
    "cli.reason.no_lead": {
        "en": "the organisation names no lead or deputy for it.",
        "da": "organisationen angiver ingen leder eller stedfortræder for den.",
    },
    "cli.reason.directory_empty": {
        "en": "{emails} cannot be looked up: nobody is in the people directory yet (run dialogue-bot directory "
        "sync, or start the bot).",
        "da": "{emails} kan ikke slås op: ingen er i persondatabasen endnu (kør dialogue-bot directory sync, "
        "eller start botten).",
    },
    "cli.reason.not_in_slack": {
        "en": "no Slack account has the e-mail {emails}.",
        "da": "ingen Slack-konto har e-mailen {emails}.",
    },
    "cli.campaign.refused": {
        "en": "Nothing was started. Fix the organisation file or the directory, or start anyway with --yes (those "
        "units are invited as soon as the people directory finds their lead in Slack).",
        "da": "Intet blev startet. Ret organisationsfilen eller persondatabasen, eller start alligevel med --yes "
        "(de enheder inviteres, så snart persondatabasen finder deres leder i Slack).",
    },
    "cli.campaign.started": {
        "en": {
            "one": "Campaign {id} started for {count} unit; the leads get their DMs from the running bot.",
            "other": "Campaign {id} started for {count} units; the leads get their DMs from the running bot.",
        },
        "da": {
            "one": "Kampagne {id} er startet for {count} enhed; lederne får deres DM fra botten, når den kører.",
            "other": "Kampagne {id} er startet for {count} enheder; lederne får deres DM fra botten, når den kører.",
        },
    },
    "cli.erased": {
        "en": {
            "one": "Erased {user}: {count} record removed or pseudonymised.",
            "other": "Erased {user}: {count} records removed or pseudonymised.",
        },
        "da": {
            "one": "Slettet {user}: {count} post fjernet eller pseudonymiseret.",
            "other": "Slettet {user}: {count} poster fjernet eller pseudonymiseret.",
        },
    },
    "cli.flows_valid": {
        "en": {"one": "{count} flow valid: {ids}", "other": "{count} flows valid: {ids}"},
        "da": {"one": "{count} flow gyldigt: {ids}", "other": "{count} flows gyldige: {ids}"},
    },
    "cli.nothing_stored": {"en": "{file}: nothing was stored:", "da": "{file}: intet blev gemt:"},
    "cli.visits_stored": {
        "en": {"one": "{count} experience from visits stored.", "other": "{count} experiences from visits stored."},
        "da": {"one": "{count} oplevelse fra besøg gemt.", "other": "{count} oplevelser fra besøg gemt."},
    },
    "org.empty": {
        "en": "No organisation yet: dialogue-bot org import FILE.csv (or --entra).",
        "da": "Ingen organisation endnu: dialogue-bot org import FIL.csv (eller --entra).",
    },
    "org.n_new": {
        "en": {"one": "{count} new", "other": "{count} new"},
        "da": {"one": "{count} ny", "other": "{count} nye"},
    },
    "org.n_people": {
        "en": {"one": "{count} person", "other": "{count} people"},
        "da": {"one": "{count} person", "other": "{count} personer"},
    },
    "org.n_units": {
        "en": {"one": "{count} unit", "other": "{count} units"},
        "da": {"one": "{count} enhed", "other": "{count} enheder"},
    },
    "org.changes.units": {
        "en": "Units: {new}, {gone} gone, {moved} moved.",
        "da": "Enheder: {new}, {gone} væk, {moved} flyttet.",
    },
    "org.changes.people": {
        "en": "People: {joined} joined, {left} left, {moved} moved.",
        "da": "Personer: {joined} kommet til, {left} gået, {moved} flyttet.",
    },
    "org.changes.leads": {"en": "New leads in: {units}.", "da": "Nye ledere i: {units}."},
    "org.changes.no_new_leads": {"en": "No new leads.", "da": "Ingen nye ledere."},
    "org.directory_empty": {
        "en": "Nobody is in the people directory yet, so no one can be found in Slack by e-mail: run dialogue-bot "
        "directory sync (the running bot also reads it daily).",
        "da": "Ingen er i persondatabasen endnu, så ingen kan findes i Slack via e-mail: kør dialogue-bot "
        "directory sync (botten læser den også dagligt, når den kører).",
    },
    "org.found": {
        "en": {
            "one": "{found} of the organisation's {count} person found in Slack by e-mail.",
            "other": "{found} of the organisation's {count} people found in Slack by e-mail.",
        },
        "da": {
            "one": "{found} af organisationens {count} person fundet i Slack via e-mail.",
            "other": "{found} af organisationens {count} personer fundet i Slack via e-mail.",
        },
    },
    "org.not_found": {
        "en": {"one": "{count} person not found", "other": "{count} people not found"},
        "da": {"one": "{count} person ikke fundet", "other": "{count} personer ikke fundet"},
    },
    "org.not_in_slack": {"en": "not in Slack", "da": "ikke i Slack"},
    "org.counts": {"en": "{people}, {found} in Slack", "da": "{people}, {found} i Slack"},
    "org.role.lead": {"en": "lead", "da": "leder"},
    "org.role.deputy": {"en": "deputy", "da": "stedfortræder"},
    "org.summary": {
        "en": {
            "one": "{units}; {count} person not found in Slack by e-mail",
            "other": "{units}; {count} people not found in Slack by e-mail",
        },
        "da": {
            "one": "{units}; {count} person ikke fundet i Slack via e-mail",
            "other": "{units}; {count} personer ikke fundet i Slack via e-mail",
        },
    },
    "readable.yes": {"en": "yes", "da": "ja"},
    "readable.no": {"en": "no", "da": "nej"},
    "readable.actor.cli": {"en": "the command line", "da": "kommandolinjen"},
    "readable.col.campaign": {"en": "Campaign", "da": "Kampagne"},
    "readable.col.unit": {"en": "Unit", "da": "Enhed"},
    "readable.col.parent": {"en": "Part of", "da": "Del af"},
    "readable.col.level": {"en": "Level", "da": "Niveau"},
    "readable.col.theme_id": {"en": "Theme id", "da": "Tema-id"},
    "readable.col.theme": {"en": "Theme", "da": "Tema"},
    "readable.col.ratings": {"en": "Ratings", "da": "Vurderinger"},
    "readable.col.mean": {"en": "Mean", "da": "Gennemsnit"},
    "readable.col.rated_n": {"en": "Rated {n}", "da": "Vurderet {n}"},
    "readable.col.previous_mean": {"en": "Previous mean", "da": "Forrige gennemsnit"},
    "readable.col.note": {"en": "Note", "da": "Bemærkning"},
    "readable.col.change": {"en": "Change", "da": "Ændring"},
    "readable.col.stage": {"en": "Stage", "da": "Status"},
    "readable.col.answered": {"en": "Answered", "da": "Svaret"},
    "readable.col.invited": {"en": "Invited", "da": "Inviteret"},
    "readable.col.participation": {"en": "Participation (%)", "da": "Deltagelse (%)"},
    "readable.col.round": {"en": "Round", "da": "Runde"},
    "readable.col.dialogue": {"en": "Dialogue", "da": "Dialog"},
    "readable.col.version": {"en": "Version", "da": "Version"},
    "readable.col.started": {"en": "Started", "da": "Startet"},
    "readable.col.deadline": {"en": "Deadline", "da": "Frist"},
    "readable.col.anonymous": {"en": "Anonymous", "da": "Anonym"},
    "readable.col.respondent": {"en": "Respondent", "da": "Besvarelse"},
    "readable.col.name": {"en": "Name", "da": "Navn"},
    "readable.col.local": {"en": "The unit's own question", "da": "Enhedens eget spørgsmål"},
    "readable.col.rating": {"en": "Rating", "da": "Vurdering"},
    "readable.col.text": {"en": "Text", "da": "Tekst"},
    "readable.col.shared_on": {"en": "Shared on", "da": "Delt den"},
    "readable.col.what_worked": {"en": "What worked", "da": "Det, der virkede"},
    "readable.col.what_should_be_different": {"en": "What should be different", "da": "Det, der skal ændres"},
    "readable.col.source": {"en": "Source", "da": "Kilde"},
    "readable.col.forum": {"en": "Forum", "da": "Forum"},
    "readable.col.meeting": {"en": "Meeting", "da": "Møde"},
    "readable.col.action": {"en": "Action", "da": "Handling"},
    "readable.col.who": {"en": "Who", "da": "Hvem"},
    "readable.col.by_when": {"en": "By when", "da": "Senest"},
    "readable.col.status": {"en": "Status", "da": "Status"},
    "readable.col.keep": {"en": "What to keep", "da": "Det, vi bevarer"},
    "readable.col.workshop": {"en": "Workshop", "da": "Workshop"},
    "readable.col.title": {"en": "Title", "da": "Titel"},
    "readable.col.starts": {"en": "Starts", "da": "Starter"},
    "readable.col.place": {"en": "Place", "da": "Sted"},
    "readable.col.capacity": {"en": "Seats", "da": "Pladser"},
    "readable.col.person": {"en": "Person", "da": "Person"},
    "readable.col.seat": {"en": "Seat", "da": "Plads"},
    "readable.col.waitlist": {"en": "Waitlist place", "da": "Plads på venteliste"},
    "readable.col.calendar": {"en": "Calendar", "da": "Kalender"},
    "readable.col.at": {"en": "When", "da": "Hvornår"},
    "readable.col.detail": {"en": "Detail", "da": "Detalje"},
    "readable.col.rows": {"en": "Rows", "da": "Rækker"},
    "readable.col.allowed": {"en": "Allowed", "da": "Tilladt"},
    "readable.status.open": {"en": "open", "da": "åben"},
    "readable.status.cancelled": {"en": "cancelled", "da": "aflyst"},
    "readable.status.in_progress": {"en": "in progress", "da": "i gang"},
    "readable.status.done": {"en": "done", "da": "gjort"},
    "readable.status.dropped": {"en": "dropped", "da": "droppet"},
    "readable.seat.registered": {"en": "registered", "da": "tilmeldt"},
    "readable.seat.waitlisted": {"en": "on the waitlist", "da": "på venteliste"},
    "readable.seat.cancelled": {"en": "cancelled", "da": "afmeldt"},
    "readable.calendar.pending": {"en": "invitation pending", "da": "invitation afventer"},
    "readable.calendar.added": {"en": "in their Outlook calendar", "da": "i deres Outlook-kalender"},
    "readable.calendar.removed": {"en": "removed from their calendar", "da": "fjernet fra deres kalender"},
    "readable.calendar.ics": {"en": "calendar file sent", "da": "kalenderfil sendt"},
    "readable.calendar.failed": {"en": "calendar invitation failed", "da": "kalenderinvitation mislykkedes"},
    "readable.source.chat": {"en": "shared in Slack", "da": "delt i Slack"},
    "readable.source.workshop": {"en": "a workshop", "da": "en workshop"},
    "readable.source.visit": {"en": "a visit", "da": "et besøg"},
    "readable.action.export": {"en": "Export: {what}", "da": "Eksport: {what}"},
    "readable.action.web": {"en": "Dashboard: {page}", "da": "Overblik: {page}"},
    "readable.action.refused": {"en": "Refused request ({kind})", "da": "Afvist forespørgsel ({kind})"},
    "readable.action.command": {"en": "Command: {command}", "da": "Kommando: {command}"},
    "readable.action.campaign.start": {"en": "Campaign started", "da": "Kampagne startet"},
    "readable.action.campaign.nudge": {"en": "Leads nudged", "da": "Ledere påmindet"},
    "readable.action.campaign.results": {"en": "Campaign results read", "da": "Kampagneresultater læst"},
    "readable.action.campaign.status": {"en": "Campaign progress read", "da": "Kampagnens fremdrift læst"},
    "readable.action.experiences.import": {"en": "Visits imported", "da": "Besøg importeret"},
    "readable.action.org.import": {"en": "Organisation imported", "da": "Organisation importeret"},
    "readable.action.retention.run": {"en": "Retention applied", "da": "Sletning efter opbevaringstid"},
    "readable.action.role.grant": {"en": "Role granted", "da": "Rolle givet"},
    "readable.action.role.revoke": {"en": "Role removed", "da": "Rolle fjernet"},
    "readable.action.answer.delete": {"en": "Answer deleted", "da": "Svar slettet"},
    "readable.action.workshop.cancel": {"en": "Workshop cancelled", "da": "Workshop aflyst"},
    "readable.action.web.signin": {"en": "Signed in to the dashboard", "da": "Logget ind på overblikket"},
    "readable.action.web.results": {"en": "Dashboard: results", "da": "Overblik: resultater"},
    "book.heatmap": {"en": "Heatmap", "da": "Varmekort"},
    "book.distributions": {"en": "Distributions", "da": "Fordelinger"},
    "book.title": {
        "en": "Campaign {id} · {title} · mean per theme (1–{scale})",
        "da": "Kampagne {id} · {title} · gennemsnit pr. tema (1–{scale})",
    },
    "book.legend": {
        "en": "Colour: the difference from the whole organisation's mean for the theme",
        "da": "Farve: forskellen fra hele organisationens gennemsnit for temaet",
    },
    "book.legend_below": {"en": "1 point lower", "da": "1 point lavere"},
    "book.legend_same": {"en": "the same", "da": "det samme"},
    "book.legend_above": {"en": "1 point higher", "da": "1 point højere"},
    "book.reference": {
        "en": "The reference is the first row (all units). The Distributions sheet has each rating's count, the "
        "previous campaign's mean and the change.",
        "da": "Referencen er første række (alle enheder). Arket Fordelinger har antallet for hver vurdering, "
        "forrige kampagnes gennemsnit og ændringen.",
    },
    "book.chart": {"en": "The whole organisation's mean per theme", "da": "Hele organisationens gennemsnit pr. tema"},
    "diff.title": {
        "en": "{title} ({id}): version {old} → version {new}",
        "da": "{title} ({id}): version {old} → version {new}",
    },
    "diff.step": {"en": "Step {n} “{theme}” ({id})", "da": "Trin {n} “{theme}” ({id})"},
    "diff.added": {"en": "+ {step} is new: {what}.", "da": "+ {step} er nyt: {what}."},
    "diff.removed": {"en": "− {step} is removed.", "da": "− {step} er fjernet."},
    "diff.changed": {"en": "~ {step} changes:", "da": "~ {step} ændres:"},
    "diff.field": {"en": "    {field}: {before} → {after}", "da": "    {field}: {before} → {after}"},
    "diff.scale": {"en": "1 to {scale}", "da": "1 til {scale}"},
    "diff.none": {"en": "(none)", "da": "(ingen)"},
    "diff.lang.en": {"en": "English", "da": "engelsk"},
    "diff.lang.da": {"en": "Danish", "da": "dansk"},
    "diff.kind.rating": {"en": "a rating from 1 to {scale}", "da": "en vurdering fra 1 til {scale}"},
    "diff.kind.reflection": {"en": "a reflection (no rating)", "da": "en refleksion (ingen vurdering)"},
    "diff.kind.rating_and_reflection": {
        "en": "a rating from 1 to {scale} and a reflection",
        "da": "en vurdering fra 1 til {scale} og en refleksion",
    },
    "diff.field.theme": {"en": "Theme", "da": "Tema"},
    "diff.field.reflect": {"en": "Reflection prompt", "da": "Refleksionsspørgsmål"},
    "diff.field.dialogue_question": {"en": "Question for the team meeting", "da": "Spørgsmål til teammødet"},
    "diff.field.rating": {"en": "Rating", "da": "Vurdering"},
    "diff.field.rating.scale": {"en": "Rating scale", "da": "Vurderingsskala"},
    "diff.field.rating.low": {"en": "Rating's low end", "da": "Skalaens laveste punkt"},
    "diff.field.rating.high": {"en": "Rating's high end", "da": "Skalaens højeste punkt"},
    "diff.field.rating.labels": {"en": "Rating's words per value", "da": "Skalaens ord for hver værdi"},
    "diff.field.rating.required": {"en": "Rating required", "da": "Vurdering krævet"},
    "diff.field.required": {"en": "Kept by every unit", "da": "Bevares af alle enheder"},
    "diff.field.next": {"en": "Next step", "da": "Næste trin"},
    "diff.field.title": {"en": "Title", "da": "Titel"},
    "diff.field.intro": {"en": "Introduction", "da": "Introduktion"},
    "diff.field.why": {"en": "Why", "da": "Hvorfor"},
    "diff.field.kind": {"en": "Kind", "da": "Slags"},
    "diff.field.startable": {"en": "Offered when starting a round", "da": "Tilbydes ved start af en runde"},
    "diff.field.local_questions": {"en": "Questions of a unit's own", "da": "Enhedens egne spørgsmål"},
    "diff.order": {"en": "The order of the steps changes: {order}.", "da": "Trinenes rækkefølge ændres: {order}."},
    "diff.flow_texts": {
        "en": "The dialogue's own texts change: {fields}.",
        "da": "Dialogens egne tekster ændres: {fields}.",
    },
    "diff.same": {"en": "No differences.", "da": "Ingen forskelle."},
    "diff.warn_scale": {
        "en": "Warning: {step} changes its rating scale from 1–{before} to 1–{after}. Its results cannot be compared "
        "with rounds on the old scale: trends leave this step out.",
        "da": "Advarsel: {step} skifter vurderingsskala fra 1–{before} til 1–{after}. Resultaterne kan ikke "
        "sammenlignes med runder på den gamle skala: udviklingen udelader dette trin.",
    },
    "diff.warn_kind": {
        "en": "Warning: {step} changes what it asks for, from {before} to {after}. Its results cannot be compared "
        "with earlier rounds: trends leave this step out.",
        "da": "Advarsel: {step} ændrer, hvad det spørger om, fra {before} til {after}. Resultaterne kan ikke "
        "sammenlignes med tidligere runder: udviklingen udelader dette trin.",
    },
    # Sharing experiences
    "share.dialogue": {"en": "Which dialogue?", "da": "Hvilken dialog?"},
    "share.dialogue.well_being": {"en": "Well-being Dialogue", "da": "Trivselsdialog"},
    "share.dialogue.leadership": {"en": "Leadership Dialogue", "da": "Ledelsesdialog"},
    "share.dialogue.workshop": {"en": "A workshop", "da": "En workshop"},
    "share.anonymous": {"en": "Anonymously (recommended)", "da": "Anonymt (anbefales)"},
    "share.named": {"en": "With my name", "da": "Med mit navn"},
    "share.thanks": {"en": "Thank you for sharing your experience.", "da": "Tak fordi du delte din oplevelse."},
    "error.share_empty": {
        "en": "Write what worked or what should be different.",
        "da": "Skriv, hvad der virkede, eller hvad der skal være anderledes.",
    },
    "home.share": {"en": "Share your experience", "da": "Del din oplevelse"},
    # My answers
    "mine.header": {"en": "My answers in open rounds", "da": "Mine svar i åbne runder"},
    "mine.none": {"en": "_You have no answers in open rounds._", "da": "_Du har ingen svar i åbne runder._"},
    "mine.delete": {"en": "Delete my answer", "da": "Slet mit svar"},
    "mine.deleted": {
        "en": "Your answer was deleted. You can answer again until the deadline.",
        "da": "Dit svar er slettet. Du kan svare igen indtil fristen.",
    },
    "start.experience_round": {"en": "Gathering experiences (HR)", "da": "Indsamling af oplevelser (HR)"},
    "invite.experience": {
        "en": ":speech_balloon: You choose whether to share anonymously or with your name.",
        "da": ":speech_balloon: Du vælger selv, om du deler anonymt eller med dit navn.",
    },
    "experience.summary": {
        "en": "*{title}* closed: {answered} of {invited} shared their experience. Export them with "
        "`/dialogue export` → Shared experiences.",
        "da": "*{title}* er lukket: {answered} af {invited} delte deres oplevelse. Eksportér dem med "
        "`/dialogue export` → Delte oplevelser.",
    },
    # Workshops
    "ws.modal_title": {"en": "New workshop", "da": "Ny workshop"},
    "ws.edit_title": {"en": "Edit workshop", "da": "Ret workshop"},
    "ws.title": {"en": "Title", "da": "Titel"},
    "ws.description": {"en": "Description", "da": "Beskrivelse"},
    "ws.starts": {"en": "Starts", "da": "Starter"},
    "ws.ends": {"en": "Ends", "da": "Slutter"},
    "ws.place": {"en": "Place (room or online link)", "da": "Sted (lokale eller onlinelink)"},
    "ws.capacity": {"en": "Seats", "da": "Pladser"},
    "ws.deadline": {"en": "Registration closes", "da": "Tilmelding lukker"},
    "ws.concept": {"en": "About", "da": "Om"},
    "ws.channel": {"en": "Announce in a channel", "da": "Annoncér i en kanal"},
    "ws.people": {"en": "…or send to these people", "da": "…eller send til disse personer"},
    "ws.header": {"en": "Workshop: share your experience", "da": "Workshop: del din oplevelse"},
    "ws.announce": {"en": "Workshop: {title} — click to register", "da": "Workshop: {title} — klik for at tilmelde"},
    "ws.cancelled_announce": {
        "en": ":x: The workshop *{title}* is cancelled.",
        "da": ":x: Workshoppen *{title}* er aflyst.",
    },
    "ws.seats_left": {"en": "{n} of {capacity} seats left", "da": "{n} af {capacity} pladser tilbage"},
    "ws.register_by": {"en": "register by {deadline}", "da": "tilmeld dig senest {deadline}"},
    "ws.register": {"en": "Register", "da": "Tilmeld"},
    "ws.join_waitlist": {"en": "Join waitlist", "da": "Skriv mig på ventelisten"},
    "ws.registered": {
        "en": ":white_check_mark: You are registered for *{title}*.",
        "da": ":white_check_mark: Du er tilmeldt *{title}*.",
    },
    "ws.waitlisted": {
        "en": ":hourglass: The workshop *{title}* is full; you are number {n} on the waitlist. "
        "You will hear from me at once if a seat frees up.",
        "da": ":hourglass: Workshoppen *{title}* er fuld; du er nummer {n} på ventelisten. "
        "Du hører fra mig med det samme, hvis en plads bliver ledig.",
    },
    "ws.promoted": {
        "en": ":tada: A seat freed up: you are now registered for *{title}*.",
        "da": ":tada: En plads blev ledig: du er nu tilmeldt *{title}*.",
    },
    "ws.already": {
        "en": "You are already registered for this workshop.",
        "da": "Du er allerede tilmeldt denne workshop.",
    },
    "ws.already_waiting": {
        "en": "You are already on the waitlist (number {n}).",
        "da": "Du er allerede på ventelisten (nummer {n}).",
    },
    "ws.closed": {"en": "Registration for this workshop has closed.", "da": "Tilmeldingen til workshoppen er lukket."},
    "ws.is_cancelled": {"en": "This workshop is cancelled.", "da": "Denne workshop er aflyst."},
    "ws.unknown": {"en": "This workshop no longer exists.", "da": "Denne workshop findes ikke længere."},
    "ws.leave": {"en": "Cancel my seat", "da": "Afmeld mig"},
    "ws.left": {"en": "Your seat is cancelled.", "da": "Din plads er afmeldt."},
    "ws.not_registered": {"en": "You have no seat at this workshop.", "da": "Du har ingen plads på denne workshop."},
    "ws.add_calendar": {"en": "Add to calendar", "da": "Føj til kalender"},
    "ws.outlook.pending": {
        "en": "An Outlook invitation is on its way to you.",
        "da": "En Outlook-invitation er på vej til dig.",
    },
    "ws.outlook.added": {"en": "It is in your Outlook calendar.", "da": "Den står i din Outlook-kalender."},
    "ws.outlook.ics": {
        "en": "Outlook does not know your Slack e-mail address, so it is not in your Outlook calendar: the calendar "
        "file is here in our conversation, and *Add to calendar* gives you a new one.",
        "da": "Outlook kender ikke din e-mailadresse fra Slack, så den står ikke i din Outlook-kalender: "
        "kalenderfilen ligger her i vores samtale, og *Føj til kalender* giver dig en ny.",
    },
    "ws.outlook.failed": {
        "en": "It could not be added to your Outlook calendar yet; the bot keeps trying.",
        "da": "Den kunne ikke føjes til din Outlook-kalender endnu; botten prøver igen.",
    },
    "ws.outlook.removed": {"en": "It is no longer in your calendar.", "da": "Den står ikke længere i din kalender."},
    "ws.ics_changed": {
        "en": "*{title}* has changed: {what}. Here is the updated calendar file.",
        "da": "*{title}* er ændret: {what}. Her er den opdaterede kalenderfil.",
    },
    "ws.changed_time": {"en": "new time {when}", "da": "nyt tidspunkt {when}"},
    "ws.changed_place": {"en": "new place {place}", "da": "nyt sted {place}"},
    "ws.cancelled_dm": {
        "en": ":x: The workshop *{title}* you registered for is cancelled. Sorry for the change.",
        "da": ":x: Workshoppen *{title}*, som du var tilmeldt, er aflyst. Beklager ændringen.",
    },
    "ws.remind_day": {
        "en": "Reminder: the workshop *{title}* is tomorrow ({when}), at {place}.",
        "da": "Påmindelse: workshoppen *{title}* er i morgen ({when}), på {place}.",
    },
    "ws.remind_hour": {
        "en": "Reminder: the workshop *{title}* starts in an hour, at {place}.",
        "da": "Påmindelse: workshoppen *{title}* starter om en time, på {place}.",
    },
    "ws.upcoming": {"en": "Upcoming workshops", "da": "Kommende workshops"},
    "ws.none": {"en": "_No upcoming workshops._", "da": "_Ingen kommende workshops._"},
    "ws.new": {"en": "New workshop", "da": "Ny workshop"},
    "ws.edit": {"en": "Edit", "da": "Ret"},
    "ws.cancel": {"en": "Cancel workshop", "da": "Aflys workshop"},
    "ws.registered_list": {"en": "*Registered ({n}):* {who}", "da": "*Tilmeldte ({n}):* {who}"},
    "ws.waitlist_list": {"en": "*Waitlist ({n}):* {who}", "da": "*Venteliste ({n}):* {who}"},
    "ws.calendar_failed": {
        "en": {
            "one": ":warning: {count} calendar update failed; retrying.",
            "other": ":warning: {count} calendar updates failed; retrying.",
        },
        "da": {
            "one": ":warning: {count} kalenderopdatering fejlede; prøver igen.",
            "other": ":warning: {count} kalenderopdateringer fejlede; prøver igen.",
        },
    },
    "error.capacity": {
        "en": "Enter a whole number of seats, at least 1.",
        "da": "Skriv et helt antal pladser, mindst 1.",
    },
    "error.end_before_start": {"en": "The end must be after the start.", "da": "Slutningen skal være efter starten."},
    "error.deadline_after_start": {
        "en": "Registration must close before the workshop starts.",
        "da": "Tilmeldingen skal lukke, før workshoppen starter.",
    },
    "error.plain_title": {
        "en": "Use plain text: no < > * _ ~ or ` in the title.",
        "da": "Brug almindelig tekst: ingen < > * _ ~ eller ` i titlen.",
    },
    "error.required_text": {"en": "Please fill this in.", "da": "Udfyld venligst dette."},
    "error.no_audience": {
        "en": "Pick a channel or people to announce it to.",
        "da": "Vælg en kanal eller personer at annoncere den for.",
    },
    # App Home and help
    "home.title": {"en": "Dialogue bot", "da": "Dialogbot"},
    "home.intro": {
        "en": "Run a Well-being or Leadership Dialogue with your team: everyone reflects on their own, "
        "then you talk and agree on what to do. We can only act on what we have the courage to say out loud.",
        "da": "Kør en Trivsels- eller Ledelsesdialog med dit team: alle reflekterer først selv, "
        "derefter taler I sammen og aftaler, hvad I gør. Vi kan kun handle på det, vi tør sige højt.",
    },
    "home.start": {"en": "Start a dialogue round", "da": "Start en dialogrunde"},
    "help.text": {
        "en": "Commands: `/dialogue start` starts a round, `/dialogue status` shows your open rounds, "
        "`/dialogue share` shares your experience of a dialogue, `/dialogue workshops` lists workshops. "
        "HR: `/dialogue campaign` starts a campaign across units, `/dialogue campaign status` follows it and "
        "`/dialogue campaign results` sends its results. To answer a round you were invited to, press *Answer* on "
        "its message.",
        "da": "Kommandoer: `/dialogue start` starter en runde, `/dialogue status` viser dine åbne runder, "
        "`/dialogue share` deler din oplevelse af en dialog, `/dialogue workshops` viser workshops. "
        "HR: `/dialogue campaign` starter en kampagne på tværs af enheder, `/dialogue campaign status` følger den, "
        "og `/dialogue campaign results` sender dens resultater. Tryk *Svar* på beskeden for at svare på en runde, "
        "du er inviteret til.",
    },
    "chat.offer": {
        "en": "Was that about how a dialogue went? Share it with HR as an experience — anonymously unless you "
        "choose otherwise. Nothing is kept unless you send the form.",
        "da": "Handlede det om, hvordan en dialog gik? Del det med HR som en oplevelse — anonymt, medmindre du "
        "vælger andet. Intet gemmes, medmindre du sender formularen.",
    },
    "chat.as_worked": {"en": "Share as what worked", "da": "Del som det, der virkede"},
    "chat.as_different": {"en": "Share as what to change", "da": "Del som det, der skal ændres"},
    # Campaigns (HR across units)
    "campaign.lead.invite": {
        "en": "*{title}* for *{unit}*: HR asks each unit to hold the dialogue between {start} and {end}. Plan "
        "when your team answers and when you meet.",
        "da": "*{title}* for *{unit}*: HR beder hver enhed holde dialogen mellem {start} og {end}. Planlæg, "
        "hvornår dit team svarer, og hvornår I mødes.",
    },
    "campaign.lead.remind": {
        "en": "A reminder: *{unit}* has not started its *{title}* yet. The period ends {end}.",
        "da": "En påmindelse: *{unit}* er ikke gået i gang med *{title}* endnu. Perioden slutter {end}.",
    },
    "campaign.lead.nudge": {
        "en": "HR reminds you: *{unit}* has not started its *{title}* yet. The period ends {end}.",
        "da": "HR minder dig om: *{unit}* er ikke gået i gang med *{title}* endnu. Perioden slutter {end}.",
    },
    "campaign.lead.handed": {
        "en": "*{unit}*'s *{title}* was handed to you to plan and hold between {start} and {end}.",
        "da": "*{title}* for *{unit}* er givet videre til dig at planlægge og holde mellem {start} og {end}.",
    },
    "share.visit_forum": {"en": "HR: from a visit to…", "da": "HR: fra et besøg hos…"},
    "share.visit_hint": {
        "en": "The unit or body you visited (e.g. the local liaison committee). Stored on its behalf, without a name.",
        "da": "Enheden eller udvalget, du besøgte (fx LSU). Gemmes på dets vegne, uden navn.",
    },
    "share.visit_date": {"en": "Day of the visit", "da": "Besøgets dato"},
    "error.visit_hr_only": {"en": "Only HR records visits.", "da": "Kun HR registrerer besøg."},
    "error.visit_future": {"en": "The visit cannot be in the future.", "da": "Besøget kan ikke ligge i fremtiden."},
    "start.adapt": {"en": "Adapt the questions to our team first", "da": "Tilpas spørgsmålene til vores team først"},
    "start.adapt_label": {"en": "Local adaptation", "da": "Lokal tilpasning"},
    "adapt.title": {"en": "Adapt to our team", "da": "Tilpas til vores team"},
    "adapt.submit": {"en": "Preview", "da": "Forhåndsvis"},
    "adapt.intro": {
        "en": "Adapt *{title}* to your team: leave out themes that do not fit, add questions of your own, and put "
        "the team meeting's questions in your words. Next you see exactly what your team will be asked.",
        "da": "Tilpas *{title}* til dit team: udelad temaer, der ikke passer, tilføj jeres egne spørgsmål, og skriv "
        "teammødets spørgsmål med jeres ord. Bagefter ser du præcis, hvad dit team bliver spurgt om.",
    },
    "adapt.required": {
        "en": "Kept by every unit (HR's core): {themes}",
        "da": "Alle enheder beholder (HR's kerne): {themes}",
    },
    "adapt.keep": {"en": "Themes to include", "da": "Temaer, der skal med"},
    "adapt.local": {"en": "Your own question {n}", "da": "Jeres eget spørgsmål {n}"},
    "adapt.local_hint": {
        "en": "Optional. Plain words, no formatting or links. Write it in one language, or add the other below.",
        "da": "Valgfrit. Almindelige ord, ingen formatering eller links. Skriv det på ét sprog, eller tilføj det "
        "andet nedenfor.",
    },
    "adapt.other.en": {"en": "…in English (optional)", "da": "…på engelsk (valgfrit)"},
    "adapt.other.da": {"en": "…in Danish (optional)", "da": "…på dansk (valgfrit)"},
    "adapt.kind": {"en": "Answered with", "da": "Besvares med"},
    "adapt.kind.rating": {"en": "a rating from 1 to 5", "da": "en vurdering fra 1 til 5"},
    "adapt.kind.text": {"en": "free text", "da": "fritekst"},
    "adapt.low": {"en": "…what 1 means (for a rating)", "da": "…hvad 1 betyder (ved en vurdering)"},
    "adapt.high": {"en": "…what 5 means (for a rating)", "da": "…hvad 5 betyder (ved en vurdering)"},
    "adapt.question": {"en": "For the team meeting — {theme}", "da": "Til teammødet — {theme}"},
    "adapt.preview_title": {"en": "Preview", "da": "Forhåndsvisning"},
    "adapt.preview": {
        "en": "This is exactly what your team will be asked. Nothing has been sent yet: *Start round* sends it.",
        "da": "Sådan bliver dit team spurgt. Intet er sendt endnu: *Start runde* sender det.",
    },
    "adapt.meeting": {"en": "*For the team meeting:*", "da": "*Til teammødet:*"},
    "adapt.gone": {
        "en": "This set-up has already been started, or it is more than a day old. Start again with `/dialogue start`.",
        "da": "Denne opsætning er allerede startet, eller den er mere end en dag gammel. Start igen med "
        "`/dialogue start`.",
    },
    "error.adapt_empty": {
        "en": "Write the question (or leave the whole question empty).",
        "da": "Skriv spørgsmålet (eller lad hele spørgsmålet være tomt).",
    },
    "error.adapt_too_long": {"en": "That is too long: keep it short.", "da": "Det er for langt: hold det kort."},
    "error.adapt_markup": {
        "en": "Plain words only: no formatting characters (* _ ~ ` < > |) or links.",
        "da": "Kun almindelige ord: ingen formateringstegn (* _ ~ ` < > |) eller links.",
    },
    "error.adapt_too_many": {
        "en": "That is more questions than this dialogue allows.",
        "da": "Det er flere spørgsmål, end dialogen tillader.",
    },
    "error.adapt_nothing_left": {"en": "Keep at least one theme.", "da": "Behold mindst ét tema."},
    "web.title": {"en": "HR dashboard", "da": "HR-overblik"},
    "web.skip": {"en": "Skip to the content", "da": "Spring til indholdet"},
    "web.nav": {"en": "Main", "da": "Hovedmenu"},
    "web.experiences": {"en": "Experiences", "da": "Oplevelser"},
    "web.exports": {"en": "Exports", "da": "Eksporter"},
    "web.audit": {"en": "Audit log", "da": "Revisionslog"},
    "web.signout": {"en": "Sign out", "da": "Log ud"},
    "web.signin": {"en": "Sign in", "da": "Log ind"},
    "web.signed_out": {"en": "You are signed out.", "da": "Du er logget ud."},
    "web.demo": {"en": "demo", "da": "demo"},
    "web.campaigns": {"en": "Campaigns", "da": "Kampagner"},
    "web.campaign": {"en": "Campaign {id}", "da": "Kampagne {id}"},
    "web.progress": {"en": "Progress", "da": "Fremdrift"},
    "web.progress_caption": {
        "en": "Each unit's progress: counts only, never who.",
        "da": "Hver enheds fremdrift: kun tal, aldrig hvem.",
    },
    "web.results": {"en": "Results", "da": "Resultater"},
    "web.results_intro": {
        "en": "Means on the 1–5 scale, with each rating's count and the previous campaign's mean.",
        "da": "Gennemsnit på skalaen 1–5 med antal for hver vurdering og forrige kampagnes gennemsnit.",
    },
    "web.my_rounds": {"en": "Your rounds", "da": "Dine runder"},
    "web.stage": {"en": "Stage", "da": "Status"},
    "web.answered": {"en": "Answered", "da": "Svaret"},
    "web.before": {"en": "before", "da": "før"},
    "web.chart_alt": {
        "en": "Each theme's ratings from 1 to 5, and the mean on the same scale",
        "da": "Hvert temas vurderinger fra 1 til 5 og gennemsnittet på samme skala",
    },
    "web.chart_numbers": {"en": "The chart's numbers", "da": "Figurens tal"},
    "web.theme": {"en": "Theme", "da": "Tema"},
    "web.filter": {"en": "Show", "da": "Vis"},
    "web.date": {"en": "Date", "da": "Dato"},
    "web.worked": {"en": "What worked", "da": "Det, der virkede"},
    "web.different": {"en": "What should be different", "da": "Det, der skal ændres"},
    "web.source": {"en": "Source", "da": "Kilde"},
    "web.exports_intro": {
        "en": "The same files as dialogue-bot export; each download is written to the audit log.",
        "da": "De samme filer som dialogue-bot export; hver download skrives i revisionsloggen.",
    },
    "web.who": {"en": "Who", "da": "Hvem"},
    "web.what": {"en": "What", "da": "Hvad"},
    "web.detail": {"en": "Detail", "da": "Detalje"},
    "web.rows": {"en": "Rows", "da": "Rækker"},
    "web.allowed": {"en": "Allowed", "da": "Tilladt"},
    "web.off_title": {"en": "The dashboard is off", "da": "Overblikket er slået fra"},
    "web.off": {
        "en": "Set MS_TENANT_ID, MS_CLIENT_ID, MS_CLIENT_SECRET (the app registration Outlook uses, with a "
        "redirect URI PUBLIC_URL/hr/auth/callback), PUBLIC_URL and SESSION_SECRET, then start the bot again.",
        "da": "Sæt MS_TENANT_ID, MS_CLIENT_ID, MS_CLIENT_SECRET (den app-registrering, Outlook bruger, med "
        "redirect-URI PUBLIC_URL/hr/auth/callback), PUBLIC_URL og SESSION_SECRET, og start botten igen.",
    },
    "web.forbidden_title": {"en": "Not for you, sorry", "da": "Ikke for dig, desværre"},
    "web.forbidden": {
        "en": "This dashboard is for HR and for leads looking back at their own rounds and units. If you "
        "think you should see it, ask HR.",
        "da": "Overblikket er for HR og for ledere, der ser tilbage på deres egne runder og enheder. Hvis du "
        "mener, du burde se det, så spørg HR.",
    },
    "web.refused_title": {"en": "That was refused", "da": "Det blev afvist"},
    "web.refused": {
        "en": "The form was too old or did not come from this page (or the sign-in did not match). Go back, "
        "reload and try again.",
        "da": "Formularen var for gammel eller kom ikke fra denne side (eller log-ind passede ikke). Gå "
        "tilbage, genindlæs og prøv igen.",
    },
    "web.workshops": {"en": "Workshops", "da": "Workshops"},
    "web.no_workshops": {"en": "No upcoming workshops.", "da": "Ingen kommende workshops."},
    "web.registered": {"en": "Registered", "da": "Tilmeldt"},
    "web.waitlist": {"en": "Waitlist, in order", "da": "Venteliste, i rækkefølge"},
    "web.cancelled": {"en": "cancelled", "da": "aflyst"},
    "web.cancel_workshop": {"en": "Cancel workshop", "da": "Aflys workshop"},
    "web.workshop_cancelled": {
        "en": "The workshop is cancelled: everyone registered or waiting is told.",
        "da": "Workshoppen er aflyst: alle tilmeldte og ventende får besked.",
    },
    "web.new_workshop": {"en": "New workshop", "da": "Ny workshop"},
    "web.edit_workshop": {"en": "Edit workshop", "da": "Redigér workshop"},
    "web.save": {"en": "Save", "da": "Gem"},
    "web.channel_hint": {
        "en": "A Slack channel id, e.g. C0123ABCD (in Slack: the channel's details, at the bottom).",
        "da": "Et Slack-kanal-id, fx C0123ABCD (i Slack: kanalens detaljer, nederst).",
    },
    "web.people_hint": {
        "en": "…or people's e-mail addresses, one per line (as Slack knows them).",
        "da": "…eller folks e-mailadresser, én pr. linje (som Slack kender dem).",
    },
    "web.people_unknown": {"en": "Not found in Slack: {emails}", "da": "Ikke fundet i Slack: {emails}"},
    "web.back": {"en": "Back", "da": "Tilbage"},
    "campaign.not_holder": {
        "en": "Only the unit's lead (or the deputy it was handed to) can plan its dialogue.",
        "da": "Kun enhedens leder (eller den, enheden er givet videre til) kan planlægge dens dialog.",
    },
    "campaign.hr_word": {"en": "A word from HR:", "da": "Et ord fra HR:"},
    "campaign.plan": {"en": "Plan our dialogue", "da": "Planlæg vores dialog"},
    "campaign.plan.title": {"en": "Plan our dialogue", "da": "Planlæg vores dialog"},
    "campaign.plan.submit": {"en": "Start", "da": "Start"},
    "campaign.plan.intro": {
        "en": "*{unit}* · {title} · {start}–{end}. Your unit's people are filled in; change them if you need to.",
        "da": "*{unit}* · {title} · {start}–{end}. Enhedens folk er udfyldt; ret dem, hvis det er nødvendigt.",
    },
    "campaign.plan.meeting": {"en": "Team meeting on", "da": "Teammøde den"},
    "campaign.plan.hand_over": {"en": "…or hand the unit to a deputy", "da": "…eller giv enheden videre"},
    "campaign.plan.hand_over_hint": {
        "en": "Choose someone here to hand the unit over instead of starting: they get the invitation.",
        "da": "Vælg en person her for at give enheden videre i stedet for at starte: vedkommende får invitationen.",
    },
    "campaign.plan.handed": {"en": "Handed over to <@{user}>.", "da": "Givet videre til <@{user}>."},
    "campaign.plan.started": {
        "en": "Started: your team's invitations are on their way.",
        "da": "Startet: dit teams invitationer er på vej.",
    },
    "campaign.plan.taken": {
        "en": "This unit's dialogue has already been started.",
        "da": "Denne enheds dialog er allerede startet.",
    },
    "campaign.error.deadline_outside": {
        "en": "Choose a deadline within the campaign's period (it ends {end}).",
        "da": "Vælg en frist inden for kampagnens periode (den slutter {end}).",
    },
    "campaign.error.meeting": {
        "en": "Choose a meeting day after the deadline and no later than {end}.",
        "da": "Vælg en mødedag efter fristen og senest {end}.",
    },
    "campaign.title": {"en": "New campaign", "da": "Ny kampagne"},
    "campaign.submit": {"en": "Start campaign", "da": "Start kampagne"},
    "campaign.flow": {"en": "Dialogue", "da": "Dialog"},
    "campaign.units": {"en": "Units", "da": "Enheder"},
    "campaign.units_hint": {"en": "Unit names, separated by commas.", "da": "Enhedernes navne, adskilt af komma."},
    "campaign.subtree_label": {"en": "Sub-units", "da": "Underenheder"},
    "campaign.subtree": {"en": "Include their sub-units", "da": "Medtag underenheder"},
    "campaign.from": {"en": "From", "da": "Fra"},
    "campaign.until": {"en": "Until", "da": "Til"},
    "campaign.message": {"en": "A word from HR to the leads", "da": "Et ord fra HR til lederne"},
    "campaign.no_org": {
        "en": "There is no organisation yet: import it with `dialogue-bot org import FILE.csv` (or `--entra`).",
        "da": "Der er ingen organisation endnu: importér den med `dialogue-bot org import FIL.csv` (eller `--entra`).",
    },
    "campaign.error.flow": {"en": "Choose a dialogue.", "da": "Vælg en dialog."},
    "campaign.error.no_units": {"en": "Choose at least one unit.", "da": "Vælg mindst én enhed."},
    "campaign.error.unknown_units": {"en": "Unknown units: {units}", "da": "Ukendte enheder: {units}"},
    "campaign.error.dates": {"en": "Choose a period: from, then until.", "da": "Vælg en periode: fra, derefter til."},
    "campaign.error.past": {"en": "The period has already ended.", "da": "Perioden er allerede slut."},
    "campaign.error.message": {"en": "Keep it under 2,000 characters.", "da": "Hold den under 2.000 tegn."},
    "campaign.started": {
        "en": {
            "one": "Campaign {id} started for {count} unit: its lead gets a DM to plan the dialogue.",
            "other": "Campaign {id} started for {count} units: each lead gets a DM to plan the dialogue.",
        },
        "da": {
            "one": "Kampagne {id} er startet for {count} enhed: dens leder får en DM om at planlægge dialogen.",
            "other": "Kampagne {id} er startet for {count} enheder: hver leder får en DM om at planlægge dialogen.",
        },
    },
    "campaign.without_lead": {
        "en": "No lead found in Slack (by e-mail) for: {units}. Their units are invited as soon as the people "
        "directory finds their lead or deputy in Slack.",
        "da": "Ingen leder fundet i Slack (via e-mail) for: {units}. Deres enheder inviteres, så snart "
        "persondatabasen finder deres leder eller stedfortræder i Slack.",
    },
    "campaign.none": {"en": "There is no campaign yet.", "da": "Der er ingen kampagne endnu."},
    "campaign.progress": {
        "en": "*Campaign {id}* · {title} · {start}–{end}",
        "da": "*Kampagne {id}* · {title} · {start}–{end}",
    },
    "campaign.answering": {"en": "answering {answered} of {invited}", "da": "svarer {answered} af {invited}"},
    "campaign.stage.not_started": {"en": "not started", "da": "ikke startet"},
    "campaign.stage.answering": {"en": "answering", "da": "svarer"},
    "campaign.stage.summarised": {"en": "summarised", "da": "opsummeret"},
    "campaign.stage.meeting_held": {"en": "meeting held", "da": "møde holdt"},
    "campaign.stage.actions_recorded": {"en": "actions recorded", "da": "handlinger noteret"},
    "campaign.stage.followed_up": {"en": "followed up", "da": "fulgt op"},
    "campaign.nudge": {"en": "Nudge", "da": "Påmind"},
    "campaign.nudge_all": {"en": "Nudge all not started", "da": "Påmind alle, der ikke er startet"},
    "campaign.nudged": {
        "en": {"one": "Nudged {count} lead.", "other": "Nudged {count} leads."},
        "da": {"one": "{count} leder er påmindet.", "other": "{count} ledere er påmindet."},
    },
    "campaign.results": {
        "en": "*Results of campaign {id}* · {title} · ratings from 1 to 5, mean and (in brackets) the previous "
        "campaign's mean",
        "da": "*Resultater af kampagne {id}* · {title} · vurderinger fra 1 til 5, gennemsnit og (i parentes) "
        "forrige kampagnes gennemsnit",
    },
    "campaign.all_units": {"en": "All units", "da": "Alle enheder"},
    "campaign.withheld": {"en": "withheld", "da": "tilbageholdt"},
    "campaign.withheld_why": {
        "en": "Withheld: fewer than {threshold} people answered there, or showing it would let a smaller group be "
        "worked out from the other numbers.",
        "da": "Tilbageholdt: færre end {threshold} personer svarede dér, eller det ville gøre det muligt at regne "
        "en mindre gruppe ud fra de andre tal.",
    },
    "campaign.no_results": {
        "en": "No results to show yet: no unit of this campaign has closed its round with enough answers.",
        "da": "Ingen resultater at vise endnu: ingen enhed i kampagnen har lukket sin runde med nok svar.",
    },
    "campaign.heatmap": {"en": "Units × themes (mean, 1–5)", "da": "Enheder × temaer (gennemsnit, 1–5)"},
    "summary.previous": {"en": "previous campaign: {mean}", "da": "forrige kampagne: {mean}"},
}


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale if locale in LOCALES else LOCALES[0])


def t(key: str, locale: str, count: int | None = None, **kw: object) -> str:
    """The text for `key` in `locale` (falling back to English), with `{placeholders}` filled in. A counting
    text takes `count`: its plural form is chosen for the locale, and the number formatted in it."""
    entry = TEXTS[key]
    text = entry.get(locale) or entry["en"]
    if isinstance(text, dict):
        if count is None:
            raise TypeError(f"{key!r} counts something: pass count=")
        text = text.get(_locale(locale).plural_form(count)) or text["other"]
    if count is not None:
        kw["count"] = number(count, locale)
    return text.format(**kw) if kw else text


def number(n: int, locale: str) -> str:
    """A whole number as the locale writes it (1,500 / 1.500)."""
    return format_decimal(n, locale=_locale(locale))


def decimal(x: float, locale: str) -> str:
    """A mean or similar, one decimal, as the locale writes it (2.4 / 2,4)."""
    return format_decimal(x, format="#,##0.0", locale=_locale(locale))


def day(d: date, locale: str) -> str:
    """A calendar date as the locale writes it (Dec 3, 2026 / 3. dec. 2026)."""
    return format_date(d, format="medium", locale=_locale(locale))
