#!/usr/bin/env bash
# Publishes the phase command-line tool as one self-contained native executable (Native AOT): no .NET runtime needed
# on the target machine and no JIT compilation, so the first Reconstruct call runs at steady-state speed
# (docs/benchmarks.md, "First call"; docs/deployment.md).
#
#   scripts/publish-native.sh [--isa SET] [--onnxruntime cpu] [--rid RID]
#
# --isa: the x64 instruction set the code is compiled for, fixed at publish time (IlcInstructionSet). Default
#   x86-64-v3 (AVX2, FMA: every x64 server CPU since about 2015); x86-64-v4 adds AVX-512, which Phase's Vector512
#   kernels use, but the binary then refuses to start on a CPU without it; `native` compiles for this machine's CPU.
#   Ignored for arm64.
# --onnxruntime cpu: include the CPU ONNX Runtime (libonnxruntime.so next to the executable) for the vocoder method
#   and backend=onnxruntime; without it the tool runs the neural methods by managed inference (docs/onnxruntime.md).
# --rid: the runtime identifier, default this machine's (linux-x64 or linux-arm64). Native AOT cannot cross-compile
#   between operating systems.
#
# Needs the .NET SDK and a C toolchain (clang, or gcc with the system linker) on the build machine; takes minutes.
# Writes artifacts/native/<rid>/phase (plus libonnxruntime.so with --onnxruntime cpu).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
isa="x86-64-v3"
onnx=""
case "$(uname -m)" in
  x86_64) rid="linux-x64" ;;
  aarch64 | arm64) rid="linux-arm64" ;;
  *) rid="" ;;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    --isa) isa="$2"; shift 2 ;;
    --onnxruntime) onnx="$2"; shift 2 ;;
    --rid) rid="$2"; shift 2 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "publish-native.sh: unknown argument '$1' (--help)" >&2; exit 2 ;;
  esac
done
[ -n "$rid" ] || { echo "publish-native.sh: pass --rid (this machine is $(uname -m))" >&2; exit 2; }
case "$onnx" in
  "" | cpu) ;;
  *) echo "publish-native.sh: --onnxruntime takes 'cpu' (the GPU natives are not supported in a native build here)" >&2; exit 2 ;;
esac

args=(-c Release -r "$rid" -p:PublishAot=true -nologo -clp:ErrorsOnly)
[[ "$rid" == *-x64 ]] && args+=("-p:IlcInstructionSet=$isa")
[ -n "$onnx" ] && args+=("-p:PhaseOnnxRuntime=$onnx")
out="$root/artifacts/native/$rid"
staging="$root/artifacts/native/obj-$rid"
rm -rf "$staging"
# A Native AOT publish must not reuse what a ReadyToRun or self-contained publish left in obj/ for this RID.
rm -rf "$root/src/Phase.Cli/obj/Release/net10.0/$rid"
dotnet publish "$root/src/Phase.Cli" "${args[@]}" -o "$staging"
rm -rf "$root/src/Phase.Cli/obj/Release/net10.0/$rid"
mkdir -p "$out"
rm -f "$out/phase" "$out/libonnxruntime.so"
cp "$staging/Phase.Cli" "$out/phase"
[ -f "$staging/libonnxruntime.so" ] && cp "$staging/libonnxruntime.so" "$out/"
rm -rf "$staging"
echo "$out/phase ($(du -h "$out/phase" | cut -f1), $rid${isa:+, }$([[ "$rid" == *-x64 ]] && echo "$isa"))"
"$out/phase" --version
