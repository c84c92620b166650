#!/usr/bin/env bash
# Many files per run against one process per file: 200 short speech clips (1.5 s cut from tests/fixtures/speech at
# different offsets), reconstructed by `phase invert DIR -o OUT` in one process and by a loop of 200
# `phase invert FILE -o FILE.wav` processes. Needs sox and hyperfine (apt install sox hyperfine).
#
#   scripts/bench-many-files.sh [METHOD ...]        (default: rtpghi)
#
# Results are printed and exported as markdown under artifacts/bench-many-files/. Runs under nice -n 19; the
# single-process run uses --jobs 1 (one thread, like the loop) and --jobs $(nproc).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/artifacts/bench-many-files"
methods=("${@:-rtpghi}")
mkdir -p "$work/in"
dotnet build "$root/src/Phase.Cli" -c Release -nologo -v q -clp:ErrorsOnly
phase="dotnet $root/src/Phase.Cli/bin/Release/net10.0/Phase.Cli.dll"
if [ "$(ls "$work/in" | wc -l)" -ne 200 ]; then
  rm -f "$work/in"/*.wav
  n=0
  for k in $(seq 0 66); do
    for f in "$root"/tests/fixtures/speech/*.wav; do
      [ $n -ge 200 ] && break
      off=$(awk "BEGIN { printf \"%.3f\", ($k * 0.031) % 2.0 }")
      sox "$f" "$work/in/utt$(printf %03d $n).wav" trim "$off" 1.5 2>/dev/null
      n=$((n + 1))
    done
  done
fi
for m in "${methods[@]}"; do
  # The single-process runs three times each; the 200-process loop (minutes on a busy machine) once.
  nice -n 19 hyperfine --style basic --runs 3 --export-markdown "$work/$m-one-process.md" \
    --prepare "rm -rf $work/out" \
    -n "one process, --jobs 1" "$phase invert $work/in -o $work/out --method $m --jobs 1" \
    -n "one process, --jobs $(nproc)" "$phase invert $work/in -o $work/out --method $m"
  nice -n 19 hyperfine --style basic --runs 1 --export-markdown "$work/$m-200-processes.md" \
    --prepare "rm -rf $work/out" \
    -n "200 processes, one after another" "mkdir -p $work/out && for f in $work/in/*.wav; do $phase invert \$f -o $work/out/\$(basename \$f) --method $m > /dev/null; done"
done
