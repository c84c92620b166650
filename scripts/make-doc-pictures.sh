#!/usr/bin/env bash
# Draws the spectrogram pictures of the documentation with `phase plot`:
#   docs/images/demo.png       the demo clip (src/Phase.Cli/Resources/demo.wav)
#   docs/images/<method>.png   for every method `phase methods` lists: the clip, its reconstruction by that method
#                              (defaults, seed 0) and their difference in dB, stacked
# Each docs/algorithms/<method>.md refers to its picture. Re-run after adding a method; commit the pictures.
# Usage: scripts/make-doc-pictures.sh [method …]   (default: every registered method)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Phase.Cli -c Release -nologo -v q -clp:ErrorsOnly
phase() { dotnet src/Phase.Cli/bin/Release/net10.0/Phase.Cli.dll "$@"; }

clip=src/Phase.Cli/Resources/demo.wav
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/images

# Same scale and size for every picture so they can be compared side by side.
look=(--vertical --width 640 --height 170 --max-frequency 8000 --range-db 80 --diff-range-db 20)

if [ $# -gt 0 ]; then
  methods=("$@")
else
  # The rows of the `phase methods` table: the first column after the dashed rule.
  mapfile -t methods < <(phase methods | awk 'rule { print $1 } /^-+ /{ rule = 1 }')
fi
[ ${#methods[@]} -gt 0 ] || { echo "make-doc-pictures: no methods found" >&2; exit 1; }

phase plot "$clip" -o docs/images/demo.png --title "demo clip" --width 640 --height 170 --max-frequency 8000 --range-db 80 >/dev/null
failed=()
for m in "${methods[@]}"; do
  if phase invert "$clip" --method "$m" --seed 0 -o "$tmp/$m.wav" >"$tmp/$m.log" 2>&1 &&
     phase plot "$clip" --compare "$tmp/$m.wav" -o "docs/images/$m.png" \
       --title "demo clip (original)" --compare-title "$m reconstruction" "${look[@]}" >/dev/null; then
    sc=$(awk '$1 == "0" { print $2 }' "$tmp/$m.log")
    echo "docs/images/$m.png  (SC ${sc:-?} dB)"
  else
    echo "make-doc-pictures: $m failed:" >&2
    cat "$tmp/$m.log" >&2
    failed+=("$m")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "make-doc-pictures: no picture for: ${failed[*]}" >&2; exit 1; }
