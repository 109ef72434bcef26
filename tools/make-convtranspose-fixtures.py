#!/usr/bin/env python3
"""Fixtures for ConvTranspose2dTest: PyTorch's nn.functional.conv_transpose2d on fixed, seeded data.

Run with Debian's python3 (apt-get install python3-torch), from the repository root:

    /usr/bin/python3 tools/make-convtranspose-fixtures.py

Writes mppm-models/src/test/resources/org/mppm/models/nn/convtranspose/<name>.json, one file per case:
{"kernel", "stride", "padding", "outputPadding", and float32 arrays "x" [B, in, H, W],
"weight" [in, out, k, k], "bias" [out], "y" [B, out, H', W']}, each array as
{"shape": [...], "data": base64 of little-endian float32, row-major}. The case "grad" also holds
"gradOut" (the upstream gradient, shaped like y) and torch autograd's "gradX", "gradWeight",
"gradBias" of sum(y * gradOut).
"""
import base64
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join("mppm-models", "src", "test", "resources", "org", "mppm", "models", "nn", "convtranspose")

# name: (k, s, p, op, in, out, B, H, W)
CASES = {
    "table7-64to32-7x7": (3, 2, 1, 1, 64, 32, 1, 7, 7),
    "table7-32to1-14x14": (3, 2, 1, 1, 32, 1, 1, 14, 14),
    "table8-k2s2p0": (2, 2, 0, 0, 8, 4, 2, 5, 6),
    "k3s1p0": (3, 1, 0, 0, 3, 2, 2, 4, 5),
    "k4s3p2op1": (4, 3, 2, 1, 3, 5, 2, 5, 4),
    "k3s3p3op2-crop": (3, 3, 3, 2, 2, 3, 1, 4, 5),
    "k1s2p0op1": (1, 2, 0, 1, 3, 2, 1, 3, 4),
    "k5s2p1op0": (5, 2, 1, 0, 2, 3, 1, 4, 3),
}
GRAD_CASE = ("grad", (3, 2, 1, 1, 4, 3, 2, 5, 5))


def enc(t):
    t = t.detach().contiguous().to(torch.float32)
    return {"shape": list(t.shape), "data": base64.b64encode(t.numpy().astype("<f4").tobytes()).decode("ascii")}


def make(name, spec, seed, grad=False):
    k, s, p, op, cin, cout, b, h, w = spec
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(b, cin, h, w, generator=g)
    weight = torch.randn(cin, cout, k, k, generator=g) / (cout * k * k) ** 0.5  # PyTorch's init scale
    bias = torch.randn(cout, generator=g)
    x.requires_grad_(grad)
    weight.requires_grad_(grad)
    bias.requires_grad_(grad)
    y = F.conv_transpose2d(x, weight, bias, stride=s, padding=p, output_padding=op)
    assert y.shape[2] == (h - 1) * s - 2 * p + k + op
    doc = {"kernel": k, "stride": s, "padding": p, "outputPadding": op,
           "x": enc(x), "weight": enc(weight), "bias": enc(bias), "y": enc(y)}
    if grad:
        grad_out = torch.randn(y.shape, generator=g)
        (y * grad_out).sum().backward()
        doc.update({"gradOut": enc(grad_out), "gradX": enc(x.grad), "gradWeight": enc(weight.grad),
                    "gradBias": enc(bias.grad)})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f)


def main():
    os.makedirs(OUT, exist_ok=True)
    for i, (name, spec) in enumerate(CASES.items()):
        make(name, spec, 1000 + i)
    make(GRAD_CASE[0], GRAD_CASE[1], 7, grad=True)
    print("torch", torch.__version__, "wrote", len(CASES) + 1, "fixtures to", OUT)


if __name__ == "__main__":
    main()
