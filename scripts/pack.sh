#!/usr/bin/env bash
# Packs every Phase package into one folder feed (docs/getting-started.md, "From a folder feed"; docs/deployment.md).
#
#   scripts/pack.sh [OUTDIR] [-- extra dotnet pack arguments]        (default OUTDIR: artifacts/feed)
#
# 1. The libraries and the tool's pointer package: `dotnet pack Phase.sln` (one .nupkg + .snupkg per library; Phase.Cli
#    is a RID-specific .NET tool, so its package only names the packages below).
# 2. Phase.Cli.any: the framework-dependent tool (JIT; any OS with the .NET 10 runtime): `dotnet pack -r any`.
# 3. Phase.Cli.linux-x64: the tool as one Native AOT executable (no JIT compilation, first call at steady-state speed;
#    x86-64-v3: AVX2 and FMA), on a linux-x64 machine only (Native AOT cannot cross-compile between operating systems;
#    needs clang or gcc). `dotnet tool install Phase.Cli` then takes it on linux-x64 and Phase.Cli.any elsewhere.
# Set CI=true (or pass -- -p:ContinuousIntegrationBuild=true) for byte-for-byte reproducible packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/feed}"
shift || true
[ "${1:-}" = "--" ] && shift
extra=("$@")
[ "${CI:-}" = "true" ] && extra+=("-p:ContinuousIntegrationBuild=true")
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cli="$root/src/Phase.Cli"

dotnet pack "$root/Phase.sln" -c Release -o "$out" -nologo -v q -clp:ErrorsOnly "${extra[@]}"
dotnet pack "$cli" -c Release -r any -o "$out" -nologo -v q -clp:ErrorsOnly "${extra[@]}"
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] && ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  echo "pack.sh: Phase.Cli.linux-x64 (Native AOT) needs a C toolchain to link: install clang or gcc" >&2
  exit 1
elif [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  # A Native AOT publish must not reuse what another publish for this RID left in obj/.
  rm -rf "$cli/obj/Release/net10.0/linux-x64"
  dotnet pack "$cli" -c Release -r linux-x64 -o "$out" -nologo -v q -clp:ErrorsOnly "${extra[@]}"
  rm -rf "$cli/obj/Release/net10.0/linux-x64"
else
  echo "pack.sh: not on linux-x64, so no Phase.Cli.linux-x64 package: installing Phase.Cli from this feed on linux-x64 will fail; pack it on a linux-x64 machine into the same feed" >&2
fi
ls "$out"
