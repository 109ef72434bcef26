#!/usr/bin/env python3
"""The TorchScript function behind ConvTranspose2d's ENGINE and FOLD forms.

DJL's PyTorch engine binds no transposed convolution, but it runs TorchScript modules, whose calls
go through libtorch's autograd like any other operation. This script compiles a module without
parameters whose forward(x, weight, bias, geometry) computes, where geometry is a tensor of shape
[stride, padding, output_padding, form] (only its shape is read, so no value crosses from a device):

- form 0: torch.nn.functional.conv_transpose2d (oneDNN's deconvolution on the CPU);
- form 1: one batched product W^T x of shape [B, out k k, H W] and its overlap-add
  (torch.nn.functional.fold, col2im), the same map for square kernels, dilation 1, one group;
- form 2: slow_conv_transpose2d, libtorch's own product and col2im per image in one operation,
  with its own backward pass (im2col and products), for square kernels and dilation 1.

Run with Debian's python3 (apt-get install python3-torch), from the repository root:

    /usr/bin/python3 tools/make-conv-transpose-script.py

Writes mppm-models/src/main/resources/org/mppm/models/nn/conv_transpose2d.pt (TorchScript
written by PyTorch 1.13, which later libtorch versions load).
"""
import os

import torch
import torch.nn.functional as F

OUT = os.path.join("mppm-models", "src", "main", "resources", "org", "mppm", "models", "nn", "conv_transpose2d.pt")


class ConvTranspose2d(torch.nn.Module):
    def forward(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor,
                geometry: torch.Tensor) -> torch.Tensor:
        s = geometry.shape[0]
        p = geometry.shape[1]
        op = geometry.shape[2]
        if geometry.shape[3] == 0:
            return F.conv_transpose2d(x, weight, bias, [s, s], [p, p], [op, op])
        k = weight.shape[2]
        if geometry.shape[3] == 2:
            return torch.ops.aten.slow_conv_transpose2d(x, weight, [k, k], bias, [s, s], [p, p], [op, op], [1, 1])
        b, c_in, h, w = x.shape
        c_out = weight.shape[1]
        cols = torch.matmul(weight.reshape(c_in, c_out * k * k).t(), x.reshape(b, c_in, h * w))
        out_h = (h - 1) * s - 2 * p + k + op
        out_w = (w - 1) * s - 2 * p + k + op
        y = F.fold(cols, [out_h, out_w], [k, k], 1, [p, p], [s, s])
        return y + bias.reshape(1, c_out, 1, 1)


if __name__ == "__main__":
    module = torch.jit.script(ConvTranspose2d())
    module.save(OUT)
    print("wrote", OUT, os.path.getsize(OUT), "bytes")
