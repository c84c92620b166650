#!/usr/bin/env bash
# Regenerates the small speech clips committed to the repository (license-free synthetic speech):
#   src/Phase.Cli/Resources/demo.wav          the clip embedded in `phase demo` (festival, CMU SLT HTS voice)
#   tests/fixtures/speech/*.wav               held-out clips for quality floors (other voices and engines)
# All are 22050 Hz, mono, 16-bit PCM, peak-normalised to -1 dBFS.
# Needs Debian packages: festival festvox-us-slt-hts festvox-kallpc16k espeak-ng sox.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

finish() { # in.wav out.wav: resample to 22050 Hz mono 16-bit, trim leading/trailing silence to 0.1 s, normalise
  sox "$1" -r 22050 -c 1 -b 16 "$2" rate -v silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.1 0.1 gain -n -1
}

mkdir -p src/Phase.Cli/Resources tests/fixtures/speech

echo "Phase turns a magnitude spectrogram back into speech, one frame at a time." > "$tmp/demo.txt"
text2wave -eval "(voice_cmu_us_slt_arctic_hts)" "$tmp/demo.txt" -o "$tmp/demo.wav"
finish "$tmp/demo.wav" src/Phase.Cli/Resources/demo.wav

echo "Seven bright stars were shining over the quiet harbour." > "$tmp/kal.txt"
text2wave -eval "(voice_kal_diphone)" "$tmp/kal.txt" -o "$tmp/kal.wav"
finish "$tmp/kal.wav" tests/fixtures/speech/festival-kal.wav

espeak-ng -v en-us+f3 -s 150 -w "$tmp/esp1.wav" "Please call Stella and ask her to bring these things."
finish "$tmp/esp1.wav" tests/fixtures/speech/espeak-en-us-f3.wav

espeak-ng -v en-gb+m3 -s 140 -p 40 -w "$tmp/esp2.wav" "A large red ball rolled slowly down the wooden steps."
finish "$tmp/esp2.wav" tests/fixtures/speech/espeak-en-gb-m3.wav

for f in src/Phase.Cli/Resources/demo.wav tests/fixtures/speech/*.wav; do
  printf '%s: %s s\n' "$f" "$(soxi -D "$f")"
done
