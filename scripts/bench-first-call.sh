#!/usr/bin/env bash
# First Reconstruct call in a new process against steady state (docs/benchmarks.md, "First call"), per runtime
# configuration: each configuration × method runs benchmarks/Phase.FirstCall in RUNS fresh processes (default 5) and
# prints the medians. Times are the calling thread's CPU time (a busy machine inflates wall time far more).
#
#   scripts/bench-first-call.sh [RUNS] [METHOD ...]        (default: 5 fgla pghi spsi rtpghi)
#
# Configurations: .NET defaults (what a library user gets); the phase tool's settings (QuickJitForLoops and TieredPGO
# off, set in src/Phase.Cli/Phase.Cli.csproj); ReadyToRun for x86-64-v4 (AVX-512) — a `dotnet publish` of the harness
# with PublishReadyToRun, which precompiles every Phase assembly; Native AOT for x86-64-v3 (AVX2) and x86-64-v4
# (AVX-512) — a `dotnet publish` with PublishAot and IlcInstructionSet: no JIT at all, and the instruction set is fixed
# at publish time (the binary refuses to start on a CPU without it). `Phase.FirstCall isa` says which SIMD paths a
# build runs; the AOT configurations are skipped on a CPU without AVX-512 (v4) or AVX2 (v3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
shift || true
methods=("${@:-fgla}")
[ $# -eq 0 ] && methods=(fgla pghi spsi rtpghi)
out="$root/artifacts/first-call"
dotnet build "$root/benchmarks/Phase.FirstCall" -c Release -nologo -v q -clp:ErrorsOnly
rm -rf "$root/benchmarks/Phase.FirstCall/obj/Release/net10.0/linux-x64"
dotnet publish "$root/benchmarks/Phase.FirstCall" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  "-p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:x86-64-v4" -o "$out/r2r-v4" -nologo -v q -clp:ErrorsOnly
for isa in x86-64-v3 x86-64-v4; do
  rm -rf "$root/benchmarks/Phase.FirstCall/obj/Release/net10.0/linux-x64"
  dotnet publish "$root/benchmarks/Phase.FirstCall" -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=$isa \
    -o "$out/aot-$isa" -nologo -v q -clp:ErrorsOnly
done
rm -rf "$root/benchmarks/Phase.FirstCall/obj/Release/net10.0/linux-x64"
jit="dotnet $root/benchmarks/Phase.FirstCall/bin/Release/net10.0/Phase.FirstCall.dll"
run() { # name env command
  local name="$1" envs="$2" cmd="$3"
  for m in "${methods[@]}"; do
    for i in $(seq "$runs"); do env $envs nice -n 19 $cmd "$m"; done |
      awk -v name="$name" -v runs="$runs" '
        { first[NR] = $6; steady[NR] = $7; jitted[NR] = $9; method = $1 }
        function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                           return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { f = median(first, NR); s = median(steady, NR); j = median(jitted, NR)
              printf "| %s | %s | %.1f | %.1f | %.1f× | %d |\n", name, method, f, s, f / s, j }'
  done
}
echo "| configuration | method | first call (ms CPU) | steady state (ms CPU) | first / steady | methods JIT-compiled by the first call |"
echo "|---|---|---:|---:|---:|---:|"
run ".NET defaults" "X=1" "$jit"
run "phase tool: QuickJitForLoops, TieredPGO off" "DOTNET_TC_QuickJitForLoops=0 DOTNET_TieredPGO=0" "$jit"
run "ReadyToRun x86-64-v4" "X=1" "$out/r2r-v4/Phase.FirstCall"
run "ReadyToRun x86-64-v4 + tool settings" "DOTNET_TC_QuickJitForLoops=0 DOTNET_TieredPGO=0" "$out/r2r-v4/Phase.FirstCall"
for isa in x86-64-v3 x86-64-v4; do
  if "$out/aot-$isa/Phase.FirstCall" isa >/dev/null 2>&1; then
    run "Native AOT $isa" "X=1" "$out/aot-$isa/Phase.FirstCall"
  fi
done
