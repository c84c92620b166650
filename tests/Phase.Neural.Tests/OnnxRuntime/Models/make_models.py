#!/usr/bin/env python3
"""Builds the tiny ONNX models the ONNX Runtime tests load, with inputs and expected outputs.

Run from anywhere (Debian's python3 with onnx 1.12, torch 1.13, numpy):
    /usr/bin/python3 tests/Phase.Neural.Tests/OnnxRuntime/Models/make_models.py

Every expected output is computed by plain numpy loops written here from the operator definitions
(y = x W + b; the Conv / ConvTranspose sums of the ONNX operator spec), never by ONNX Runtime and
never by PyTorch, so the C# tests compare ONNX Runtime against an independent oracle.
Weights come from a seeded numpy generator; the script is deterministic.

Models (opset 13, float32):
  matmul_add.onnx        x[batch, 4] -> y[batch, 3] = x @ W + b   (batch symbolic; hand-built graph with
                         producer/graph/domain/description/version and custom metadata for the metadata tests)
  conv1d.onnx            x[1, 3, 32] -> y[1, 5, 16]   Conv1d(3, 5, kernel 4, stride 2, padding 1)  (exported by torch)
  conv_transpose1d.onnx  x[1, 4, 10] -> y[1, 2, 30]   ConvTranspose1d(4, 2, kernel 5, stride 3, padding 1)  (torch)
Each has <name>.input.npy and <name>.expected.npy next to it.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261121)


def save(name, x, y):
    np.save(os.path.join(HERE, f"{name}.input.npy"), x.astype(np.float32))
    np.save(os.path.join(HERE, f"{name}.expected.npy"), y.astype(np.float32))


def matmul_add():
    w = rng.standard_normal((4, 3)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["y"])],
        "matmul_add",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])],
        [numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "b")],
        doc_string="y = x W + b for the Phase ONNX Runtime tests",
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="phase-tests", producer_version="1.0",
                              domain="ai.phase.tests", model_version=7,
                              doc_string="MatMul+Add test model")
    model.ir_version = 8
    helper.set_model_props(model, {"model_kind": "test-matmul-add", "sample_rate": "16000", "fft_size": "512"})
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, "matmul_add.onnx"))
    x = rng.standard_normal((2, 4)).astype(np.float32)
    y = np.zeros((2, 3), dtype=np.float64)
    for n in range(2):
        for j in range(3):
            y[n, j] = sum(float(x[n, k]) * float(w[k, j]) for k in range(4)) + float(b[j])
    save("matmul_add", x, y)


def conv1d():
    import torch
    cin, cout, k, stride, pad, length = 3, 5, 4, 2, 1, 32
    w = rng.standard_normal((cout, cin, k)).astype(np.float32) * 0.5
    b = rng.standard_normal(cout).astype(np.float32)
    conv = torch.nn.Conv1d(cin, cout, k, stride=stride, padding=pad)
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(w))
        conv.bias.copy_(torch.from_numpy(b))
    x = rng.standard_normal((1, cin, length)).astype(np.float32)
    torch.onnx.export(conv, torch.from_numpy(x), os.path.join(HERE, "conv1d.onnx"),
                      input_names=["x"], output_names=["y"], opset_version=13)
    # ONNX Conv: y[o, t] = b[o] + sum_{c, j} w[o, c, j] * xpad[c, t*stride + j]
    lout = (length + 2 * pad - k) // stride + 1
    xp = np.zeros((cin, length + 2 * pad))
    xp[:, pad:pad + length] = x[0]
    y = np.zeros((1, cout, lout))
    for o in range(cout):
        for t in range(lout):
            acc = float(b[o])
            for c in range(cin):
                for j in range(k):
                    acc += float(w[o, c, j]) * xp[c, t * stride + j]
            y[0, o, t] = acc
    save("conv1d", x, y)


def conv_transpose1d():
    import torch
    cin, cout, k, stride, pad, length = 4, 2, 5, 3, 1, 10
    w = rng.standard_normal((cin, cout, k)).astype(np.float32) * 0.5
    b = rng.standard_normal(cout).astype(np.float32)
    deconv = torch.nn.ConvTranspose1d(cin, cout, k, stride=stride, padding=pad)
    with torch.no_grad():
        deconv.weight.copy_(torch.from_numpy(w))
        deconv.bias.copy_(torch.from_numpy(b))
    x = rng.standard_normal((1, cin, length)).astype(np.float32)
    torch.onnx.export(deconv, torch.from_numpy(x), os.path.join(HERE, "conv_transpose1d.onnx"),
                      input_names=["x"], output_names=["y"], opset_version=13)
    # ONNX ConvTranspose: full[o, t*stride + j] += x[c, t] * w[c, o, j]; then crop `pad` from both ends.
    full_len = (length - 1) * stride + k
    full = np.zeros((cout, full_len))
    for c in range(cin):
        for t in range(length):
            for o in range(cout):
                for j in range(k):
                    full[o, t * stride + j] += float(x[0, c, t]) * float(w[c, o, j])
    lout = full_len - 2 * pad
    y = full[:, pad:pad + lout] + b[:, None].astype(np.float64)
    save("conv_transpose1d", x, y[None])


if __name__ == "__main__":
    matmul_add()
    conv1d()
    conv_transpose1d()
    for f in sorted(os.listdir(HERE)):
        if f.endswith((".onnx", ".npy")):
            print(f, os.path.getsize(os.path.join(HERE, f)))
