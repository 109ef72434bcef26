#!/usr/bin/env python3
"""The TorchScript function behind NearestClean: Eq. 14's x*, the exact nearest clean sample.

forward(x, screen, norms, transposed, rows, geometry) -> [index, counts]
  x          [B, P] queries (float32 or float64)
  screen     [P, N] the clean rows, transposed, in the screening type: bfloat16 (where the CPU
             multiplies bfloat16 natively) or float32
  norms      [1, N] float32 squared norms of the clean rows
  transposed [P, N] the clean rows, transposed, in float32
  rows       [N, P] the clean rows in their own type, for the exact distances
  geometry   only its shape is read: [chunk, nonnegative], nonnegative 1 when every clean value is >= 0
returns      [B] int64, the index of each query's nearest clean row (the lowest index on ties), and
             [2] int64: how many queries were screened again in float32, and B.

forward(x, screen, ...) with a 1-D geometry returns [screen converted to bfloat16] (DJL cannot make
bfloat16 arrays itself).

How: a product of the screening type gives every score s_j = |c_j|^2 - 2 x.c_j with a proven
error bound (the inputs' and the output's rounding, float32 accumulation over P terms, the norms'
own rounding), so each score has an interval [L_j, U_j] that holds the exact one. Every row j whose
L_j is at most the smallest U over the clean set may be the nearest; the others cannot. When the
queries and the clean rows are nonnegative (images), x.c_j's error is relative to x.c_j itself, so
the intervals are narrow: on MNIST with noise 0.4 about 1.1 candidates per query remain. Otherwise
the bound is |x| max_j |c_j| times the same factor. Where a query's bfloat16 window stays wide
(clean rows much alike, as in the synthetic faces), taking its float64 distances would cost more
than a float32 product over the clean set, so that query is screened again in float32. A query
with one candidate has its nearest; the rest are decided by their distances
sum_k (x_k - c_k)^2 in float64, the lowest index on ties.
The answer depends only on the data, not on the screening type, the chunk or the thread count.

Run with Debian's python3 (apt-get install python3-torch), from the repository root:

    /usr/bin/python3 tools/make-nearest-script.py

Writes mppm-models/src/main/resources/org/mppm/models/lmppm/nearest_clean.pt (TorchScript
written by PyTorch 1.13, which later libtorch versions load).
"""
import os
from typing import List

import torch

OUT = os.path.join("mppm-models", "src", "main", "resources", "org", "mppm", "models", "lmppm", "nearest_clean.pt")


class NearestClean(torch.nn.Module):
    def forward(self, x: torch.Tensor, screen: torch.Tensor, norms: torch.Tensor, transposed: torch.Tensor,
                rows: torch.Tensor, geometry: torch.Tensor) -> List[torch.Tensor]:
        if geometry.dim() == 1:
            return [screen.to(torch.bfloat16)]
        if not bool(torch.isfinite(x).all()):
            raise ValueError("nearest clean sample: the queries hold NaN or infinite values")
        return self.nearest(x, screen, norms, transposed, rows, geometry.shape[0], geometry.shape[1] == 1)

    def candidates(self, x: torch.Tensor, screen: torch.Tensor, norms: torch.Tensor, chunk: int,
                   clean_nonnegative: bool) -> List[torch.Tensor]:
        """The (query, clean row) pairs whose score interval reaches the lowest interval's end."""
        u32 = 2.0 ** -24
        b = x.shape[0]
        p = screen.shape[0]
        n = screen.shape[1]
        unit = 2.0 ** -8 if screen.dtype == torch.bfloat16 else u32
        # float32 accumulation over p terms (and the norms' own sums), relative
        gamma = p * u32 / (1.0 - p * u32)
        # the inputs' two roundings to the screening type and the output's, with the accumulation
        kappa = (1.0 + unit) ** 3 * (1.0 + gamma) - 1.0
        # the norms' error, the queries' and rows' rounding to float32, each float32 operation after the product
        eps = gamma / (1.0 - gamma) + 8.0 * u32
        q = x.float()
        nonnegative = clean_nonnegative and bool((q >= 0).all())
        low_norms = norms * (1.0 - eps)
        high_norms = norms * (1.0 + eps)
        spread = torch.zeros([b, 1], device=x.device)
        if not nonnegative:
            # |x.c_j| error <= kappa sum_k |x_k c_k| <= kappa |x| max_j |c_j|, for 2 x.c_j
            cmax = norms.max().sqrt() * (1.0 + eps)
            spread = (2.0 * (kappa + 4.0 * u32) * (1.0 + eps) * cmax * q.square().sum(1).sqrt()).unsqueeze(1)
        q = (q * -2.0).to(screen.dtype)
        best_upper = torch.full([b], float("inf"), device=x.device)
        hit_rows: List[torch.Tensor] = []
        hit_cols: List[torch.Tensor] = []
        hit_lower: List[torch.Tensor] = []
        for off in range(0, n, chunk):
            end = min(n, off + chunk)
            # g = -2 x.c_j <= 0 for nonnegative data, with |g~ - g| <= kappa |g|; upper is made in g's place
            g = torch.matmul(q, screen[:, off:end]).float()
            if nonnegative:
                lower = torch.add(low_norms[:, off:end], g, alpha=(1.0 + eps) / (1.0 - kappa))
                upper = g.mul_((1.0 - eps) / (1.0 + kappa)).add_(high_norms[:, off:end])
            else:
                lower = torch.add(low_norms[:, off:end], g).sub_(spread)
                upper = g.add_(high_norms[:, off:end]).add_(spread)
            best_upper = torch.minimum(best_upper, upper.amin(1))
            hit = torch.nonzero(lower <= best_upper.unsqueeze(1))
            hit_rows.append(hit[:, 0])
            hit_cols.append(hit[:, 1] + off)
            hit_lower.append(lower[hit[:, 0], hit[:, 1]])
        r = torch.cat(hit_rows)
        c = torch.cat(hit_cols)
        if len(hit_rows) > 1:
            keep = torch.cat(hit_lower) <= best_upper[r]
            r = r[keep]
            c = c[keep]
        return [r, c]

    def nearest(self, x: torch.Tensor, screen: torch.Tensor, norms: torch.Tensor, transposed: torch.Tensor,
                rows: torch.Tensor, chunk: int, clean_nonnegative: bool) -> List[torch.Tensor]:
        b = x.shape[0]
        p = screen.shape[0]
        n = screen.shape[1]
        pairs = self.candidates(x, screen, norms, chunk, clean_nonnegative)
        r = pairs[0]
        c = pairs[1]
        count = torch.zeros([b], dtype=torch.long, device=x.device).index_add_(0, r, torch.ones_like(r))
        rescreened = 0
        if screen.dtype == torch.bfloat16:
            # a query whose bfloat16 window holds more rows than one float32 product over the clean set
            # costs (about n / 256 exact distances) is screened again in float32, whose window is narrow
            wide = count > max(2, n // 256)
            if bool(wide.any()):
                again = torch.nonzero(wide).squeeze(1)
                rescreened = int(again.shape[0])
                narrow = torch.logical_not(wide[r])
                sub = self.candidates(x[again], transposed, norms, chunk, clean_nonnegative)
                r = torch.cat([r[narrow], again[sub[0]]])
                c = torch.cat([c[narrow], sub[1]])
                count = torch.zeros([b], dtype=torch.long, device=x.device).index_add_(0, r, torch.ones_like(r))
        index = torch.full([b], n, dtype=torch.long, device=x.device).scatter_reduce(0, r, c, "amin")
        several = count[r] > 1
        if bool(several.any()):
            r = r[several]
            c = c[several]
            # in slices of at most 2^22 values, whatever the number of candidates
            step = max(1, 4194304 // max(1, p))
            parts: List[torch.Tensor] = []
            for start in range(0, r.shape[0], step):
                stop = min(r.shape[0], start + step)
                parts.append((x[r[start:stop]].double() - rows[c[start:stop]].double()).square().sum(1))
            d = torch.cat(parts)
            nearest = torch.full([b], float("inf"), dtype=torch.double, device=x.device).scatter_reduce(0, r, d, "amin")
            tie = d == nearest[r]
            index = index.scatter_reduce(0, r[tie], c[tie], "amin", include_self=False)
        return [index, torch.tensor([rescreened, b], device=x.device)]


if __name__ == "__main__":
    torch.jit.save(torch.jit.script(NearestClean()), OUT)
    print("wrote", OUT)
