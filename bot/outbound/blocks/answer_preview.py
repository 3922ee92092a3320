""" "What your lead will see": the view pushed over the answer form before anything is stored — the comments as
the lead will read them (masked), each rating only as one of many, nothing at all below the threshold — with
*Send* (store it) and *Back* (Slack's close: the form underneath, as the person left it)."""

from __future__ import annotations

from typing import Protocol

from bot.core.i18n import t
from bot.core.payload import Payload, json_object, packed_json
from bot.outbound.blocks.kit import Block, Modal
from bot.outbound.blocks.mrkdwn import SECTION_MAX, chunks, context, escape, header, plain, section
from flows.engine import Answer
from flows.model import Step

PREVIEW_CALLBACK = "answer_send"
METADATA_MAX = 3000  # Slack's limit on private_metadata


class Preview(Protocol):
    """What bot.answering.preview decided (read here by shape: views do not import the services)."""

    @property
    def round_id(self) -> int: ...
    @property
    def steps(self) -> list[Step]: ...
    @property
    def answers(self) -> list[Answer]: ...
    @property
    def values(self) -> dict[str, dict[str, str | None]]: ...
    @property
    def masked(self) -> dict[str, int]: ...
    @property
    def anonymous(self) -> bool: ...
    @property
    def threshold(self) -> int: ...
    @property
    def answered(self) -> int: ...
    @property
    def invited(self) -> int: ...


def quote(text: str) -> str:
    """A comment as the lead's summary shows it (bot.views.summary)."""
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def _masked_line(found: dict[str, int], locale: str) -> str | None:
    parts = [
        t(f"preview.masked_{kind}s", locale, count=found.get(kind, 0))
        for kind in ("name", "email", "phone", "id")
        if found.get(kind)
    ]
    if not parts:
        return None
    what = ", ".join(parts[:-1]) + t("preview.and", locale) + parts[-1] if len(parts) > 1 else parts[0]
    return t("preview.masked", locale, what=what)


def read_preview(view: Payload) -> tuple[int, list[str], dict[str, dict[str, str | None]]]:
    """The round, the step ids and the (masked) values the preview was made of; ValueError when not ours."""
    data = json_object(view.get("private_metadata"))
    round_id, steps, values = data.get("round"), data.get("steps"), data.get("values")
    if not isinstance(round_id, int) or not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
        raise ValueError("private_metadata is not a preview's")
    if not isinstance(values, dict) or not all(isinstance(f, dict) for f in values.values()):
        raise ValueError("private_metadata is not a preview's")
    return (
        round_id,
        steps,
        {
            str(k): {str(f): v if isinstance(v, str) else None for f, v in fields.items()}
            for k, fields in values.items()
        },
    )


def preview_modal(p: Preview, locale: str) -> Modal | None:
    """The preview, or None when the answer is too long to carry to Send (the form then asks to shorten it)."""
    metadata = packed_json({"round": p.round_id, "steps": [s.id for s in p.steps], "values": p.values}, METADATA_MAX)
    if metadata is None:
        return None
    small = p.anonymous and p.invited < p.threshold
    blocks: list[Block] = [
        header(t("preview.header", locale)),
        context(t("preview.nothing_stored", locale)),
        section(t("preview.anonymous", locale, threshold=p.threshold) if p.anonymous else t("preview.named", locale)),
    ]
    if small:
        blocks.append(section(t("preview.too_small", locale, invited=p.invited, threshold=p.threshold)))
    elif p.anonymous and p.answered < p.threshold:
        blocks.append(
            context(t("preview.so_far", locale, answered=p.answered, invited=p.invited, threshold=p.threshold))
        )
    if not small:
        by_step = {a.step_id: a for a in p.answers}
        comments = False
        for step in p.steps:
            a = by_step.get(step.id)
            if a is None:
                continue
            lines = [f"*{escape(step.theme.get(locale))}*"]
            if step.rating is not None:
                if a.declined:
                    lines.append(t("preview.declined", locale))
                elif a.rating is None:
                    lines.append(t("preview.no_rating", locale))
                else:
                    label = escape(step.rating.label(a.rating, locale))
                    key = "preview.rating" if p.anonymous else "preview.rating_named"
                    lines.append(t(key, locale, label=label, threshold=p.threshold))
            if a.text:
                comments = True
                lines.append(t("preview.comment", locale) + "\n" + quote(a.text))
            blocks.append({"type": "divider"})
            blocks.extend(section(part) for part in chunks("\n".join(lines), SECTION_MAX))
        blocks.append({"type": "divider"})
        masked = _masked_line(p.masked, locale)
        if masked:
            blocks.append(section(masked))
        if comments:
            blocks.append(context(t("preview.cannot_catch", locale)))
        else:
            blocks.append(context(t("preview.no_comments", locale)))
    return {
        "type": "modal",
        "callback_id": PREVIEW_CALLBACK,
        "title": plain(t("preview.title", locale), 24),
        "submit": plain(t("preview.send", locale), 24),
        "close": plain(t("preview.back", locale), 24),
        "private_metadata": metadata,
        "blocks": blocks,
    }
