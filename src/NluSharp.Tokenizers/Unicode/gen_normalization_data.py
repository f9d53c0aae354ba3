#!/usr/bin/env python3
# Generates NormalizationData.bin (embedded in NluSharp.Tokenizers) from Python's unicodedata, because .NET's
# string.Normalize does nothing under InvariantGlobalization. Run: python3 gen_normalization_data.py
# Layout (little-endian int32): version, Unicode version (major*10000+minor*100+patch),
#   nDecomp, then per entry: cp, nCanon, canon..., nCompat, compat...   (full NFD / NFKD of that one code point)
#   nCcc, then per entry: cp, ccc                                       (non-zero canonical combining classes)
#   nPairs, then per entry: first, second, composite                    (primary composites, exclusions removed)
# Hangul syllables are algorithmic and not listed.
import struct, unicodedata, sys

def is_hangul(cp): return 0xAC00 <= cp <= 0xD7A3
out = []
decomp, ccc, pairs = [], [], []
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF or is_hangul(cp):
        continue
    c = chr(cp)
    nfd, nfkd = unicodedata.normalize('NFD', c), unicodedata.normalize('NFKD', c)
    if nfd != c or nfkd != c:
        decomp.append((cp, [ord(x) for x in nfd], [ord(x) for x in nfkd]))
    k = unicodedata.combining(c)
    if k:
        ccc.append((cp, k))
    raw = unicodedata.decomposition(c)
    if raw and not raw.startswith('<'):
        parts = [int(x, 16) for x in raw.split()]
        if len(parts) == 2 and unicodedata.normalize('NFC', chr(parts[0]) + chr(parts[1])) == c:
            pairs.append((parts[0], parts[1], cp))
major, minor, patch = (int(x) for x in unicodedata.unidata_version.split('.'))
buf = [1, major * 10000 + minor * 100 + patch, len(decomp)]
for cp, a, b in decomp:
    buf += [cp, len(a)] + a + [len(b)] + b
buf.append(len(ccc))
for cp, k in ccc: buf += [cp, k]
buf.append(len(pairs))
for p in pairs: buf += list(p)
with open('NormalizationData.bin', 'wb') as f:
    f.write(struct.pack('<%di' % len(buf), *buf))
print(unicodedata.unidata_version, len(decomp), len(ccc), len(pairs), file=sys.stderr)
