#!/usr/bin/env bash
# Runs every Phase test.
#  1. Builds the solution (Release: the SIMD kernels are tested as they ship).
#  2. Runs all test projects.
#  3. Runs the SIMD kernel tests (trait Category=Kernel) again with AVX-512, with AVX2, and with all hardware
#     intrinsics switched off, so the Vector256/Vector128 and scalar fallback paths are tested too.
# Ends with one line: "N passed, N failed, N skipped", summed over all runs. Exit status 0 only if everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
# ONNX Runtime comes from NuGet like everything else: the test and benchmark projects reference Microsoft.ML.OnnxRuntime
# 1.32.0 (CPU), Phase.Neural only Microsoft.ML.OnnxRuntime.Managed (docs/onnxruntime.md). No npm, no download script.

if ! dotnet build Phase.sln -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "test.sh: build failed" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

projects=$(ls tests/*/*.Tests.csproj | sort)

run() { # run NAME [VAR=VALUE ...] [-- dotnet test args]; one dotnet test per project so every run leaves its own .trx
  local name=$1; shift
  local envs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  echo "== test run: $name ${envs[*]:-}"
  local p proj
  for p in $projects; do
    proj=$(basename "$p" .csproj)
    if ! env "${envs[@]}" dotnet test "$p" -c Release --no-build -nologo \
        --logger "trx;LogFileName=$name-$proj.trx" --results-directory "$results" "$@"; then
      status=1
    fi
  done
}

run all
# .NET 10 reads DOTNET_EnableAVX512 (DOTNET_EnableAVX512F no longer switches AVX-512 off); both are set.
run kernels-no-avx512 DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 -- --filter "Category=Kernel"
run kernels-no-avx2 DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 -- --filter "Category=Kernel"
run kernels-scalar DOTNET_EnableHWIntrinsic=0 -- --filter "Category=Kernel"

summary=$(/usr/bin/env python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        failed += 1
        continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
[ -n "$summary" ] || { summary="0 passed, 1 failed, 0 skipped"; status=1; }
case "$summary" in *" 0 failed"*) ;; *) status=1 ;; esac
echo "$summary"
exit $status
