#!/usr/bin/env python3
"""Makes the TorchScript fixtures of TorchScriptDenoiserTest (run from this directory with the
system interpreter, e.g. /usr/bin/python3 make_fixtures.py).

Needs PyTorch (Debian: apt-get install python3-torch). Writes
  edm-mlp.pt             a small MLP F(x_in [B, 2], c_noise [B]) -> [B, 2], scripted
  edm-mlp-expected.json  inputs and the EDM-preconditioned outputs D = c_skip x + c_out F(c_in x, ln(s)/4),
                         computed here in PyTorch (float32), sigma_data = 0.5
  gaussian-denoiser.pt   the exact denoiser of N(0, 0.25 I): D(x, sigma[B]) = x * 0.25 / (0.25 + sigma^2)
"""
import json
import math

import torch


class EdmMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Linear(3, 32), torch.nn.SiLU(), torch.nn.Linear(32, 32), torch.nn.SiLU(), torch.nn.Linear(32, 2))

    def forward(self, x_in: torch.Tensor, c_noise: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([x_in, c_noise[:, None]], dim=1))


class GaussianDenoiser(torch.nn.Module):
    def forward(self, x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        return x * (0.25 / (0.25 + sigma * sigma))[:, None]


def main():
    torch.manual_seed(0)
    f = EdmMlp().eval()
    torch.jit.script(f).save("edm-mlp.pt")
    torch.jit.script(GaussianDenoiser().eval()).save("gaussian-denoiser.pt")

    sd = 0.5
    x = torch.randn(6, 2, generator=torch.Generator().manual_seed(1)) * 2
    cases = []
    with torch.no_grad():
        for s in [0.02, 0.3, 1.0, 7.5]:
            c_skip = sd ** 2 / (s ** 2 + sd ** 2)
            c_out = s * sd / math.sqrt(s ** 2 + sd ** 2)
            c_in = 1 / math.sqrt(s ** 2 + sd ** 2)
            c_noise = torch.full((x.shape[0],), math.log(s) / 4)
            d = c_skip * x + c_out * f(c_in * x, c_noise)
            cases.append({"sigma": s, "denoised": d.flatten().tolist()})
    with open("edm-mlp-expected.json", "w") as out:
        json.dump({"sigmaData": sd, "shape": list(x.shape), "x": x.flatten().tolist(), "cases": cases,
                   "torch": torch.__version__}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
