#!/usr/bin/python3
"""DAE parity harness (issue "Restoration quality"): the Table 7 DAE recipe in plain PyTorch.

Run with Debian's python3-torch (/usr/bin/python3). Trains the Table 7 convolutional autoencoder
(Conv 1->32->64 k3 s2 p1, Linear 3136->d; Linear d->3136, ConvT 64->32->1 k3 s2 p1 op1, sigmoid)
as a denoising autoencoder on the embedded 8,000 training digits: batch 128, Adam 1e-3, training
noise 0.4, plain L2 from noisy to clean. Each of the candidate differences to mppm's DAE is a flag,
so that their effect can be measured one at a time:

  --clamp 1|0         clamp the noisy training input to [0, 1] (the authors' add_noise) or not (mppm)
  --init torch|he     PyTorch's default init, or DJL's default (weights N(0, 2 / fan_in), biases 0)
  --validation F      hold out a fraction F and keep the best epoch by validation loss (mppm's
                      Fitter, patience 8), or 0: train on all digits for every epoch (the authors)

Test sets: the 2,000 embedded test digits with clamped Gaussian noise 0.5 and 0.7 (seeded), or the
IDX files written by `mppm mnist-restore --save-images DIR` (--degraded DIR). Prints one JSON line:
per degradation, SSIM (7 x 7 uniform window, sample covariance, data range 1, as mppm's
`Ssim.uniform7()`) of the degraded input and of the restoration, and the MSE.
"""
import argparse
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "mppm-models", "src", "main", "resources", "org", "mppm", "models", "data")


def read_idx_images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic, n, h, w = struct.unpack(">IIII", f.read(16))
        if magic != 0x803:
            sys.exit(path + ": not an IDX image file")
        return np.frombuffer(f.read(n * h * w), dtype=np.uint8).reshape(n, 1, h, w).astype(np.float32) / 255.0


def write_idx_images(path, x):
    """Images [N, 1, H, W] in [0, 1] as a gzipped IDX file of bytes round(255 x), as mppm's IdxFile writes them."""
    n, _, h, w = x.shape
    data = (x.clamp(0, 1) * 255).round().to(torch.uint8).numpy().tobytes()
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, h, w) + data)


class Dae(nn.Module):
    def __init__(self, latent):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(),
                                 nn.Flatten(), nn.Linear(64 * 7 * 7, latent))
        self.lin = nn.Linear(latent, 64 * 7 * 7)
        self.dec = nn.Sequential(nn.ConvTranspose2d(64, 32, 3, 2, 1, output_padding=1), nn.ReLU(),
                                 nn.ConvTranspose2d(32, 1, 3, 2, 1, output_padding=1), nn.Sigmoid())

    def forward(self, x):
        return self.dec(self.lin(self.enc(x)).view(-1, 64, 7, 7))


def he_normal(model):
    """DJL's default: weights N(0, 2 / fan_in) with fan_in = shape[1] * prod(shape[2:]), biases 0."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear, nn.ConvTranspose2d)):
            w = m.weight
            fan_in = w.shape[1] * (int(np.prod(w.shape[2:])) if w.dim() > 2 else 1)
            if isinstance(m, nn.ConvTranspose2d):
                continue  # mppm's ConvTranspose2d declares PyTorch's uniform bound itself
            nn.init.normal_(w, 0, (2.0 / fan_in) ** 0.5)
            nn.init.zeros_(m.bias)


def noisy(x, sigma, clamp, gen):
    y = x + sigma * torch.randn(x.shape, generator=gen)
    return y.clamp(0, 1) if clamp else y


def ssim_uniform7(x, y):
    """Mean SSIM per image, 7 x 7 uniform window (valid), sample covariance, data range 1."""
    import torch.nn.functional as fn
    x = torch.as_tensor(x, dtype=torch.float64)
    y = torch.as_tensor(y, dtype=torch.float64)
    k = torch.full((1, 1, 7, 7), 1 / 49.0, dtype=torch.float64)
    cn = 49 / 48.0
    ux, uy = fn.conv2d(x, k), fn.conv2d(y, k)
    vx = (fn.conv2d(x * x, k) - ux * ux) * cn
    vy = (fn.conv2d(y * y, k) - uy * uy) * cn
    vxy = (fn.conv2d(x * y, k) - ux * uy) * cn
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2))
    return s.flatten(1).mean(1).numpy()


def score_directory(directory):
    """SSIM (uniform 7 x 7) and MSE of every KEY-METHOD-images file of a --save-images directory."""
    reference = torch.from_numpy(read_idx_images(os.path.join(directory, "clean-images-idx3-ubyte.gz")))
    out = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith("-images-idx3-ubyte.gz") or name.startswith("clean"):
            continue
        key, method = name[:-len("-images-idx3-ubyte.gz")].rsplit("-", 1)
        x = torch.from_numpy(read_idx_images(os.path.join(directory, name)))
        out.setdefault(key, {})[method] = {
            "ssim": round(float(ssim_uniform7(x, reference).mean()), 4),
            "mse": round(float(((x - reference) ** 2).mean()), 5),
            "backgroundMean": round(float(x[reference < 0.05].mean()), 4),
        }
    return out


def export_steps(a, model, opt, fit, gen):
    """Trains a.steps batches as main() does and writes what a replay in another framework needs."""
    arrays = {"init." + k: t.detach().numpy().copy() for k, t in model.state_dict().items()}
    noisy_batches, clean_batches, losses = [], [], []
    step = 0
    while step < a.steps:
        perm = torch.randperm(fit.shape[0], generator=gen)
        for i in range(0, fit.shape[0], 128):
            if step == a.steps:
                break
            x = fit[perm[i:i + 128]]
            y = noisy(x, a.noise, a.clamp, gen)
            loss = ((model(y) - x) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            noisy_batches.append(y.numpy())
            clean_batches.append(x.numpy())
            losses.append(loss.item())
            step += 1
    arrays.update({"final." + k: t.detach().numpy().copy() for k, t in model.state_dict().items()})
    arrays["noisy"] = np.concatenate(noisy_batches)
    arrays["clean"] = np.concatenate(clean_batches)
    arrays["sizes"] = np.array([b.shape[0] for b in clean_batches], dtype=np.int64)
    arrays["losses"] = np.array(losses, dtype=np.float64)
    np.savez(a.export_steps, **arrays)
    print(json.dumps({"steps": step, "firstLoss": losses[0], "lastLoss": losses[-1]}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--latent", type=int, default=18)
    p.add_argument("--noise", type=float, default=0.4)
    p.add_argument("--clamp", type=int, default=1)
    p.add_argument("--init", choices=["torch", "he"], default="torch")
    p.add_argument("--validation", type=float, default=0.0)
    p.add_argument("--patience", type=int, default=8)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--degraded", help="directory of mnist-restore --save-images IDX files")
    p.add_argument("--export-steps", metavar="FILE",
                   help="write an .npz for a controlled replay (tools/dae_replay.jsh): the initial weights, the first "
                        "--steps batches (noisy input and clean target, in training order) and PyTorch's loss at each step, "
                        "then exit")
    p.add_argument("--steps", type=int, default=60, help="optimiser steps recorded by --export-steps")
    p.add_argument("--write-restorations", metavar="DIR",
                   help="also write the restorations of the --degraded sets as KEY-reference-images-idx3-ubyte.gz "
                        "(8-bit, as mnist-restore writes its own) and the clean digits into DIR")
    p.add_argument("--score-only", action="store_true",
                   help="train nothing: score the restorations found in --degraded (KEY-METHOD-images) against the clean digits")
    a = p.parse_args()
    if a.score_only:
        print(json.dumps(score_directory(a.degraded)))
        return
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)

    train = torch.from_numpy(read_idx_images(os.path.join(DATA, "train-images-idx3-ubyte.gz")))
    test = torch.from_numpy(read_idx_images(os.path.join(DATA, "test-images-idx3-ubyte.gz")))
    n = train.shape[0]
    order = torch.randperm(n, generator=gen)
    n_val = int(round(n * a.validation)) if a.validation > 0 else 0
    val, fit = train[order[:n_val]], train[order[n_val:]]

    model = Dae(a.latent)
    if a.init == "he":
        he_normal(model)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    if a.export_steps:
        export_steps(a, model, opt, fit, gen)
        return
    best, best_state, since, epochs_run = float("inf"), None, 0, 0
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(fit.shape[0], generator=gen)
        for i in range(0, fit.shape[0], 128):
            x = fit[perm[i:i + 128]]
            loss = ((model(noisy(x, a.noise, a.clamp, gen)) - x) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        epochs_run += 1
        if n_val:
            model.eval()
            vgen = torch.Generator().manual_seed(a.seed + 1)
            with torch.no_grad():
                v = ((model(noisy(val, a.noise, a.clamp, vgen)) - val) ** 2).mean().item()
            if v < best:
                best, since = v, 0
                best_state = {k: t.clone() for k, t in model.state_dict().items()}
            else:
                since += 1
                if since >= a.patience:
                    break
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()

    sets = {}
    if a.degraded:
        suffix = "-degraded-images-idx3-ubyte.gz"
        for name in sorted(os.listdir(a.degraded)):
            if name.endswith(suffix):
                sets[name[:-len(suffix)]] = torch.from_numpy(read_idx_images(os.path.join(a.degraded, name)))
        reference = torch.from_numpy(read_idx_images(os.path.join(a.degraded, "clean-images-idx3-ubyte.gz")))
    else:
        reference = test
        tgen = torch.Generator().manual_seed(1234)
        for s in (0.5, 0.7):
            sets["noise-%g" % s] = noisy(test, s, True, tgen)
    if a.write_restorations:
        os.makedirs(a.write_restorations, exist_ok=True)
        write_idx_images(os.path.join(a.write_restorations, "clean-images-idx3-ubyte.gz"), reference)
    out = {"settings": vars(a), "epochsRun": epochs_run, "results": {}}
    with torch.no_grad():
        for key, x in sets.items():
            r = torch.cat([model(x[i:i + 500]) for i in range(0, x.shape[0], 500)])
            if a.write_restorations:
                write_idx_images(os.path.join(a.write_restorations, key + "-reference-images-idx3-ubyte.gz"), r)
            out["results"][key] = {
                "ssimDegraded": round(float(ssim_uniform7(x, reference).mean()), 4),
                "ssim": round(float(ssim_uniform7(r, reference).mean()), 4),
                "mse": round(float(((r - reference) ** 2).mean()), 5),
                "backgroundMean": round(float(r[reference < 0.05].mean()), 4),
            }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
