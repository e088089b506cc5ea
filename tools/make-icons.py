#!/usr/bin/env python3
"""Draws Posko's app icons (a white health cross on the brand blue) as PNGs, with no image library.

Run once when the design changes: `python3 tools/make-icons.py public/icons`. The PNGs are committed.
"""
import struct
import sys
import zlib
from pathlib import Path

BLUE = (11, 93, 143)
WHITE = (255, 255, 255)
AMBER = (245, 166, 35)


def pixel(x: float, y: float, size: int, safe: float) -> tuple:
    """Colour at (x, y) for an icon whose drawing fits in the central `safe` fraction."""
    c = size / 2
    half = size * safe / 2
    arm = half * 0.62
    thick = half * 0.22
    dx, dy = abs(x - c), abs(y - c)
    # The cross.
    if (dx <= thick and dy <= arm) or (dy <= thick and dx <= arm):
        return WHITE
    # A ring around it: the "command post" circle.
    r = (dx * dx + dy * dy) ** 0.5
    if half * 0.82 <= r <= half * 0.92:
        return AMBER
    return BLUE


PALETTE = [BLUE, WHITE, AMBER]


def png(size: int, safe: float) -> bytes:
    """An indexed PNG of 2 bits a pixel: three colours, so a row is a quarter of a byte a pixel
    (the 192 px icon every phone fetches with the page went from 1,171 to 613 bytes)."""
    rows = bytearray()
    for y in range(size):
        rows.append(0)
        byte, bits = 0, 0
        for x in range(size):
            byte = (byte << 2) | PALETTE.index(pixel(x + 0.5, y + 0.5, size, safe))
            bits += 2
            if bits == 8:
                rows.append(byte)
                byte, bits = 0, 0
        if bits:
            rows.append(byte << (8 - bits))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 2, 3, 0, 0, 0)
    palette = b"".join(bytes(colour) for colour in PALETTE)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"PLTE", palette)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "public/icons")
    out.mkdir(parents=True, exist_ok=True)
    # The page's own icon, which every visitor's browser fetches with the first page: 32 px is
    # what a tab or a bookmark shows (the 192 px one, 613 bytes, is for the installed app).
    (out / "icon-32.png").write_bytes(png(32, 0.95))
    (out / "icon-192.png").write_bytes(png(192, 0.95))
    (out / "icon-512.png").write_bytes(png(512, 0.95))
    # Maskable icons are cropped to a circle by some launchers: keep the drawing in the middle 80%.
    (out / "icon-maskable-512.png").write_bytes(png(512, 0.75))


if __name__ == "__main__":
    main()
