#!/usr/bin/env bash
# PGHI and SPSI offline, Phase against the C reference (ltfat/phaseret, single precision, FFTW) side by side on the
# same magnitudes, one pinned core (docs/benchmarks.md, "Against the C reference").
#
#   scripts/bench-c-reference.sh [ROUNDS] [SECONDS ...]        (default: 3 rounds of 1.5 10 60)
#
# Environment: PHASERET_GIT  a git directory or URL of ltfat/phaseret (default https://github.com/ltfat/phaseret.git)
#              PHASERET_REV  the commit to build (default 9befaf3, the newest as of this writing)
#              CORE          the core to pin to (default 1)          ONCE  fresh processes per --once case (default 3)
#
# Installs libfftw3-dev with apt-get when fftw3.h is missing. Fetches the C source into artifacts/c-reference/src
# (git-ignored; no third-party code is committed) and builds libltfatf.a and libphaseretf.a with its own release flags
# (-O2) plus -march=native, then benchmarks/CReference/phaseret_bench.c against them. Phase's benchmark report writes
# the magnitudes (--offline-cpu --write-magnitudes) that both sides then read. Each round runs Phase's steady-state
# report (one process, all lengths) and the C harness (one process per length), alternating; then every length and
# method is called once in ONCE fresh processes of each (the first-call cost). Per-thread CPU time throughout. Raw
# lines go to artifacts/c-reference/results.txt, the summary (best of the rounds' bests, median of their medians, the
# ratio C / Phase of the bests and ms per audio second) to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
shift || true
lengths=("$@")
[ ${#lengths[@]} -eq 0 ] && lengths=(1.5 10 60)
core="${CORE:-1}"
once="${ONCE:-3}"
out="$root/artifacts/c-reference"
src="$out/src"
rev="${PHASERET_REV:-9befaf3}"
git_source="${PHASERET_GIT:-https://github.com/ltfat/phaseret.git}"
mkdir -p "$out"

if [ ! -f /usr/include/fftw3.h ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y libfftw3-dev
fi

ltfat="$src/libltfat"
if [ ! -f "$ltfat/build/libphaseretf.a" ]; then
  rm -rf "$src" && mkdir -p "$src"
  if [ -d "$git_source" ]; then
    git --git-dir="$git_source" archive "$rev" libltfat | tar -x -C "$src"
  else
    git clone -q "$git_source" "$out/phaseret.git" --bare
    git --git-dir="$out/phaseret.git" archive "$rev" libltfat | tar -x -C "$src"
  fi
  make -C "$ltfat" -s -j2 MODULE=libltfat NOBLASLAPACK=1 OPTCFLAGS=-march=native build/libltfatf.a >/dev/null
  make -C "$ltfat" -s -j2 MODULE=libphaseret NOBLASLAPACK=1 OPTCFLAGS=-march=native build/libphaseretf.a >/dev/null
fi
gcc -O2 -march=native -std=c99 -Wall -Wextra -Werror -I"$ltfat/modules/libltfat/include" -I"$ltfat/modules/libphaseret/include" \
  "$root/benchmarks/CReference/phaseret_bench.c" -o "$out/phaseret_bench" "$ltfat/build/libphaseretf.a" "$ltfat/build/libltfatf.a" -lfftw3f -lm

dotnet build "$root/benchmarks/Phase.Benchmarks" -c Release -nologo -v q -clp:ErrorsOnly
phase="$root/benchmarks/Phase.Benchmarks/bin/Release/net10.0/Phase.Benchmarks"
mags="$out/magnitudes"
pin="taskset -c $core"
results="$out/results.txt"
: >"$results"
echo "# $(date -u +%FT%TZ) $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results" >&2
# The magnitudes (and fingerprints of Phase's results) come from a separate process: file I/O in the timed process
# made SPSI on 1.5 s measure 3x slower afterwards (unexplained; docs/benchmarks.md).
"$phase" --offline-cpu --checksum --write-magnitudes "$mags" "${lengths[@]}" | tee -a "$results" >&2
for r in $(seq "$rounds"); do
  echo "# round $r, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results" >&2
  $pin "$phase" --offline-cpu --lines "${lengths[@]}" | tee -a "$results" >&2
  for s in "${lengths[@]}"; do
    $pin "$out/phaseret_bench" "$mags/speech-${s}s.f32" "$s" | tee -a "$results" >&2
  done
done
for s in "${lengths[@]}"; do
  for m in pghi spsi; do
    for i in $(seq "$once"); do
      $pin "$phase" --offline-cpu --lines --magnitudes "$mags" --once "$m" "$s" | tee -a "$results" >&2
      $pin "$out/phaseret_bench" --once "$m" "$mags/speech-${s}s.f32" "$s" | tee -a "$results" >&2
    done
  done
done
echo "# end, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results" >&2

# Summary: per method and length, best of the bests and median of the medians (of the single calls for *-once).
awk '
  $1 == "phase" || $1 == "c" {
    if ($2 ~ /allocated/) next
    key = $2 SUBSEP $3; seen[key] = 1; secs[key] = $3
    split($5, b, "="); split($6, m, "=")
    if (!((key, $1) in best) || b[2] < best[key, $1]) best[key, $1] = b[2]
    n[key, $1]++; med[key, $1, n[key, $1]] = m[2]
  }
  function median(k, impl,   c, i, j, t, a) {
    c = n[k, impl]; for (i = 1; i <= c; i++) a[i] = med[k, impl, i]
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2 }
  END {
    print "| method | audio (s) | Phase best (ms) | Phase median | C best (ms) | C median | C / Phase (best) | C / Phase (median) | Phase ms per audio s | C ms per audio s |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (k in seen) {
      split(k, parts, SUBSEP)
      if (!((k, "phase") in best) || !((k, "c") in best)) continue
      pm = median(k, "phase"); cm = median(k, "c")
      printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f× | %.2f× | %.3f | %.3f |\n", parts[1], parts[2], best[k, "phase"], pm, best[k, "c"], cm,
        best[k, "c"] / best[k, "phase"], cm / pm, best[k, "phase"] / parts[2], best[k, "c"] / parts[2]
    }
  }' "$results" | { read -r h1; read -r h2; echo "$h1"; echo "$h2"; sort -t'|' -k2,2 -k3,3n; }
