#!/usr/bin/env bash
# Fetches ONNX Runtime 1.30.0 (CPU, native + Node.js binding) from npm into onnx-models/training/runs/ort/
# (git-ignored) without running install scripts. Used only to verify the exported models (export_onnx.py).
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/runs/ort"
mkdir -p "$dir/node_modules/onnxruntime-node" "$dir/node_modules/onnxruntime-common"
cd "$dir"
[ -f onnxruntime-node-1.30.0.tgz ] || npm pack onnxruntime-node@1.30.0
[ -f onnxruntime-common-1.30.0.tgz ] || npm pack onnxruntime-common@1.30.0
tar xzf onnxruntime-node-1.30.0.tgz -C node_modules/onnxruntime-node --strip-components=1
tar xzf onnxruntime-common-1.30.0.tgz -C node_modules/onnxruntime-common --strip-components=1
echo "ONNX Runtime for Node.js in $dir/node_modules"
