"""`dialogue-bot flows diff` in words: what changed between two versions of a concept, step by step, in the
reader's language, with a warning where results stop being comparable (a rating scale or a step's kind)."""

from __future__ import annotations

from bot.core.i18n import TEXTS, t
from flows import versions
from flows.model import Flow, Step


def _quoted(value: object, locale: str) -> str:
    if value is None:
        return t("diff.none", locale)
    if isinstance(value, bool):
        return t("readable.yes" if value else "readable.no", locale)
    if isinstance(value, list):
        return "; ".join(_quoted(v, locale) for v in value)
    if isinstance(value, dict):
        return " / ".join(_quoted(v, locale) for v in value.values())
    return f"“{value}”" if isinstance(value, str) else str(value)


def _field_name(path: str, locale: str) -> str:
    """'theme.en' → 'Theme (English)', 'rating.labels' → 'Rating labels'."""
    base, _, lang = path.rpartition(".") if path.endswith((".en", ".da")) else (path, "", "")
    key = f"diff.field.{base}"
    name = t(key, locale) if key in TEXTS else base.replace("_", " ").replace(".", " ")
    return f"{name} ({t(f'diff.lang.{lang}', locale)})" if lang else name


def _what(step: Step, locale: str) -> str:
    """What a step asks for, e.g. 'a rating from 1 to 5 and a reflection'."""
    return t(f"diff.kind.{versions.kind(step)}", locale, scale=step.scale)


def _step(step: Step, position: int, locale: str) -> str:
    return t("diff.step", locale, n=position, theme=step.theme.get(locale), id=step.id)


def describe_changes(old: Flow, new: Flow, locale: str) -> tuple[list[str], list[str]]:
    """The lines to print, and the warnings (for stderr)."""
    lines = [t("diff.title", locale, title=new.title.get(locale), id=new.id, old=old.version, new=new.version)]
    warnings: list[str] = []
    position = {s.id: i for i, s in enumerate(new.steps, 1)} | {
        s.id: i for i, s in enumerate(old.steps, 1) if s.id not in {x.id for x in new.steps}
    }
    for change in versions.step_changes(old, new):
        step = change.after or change.before
        assert step is not None
        head = _step(step, position[change.step_id], locale)
        if change.how == versions.How.ADDED:
            lines.append(t("diff.added", locale, step=head, what=_what(step, locale)))
            continue
        if change.how == versions.How.REMOVED:
            lines.append(t("diff.removed", locale, step=head))
            continue
        lines.append(t("diff.changed", locale, step=head))
        for f in change.fields:
            if f.path == "rating.scale":
                before = t("diff.scale", locale, scale=f.before) if f.before is not None else t("diff.none", locale)
                after = t("diff.scale", locale, scale=f.after) if f.after is not None else t("diff.none", locale)
            else:
                before, after = _quoted(f.before, locale), _quoted(f.after, locale)
            lines.append(t("diff.field", locale, field=_field_name(f.path, locale), before=before, after=after))
        if change.kind_changed:
            assert change.before is not None and change.after is not None
            warnings.append(
                t(
                    "diff.warn_kind",
                    locale,
                    step=head,
                    before=_what(change.before, locale),
                    after=_what(change.after, locale),
                )
            )
        elif change.scale_changed:
            assert change.before is not None and change.after is not None
            warnings.append(
                t("diff.warn_scale", locale, step=head, before=change.before.scale, after=change.after.scale)
            )
    if versions.order_changed(old, new):
        lines.append(t("diff.order", locale, order=", ".join(s.theme.get(locale) for s in new.steps)))
    rest = versions.flow_changes(old, new)
    if rest:
        lines.append(t("diff.flow_texts", locale, fields=", ".join(_field_name(f, locale) for f in rest)))
    if len(lines) == 1:
        lines.append(t("diff.same", locale))
    return lines, warnings
