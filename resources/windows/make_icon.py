"""Draw the Karier ASN emblem and save it as karier.ico (16 to 256 pixels).

Run from the repository root when the emblem changes: `python resources/windows/make_icon.py`.
The emblem: a dark-blue rounded square with three rising gold steps (a career ladder) and a
white star above the highest one. Pillow comes with ReportLab, so nothing new is installed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
BLUE = (20, 61, 122, 255)
GOLD = (241, 180, 52, 255)
WHITE = (255, 255, 255, 255)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    import math

    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def emblem(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    d.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=BLUE)
    base = 212 * s
    for i, height in enumerate((52, 96, 140)):
        left = (40 + i * 60) * s
        d.rectangle((left, base - height * s, left + 52 * s, base), fill=GOLD)
    d.polygon(_star(196 * s, 46 * s, 30 * s), fill=WHITE)
    return img


def main() -> Path:
    target = HERE / "karier.ico"
    emblem(256).save(target, format="ICO", sizes=SIZES)
    return target


if __name__ == "__main__":
    print(main())
