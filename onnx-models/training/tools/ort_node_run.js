// Runs an ONNX model with ONNX Runtime (onnxruntime-node, CPU) on float32 inputs and writes the outputs.
// Usage: node ort_node_run.js model.onnx io_dir
//   io_dir/inputs.json: {"name": [dims...], ...}; io_dir/<name>.in.bin: float32 little-endian, C order.
//   Writes io_dir/outputs.json ({"name": [dims...]}) and io_dir/<name>.out.bin, plus io_dir/meta.json
//   (ORT version, input/output names, the model's metadata as ORT reports it).
// NODE_PATH must contain the unpacked onnxruntime-node and onnxruntime-common packages
// (see fetch_ort_node.sh).
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

async function main() {
  const [model, dir] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  const shapes = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
  const feeds = {};
  for (const [name, dims] of Object.entries(shapes)) {
    const buf = fs.readFileSync(path.join(dir, name + '.in.bin'));
    const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    feeds[name] = new ort.Tensor('float32', Float32Array.from(data), dims);
  }
  const results = await session.run(feeds);
  const outShapes = {};
  for (const [name, tensor] of Object.entries(results)) {
    outShapes[name] = tensor.dims;
    fs.writeFileSync(path.join(dir, name + '.out.bin'), Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  }
  fs.writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(outShapes));
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({
    ort: ort.env.versions, inputNames: session.inputNames, outputNames: session.outputNames,
  }));
}
main().catch((e) => { console.error(e); process.exit(1); });
