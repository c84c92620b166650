#!/usr/bin/env bash
# Fetches the native ONNX Runtime (CPU build) that the Phase.Neural ONNX Runtime tests and benchmarks load, into
# .tools/onnxruntime/ (git-ignored). Idempotent: does nothing when the pinned version is already there.
#
# The managed Microsoft.ML.OnnxRuntime NuGet packages are not always restorable (offline mirrors), but the npm package
# onnxruntime-node ships the same native library: `npm pack` downloads its tarball (npm checks the registry's
# integrity hash) without running any install script, and only the native library and the licence are extracted.
#
# Environment:
#   PHASE_ONNXRUNTIME_VERSION   version to fetch (default 1.30.0; the tests need a C API version >= 17)
#   PHASE_ONNXRUNTIME_DIR       destination (default <repo>/.tools/onnxruntime)
#
# Afterwards Phase finds the library by itself (docs/onnxruntime.md, "How Phase finds the native library").
set -euo pipefail

version="${PHASE_ONNXRUNTIME_VERSION:-1.30.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${PHASE_ONNXRUNTIME_DIR:-$root/.tools/onnxruntime}"

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) platform=linux/x64; lib=libonnxruntime.so.1
    pinned=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23 ;;
  Linux/aarch64 | Linux/arm64) platform=linux/arm64; lib=libonnxruntime.so.1
    pinned=1f549d46250b005580b597f4164984aaf75b3bcb9f3aeb07c7f8a8fe60b23c76 ;;
  Darwin/arm64) platform=darwin/arm64; lib=libonnxruntime.1.dylib; pinned= ;;
  *)
    echo "fetch-onnxruntime.sh: no onnxruntime-node binary for $(uname -s)/$(uname -m);" \
      "install Microsoft.ML.OnnxRuntime and set PHASE_ONNXRUNTIME_PATH to its native library" >&2
    exit 1
    ;;
esac

if [ -f "$dest/$lib" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ]; then
  echo "ONNX Runtime $version already in $dest"
  exit 0
fi

command -v npm >/dev/null || { echo "fetch-onnxruntime.sh: npm is needed (apt-get install npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
tarball="$work/onnxruntime-node-$version.tgz"
[ -f "$tarball" ] || { echo "fetch-onnxruntime.sh: npm pack produced no $tarball" >&2; exit 1; }

# The package keeps the library under bin/napi-v6/<os>/<arch>/. It has no LICENSE file; package.json records the
# licence (MIT, Microsoft Corporation) and is kept next to the library.
member="package/bin/napi-v6/$platform/$lib"
tar xzf "$tarball" -C "$work" "$member" package/package.json

# The pinned hash (for the default version) guards against a registry mirror serving something else.
if [ "$version" = 1.30.0 ] && [ -n "$pinned" ]; then
  actual="$(sha256sum "$work/$member" | cut -d' ' -f1)"
  if [ "$actual" != "$pinned" ]; then
    echo "fetch-onnxruntime.sh: $lib has SHA-256 $actual, expected $pinned" >&2
    exit 1
  fi
fi

# Assemble next to the destination, then move into place, so an interrupted fetch never leaves a half-written library.
mkdir -p "$(dirname "$dest")"
staging="$(mktemp -d "$(dirname "$dest")/.onnxruntime.XXXXXX")"
cp "$work/$member" "$staging/$lib"
cp "$work/package/package.json" "$staging/package.json"
chmod 755 "$staging"
echo "$version" > "$staging/VERSION"
rm -rf "$dest"
mv "$staging" "$dest"
echo "ONNX Runtime $version ($platform) in $dest"
