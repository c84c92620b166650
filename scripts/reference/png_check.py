#!/usr/bin/env python3
"""Independent PNG check for the tests: decodes an 8-bit greyscale/RGB/RGBA, non-interlaced PNG with nothing but
zlib and struct (chunk CRCs verified with zlib.crc32, all five filters undone) and prints
"width height colortype sha256(pixels)".  Usage: png_check.py image.png"""
import hashlib
import struct
import sys
import zlib


def main(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad signature"
    pos, idat, width = 8, b"", None
    while True:
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(ctype + body) & 0xFFFFFFFF == crc, f"CRC mismatch in {ctype!r}"
        if ctype == b"IHDR":
            width, height, depth, color, comp, filt, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and comp == 0 and filt == 0 and interlace == 0 and color in (0, 2, 6)
        elif ctype == b"IDAT":
            idat += body
        pos += 12 + length
        if ctype == b"IEND":
            assert pos == len(data), "trailing bytes"
            break
    bpp = {0: 1, 2: 3, 6: 4}[color]
    stride = width * bpp
    raw = zlib.decompress(idat)
    assert len(raw) == height * (stride + 1), "wrong inflated size"
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 0:
                p = 0
            elif f == 1:
                p = a
            elif f == 2:
                p = b
            elif f == 3:
                p = (a + b) // 2
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            else:
                raise AssertionError(f"filter {f}")
            line[i] = (line[i] + p) & 0xFF
        out += line
        prev = line
    print(width, height, color, hashlib.sha256(bytes(out)).hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
