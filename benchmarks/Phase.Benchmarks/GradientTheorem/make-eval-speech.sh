#!/usr/bin/env bash
# Generates the extended evaluation set of docs/gradient-quality.md: 16 clips of synthetic speech (festival and
# espeak-ng voices, male and female, 16 sentences not used elsewhere in the repository), processed like the committed
# fixtures (scripts/make-speech-fixtures.sh): 22050 Hz mono 16-bit, silence trimmed to 0.1 s, peak -1 dBFS.
# Not committed; regenerate with:  benchmarks/Phase.Benchmarks/GradientTheorem/make-eval-speech.sh [output-dir]
# Needs Debian packages: festival festvox-us-slt-hts festvox-kallpc16k festvox-kdlpc16k espeak-ng sox.
set -euo pipefail
out=${1:-/tmp/phase-gt-eval}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

finish() {
  sox "$1" -r 22050 -c 1 -b 16 "$2" rate -v silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.1 0.1 gain -n -1
}

sentences=(
  "The old lighthouse keeper counted every ship that passed in the night."
  "Fresh bread and warm soup were waiting on the kitchen table."
  "Nobody expected the quiet student to win the chess tournament."
  "A gentle breeze carried the scent of pine across the valley."
  "Turn left at the bakery and walk two blocks to the museum."
  "The committee will announce its decision early next week."
  "Heavy rain flooded the narrow streets of the old town."
  "She tuned her violin carefully before the evening concert."
  "Seventy three engineers joined the project during the summer."
  "Could you measure the distance between those two towers?"
  "Thunder rolled over the hills as the children ran home."
  "The recipe calls for butter, sugar and a pinch of salt."
  "Our train was delayed because of snow on the tracks."
  "He painted the fence bright yellow to surprise his neighbours."
  "Every morning the market fills with voices and colours."
  "Please keep the receipt in case you need to return the shoes."
)

i=0
voice() { # kind name text
  local kind=$1 name=$2 text=$3 file
  local short=${name%% *}
  file=$(printf '%02d-%s-%s' "$i" "$kind" "${short//[^a-zA-Z0-9]/-}")
  if [ "$kind" = festival ]; then
    echo "$text" > "$tmp/t.txt"
    text2wave -eval "(voice_$name)" "$tmp/t.txt" -o "$tmp/raw.wav"
  else
    # shellcheck disable=SC2086
    espeak-ng -v $name -w "$tmp/raw.wav" "$text"
  fi
  finish "$tmp/raw.wav" "$out/$file.wav"
  i=$((i + 1))
}

for v in cmu_us_slt_arctic_hts kal_diphone ked_diphone; do
  voice festival "$v" "${sentences[$i]}"
done
voice festival cmu_us_slt_arctic_hts "${sentences[$i]}"
for v in "en-us+f3 -s 150" "en-gb+m3 -s 140 -p 40" "en-gb-scotland+f3 -s 160" "en-029+m3 -s 150" \
         "en-us+m1 -s 160" "en-gb+f2 -s 150" "en-us-nyc+m7 -s 150" "en-gb-x-rp+f4 -s 140" \
         "en-us+m5 -s 130 -p 30" "en-gb+f1 -s 170 -p 70" "en-029+f5 -s 150" "en-us+klatt -s 150"; do
  voice espeak "$v" "${sentences[$i]}"
done
ls "$out"/*.wav | wc -l
