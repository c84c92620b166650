#!/usr/bin/env bash
# Draws the pictures of docs/algorithms/pvdr.md with `phase stretch` and `phase plot --compare`:
#   docs/images/pvdr.png         the demo clip stretched by 1.25: pvdr (top) against the classic pv (middle), difference
#   docs/images/pvdr-clicks.png  a click train (10 clicks/s) stretched by 2: pvdr against pv
# Usage: scripts/make-effects-pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Phase.Cli -c Release -nologo -v q -clp:ErrorsOnly
phase() { dotnet src/Phase.Cli/bin/Release/net10.0/Phase.Cli.dll "$@"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/images
look=(--vertical --width 640 --height 170 --max-frequency 8000 --range-db 80 --diff-range-db 20)

clip=src/Phase.Cli/Resources/demo.wav
for m in pvdr pv; do phase stretch "$clip" -o "$tmp/demo-$m.wav" --rate 1.25 --method "$m" --format float32 >/dev/null; done
phase plot "$tmp/demo-pvdr.wav" --compare "$tmp/demo-pv.wav" -o docs/images/pvdr.png \
  --title "demo clip stretched 1.25x, pvdr" --compare-title "classic phase vocoder (pv)" "${look[@]}" >/dev/null

# 3 s of unit clicks every 2205 samples (22050 Hz, float32), written with the standard library only.
python3 - "$tmp/clicks.wav" <<'PY'
import struct, sys, wave
rate, period, n = 22050, 2205, 3 * 22050
data = bytearray(2 * n)
for c in range(period // 2, n, period):
    struct.pack_into('<h', data, 2 * c, 16384)
with wave.open(sys.argv[1], 'wb') as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate); w.writeframes(bytes(data))
PY
for m in pvdr pv; do phase stretch "$tmp/clicks.wav" -o "$tmp/clicks-$m.wav" --rate 2 --method "$m" --format float32 >/dev/null; done
phase plot "$tmp/clicks-pvdr.wav" --compare "$tmp/clicks-pv.wav" -o docs/images/pvdr-clicks.png \
  --title "click train stretched 2x, pvdr" --compare-title "classic phase vocoder (pv)" "${look[@]}" >/dev/null
echo "docs/images/pvdr.png docs/images/pvdr-clicks.png"
