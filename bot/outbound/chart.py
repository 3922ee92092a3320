"""Charts as PNG bytes (Pillow, no display needed) that do not mislead: ratings on their own scale.

The distribution chart shows, per theme, how many gave each rating (a bar stacked from 1 to the top of the
scale) and the mean as a mark on a strip that runs from 1 to the top — never from 0, where a mean of 2.4 on a
1–5 scale would look like half. The heatmap colours each unit × theme cell by its mean on the same scale and
marks withheld cells.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, ROW, TOP, LEFT = 1080, 50, 96, 250
BAR = 460  # the stacked distribution
STRIP = 170  # the 1…scale strip with the mean
INK, MUTED, EMPTY = "#1d1c1d", "#616061", "#ececec"
# From "low" to "high": five steps a colour-blind reader can tell apart (ColorBrewer's RdYlBu, reversed).
STEPS = ["#d7191c", "#fdae61", "#e0e0a0", "#abd9e9", "#2c7bb6"]
ON_DARK = {"#d7191c", "#2c7bb6"}  # numbers on these are written in white


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """Roboto (a dependency) has æøå; Pillow's built-in font does not, so it is only the last resort."""
    try:
        import font_roboto

        return ImageFont.truetype(font_roboto.Roboto, size)
    except (ImportError, OSError):
        return ImageFont.load_default(size=size)


def _colour(i: int, scale: int) -> str:
    return STEPS[round(i * (len(STEPS) - 1) / max(scale - 1, 1))]


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")  # optimize=True would take twice the time for a file 5 % smaller
    return buf.getvalue()


def distribution_png(title: str, rows: list[tuple[str, tuple[int, ...], str]], scale: int) -> bytes:
    """rows: (theme, counts of 1…scale, the mean as the reader writes it). Each theme: the stacked distribution,
    then its mean as a mark on a 1…scale strip."""
    height = TOP + ROW * len(rows) + 60
    img = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(img)
    big, label_font, small = _font(24), _font(18), _font(15)
    draw.text((20, 18), title, fill=INK, font=big)
    for v in range(1, scale + 1):  # the legend: what each colour means
        x = LEFT + (v - 1) * 60
        draw.rectangle([x, 58, x + 18, 76], fill=_colour(v - 1, scale))
        draw.text((x + 24, 58), str(v), fill=INK, font=small)
    strip_left = LEFT + BAR + 60
    for i, (name, counts, mean_text) in enumerate(rows):
        y = TOP + i * ROW
        draw.text((20, y + 12), name[:26], fill=INK, font=label_font)
        n = sum(counts)
        at = float(LEFT)
        for v, c in enumerate(counts):
            w = BAR * c / n if n else 0.0
            if w:
                draw.rectangle([int(at), y + 8, int(at + w), y + ROW - 8], fill=_colour(v, scale))
                if w > 22:
                    colour = _colour(v, scale)
                    draw.text(
                        (int(at + w / 2) - 5, y + 15), str(c), fill="white" if colour in ON_DARK else INK, font=small
                    )
            at += w
        if not n:
            draw.rectangle([LEFT, y + 8, LEFT + BAR, y + ROW - 8], fill=EMPTY)
            continue
        mean = sum((v + 1) * c for v, c in enumerate(counts)) / n
        draw.line([strip_left, y + ROW // 2, strip_left + STRIP, y + ROW // 2], fill=MUTED, width=2)
        for v in range(1, scale + 1):
            tx = strip_left + STRIP * (v - 1) / (scale - 1 or 1)
            draw.line([tx, y + ROW // 2 - 5, tx, y + ROW // 2 + 5], fill=MUTED, width=1)
        mx = strip_left + STRIP * (mean - 1) / (scale - 1 or 1)
        draw.ellipse([mx - 7, y + ROW // 2 - 7, mx + 7, y + ROW // 2 + 7], fill=INK)
        draw.text((strip_left + STRIP + 14, y + 13), mean_text, fill=INK, font=label_font)
    bottom = height - 40
    for v in (1, scale):
        tx = strip_left + STRIP * (v - 1) / (scale - 1 or 1)
        draw.text((tx - 4, bottom), str(v), fill=MUTED, font=small)
    return _png(img)


def heatmap_png(
    title: str, rows: list[str], columns: list[str], cells: list[list[tuple[float, str] | None]], scale: int, note: str
) -> bytes:
    """Units × themes, each cell coloured by its mean on 1…scale with the number (as the reader writes it) in it;
    None is withheld (—)."""
    cell_w, cell_h, left, top = 120, 34, 280, 120
    width = max(left + cell_w * len(columns) + 20, 700)
    height = top + cell_h * len(rows) + 70
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    big, font, small = _font(24), _font(16), _font(14)
    draw.text((20, 18), title, fill=INK, font=big)
    for j, name in enumerate(columns):
        draw.text((left + j * cell_w + 6, top - 30), name[:14], fill=INK, font=small)
    for i, name in enumerate(rows):
        y = top + i * cell_h
        draw.text((20, y + 8), name[:32], fill=INK, font=font)
        for j, cell in enumerate(cells[i]):
            x = left + j * cell_w
            if cell is None:
                draw.rectangle([x + 2, y + 2, x + cell_w - 2, y + cell_h - 2], fill=EMPTY)
                draw.text((x + cell_w // 2 - 6, y + 8), "—", fill=MUTED, font=font)
                continue
            mean, text = cell
            step = min(max(round((mean - 1) / (scale - 1 or 1) * (len(STEPS) - 1)), 0), len(STEPS) - 1)
            draw.rectangle([x + 2, y + 2, x + cell_w - 2, y + cell_h - 2], fill=STEPS[step])
            ink = "white" if STEPS[step] in ON_DARK else INK
            draw.text((x + cell_w // 2 - 14, y + 8), text, fill=ink, font=font)
    draw.text((20, height - 50), note[:140], fill=MUTED, font=small)
    return _png(img)
