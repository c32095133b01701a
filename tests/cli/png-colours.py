#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads a PNG (8-bit RGB or RGBA, not interlaced) with the standard
library only and prints its size and how many pixels have each colour
asked for, and how many are not white:

    png-colours.py FILE [#rrggbb ...]
    size 1600 1000
    nonwhite 412345
    #7bc67e 23456

Exits 1 if the file is not such a PNG (tests/cli/matrix-html-test.sh)."""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, head = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if head is None:
        raise ValueError("no IHDR")
    width, height, depth, ctype, _, _, interlace = head
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("depth %d colour type %d interlace %d not handled"
                         % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xff
        elif ftype == 2:
            line = bytearray((a + b) & 0xff for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xff
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xff
        elif ftype != 0:
            raise ValueError("bad filter %d in row %d" % (ftype, y))
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    width, height, bpp, rows = read_png(sys.argv[1])
    want = {bytes.fromhex(c.lstrip("#")): c for c in sys.argv[2:]}
    counts = dict.fromkeys(want.values(), 0)
    nonwhite = 0
    for row in rows:
        for x in range(0, len(row), bpp):
            rgb = row[x:x + 3]
            if rgb != b"\xff\xff\xff":
                nonwhite += 1
                if rgb in want:
                    counts[want[rgb]] += 1
    print("size %d %d" % (width, height))
    print("nonwhite %d" % nonwhite)
    for c in sys.argv[2:]:
        print("%s %d" % (c, counts[c]))


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, zlib.error) as e:
        print("png-colours: %s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(1)
