/*
 * The Gaussian kernel mean of Eq. 15 in one pass over the codes, for x86-64 with AVX2 and FMA
 * (compiled with -mavx2 -mfma, build.sh; called only where the CPU has both, mppm_kernels.c).
 *
 * For each query row z [d]: logits l_a = sum_k z_k LT[k][a] + LT[d][a] (LT = [S^T / h^2;
 * -|s_a|^2 / (2 h^2)], [d + 1, n], stored in blocks of KM_BLOCK codes: kernel_mean.h), weights
 * w_a = exp(l_a - max_b l_b) and the mean
 * sum_a w_a s_a / sum_a w_a. The codes are met in tiles of KM_TILE; a running maximum rescales
 * what was accumulated when a later tile holds a larger logit (the online softmax), so every
 * weight is at most 1 and nothing overflows. Weights below exp(-cutoff) relative to the running
 * maximum are dropped: all of them together change the sum by less than exp(-24) of the largest
 * weight (cutoff = log n + 24), below float32's rounding.
 *
 * Rows are taken KM_ROWS at a time; a short last group is padded with zero rows whose results are
 * discarded, and every row meets the same instructions in the same order, so a row's result never
 * depends on the other rows of its call.
 */
#include <math.h>
#include <stdint.h>

#include "kernel_mean.h"

_Static_assert(KM_BLOCK == 16, "the logit pass reads a block's row as two vectors of 8");

typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));
typedef float v8fu __attribute__((vector_size(32), aligned(4)));

static inline v8f load(const float *p) { return *(const v8fu *) p; }
static inline void store(float *p, v8f v) { *(v8fu *) p = v; }
static inline v8f splat(float x) { return (v8f) {x, x, x, x, x, x, x, x}; }
/* a > b ? a : b, lane by lane (vmaxps) */
static inline v8f vmax(v8f a, v8f b) { return __builtin_ia32_maxps256(a, b); }

static inline float hmax(v8f v) {
    float m = v[0];
    for (int i = 1; i < 8; i++) {
        m = v[i] > m ? v[i] : m;
    }
    return m;
}

static inline float hsum(v8f v) {
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

/*
 * exp(x) of KM_ROWS vectors in place (Cephes' expf: a degree-6 polynomial on [-ln2/2, ln2/2] times
 * 2^n), exact only for -87 <= x <= 0: the caller masks the other lanes (every kept weight has
 * x >= -(log n + 24) > -87). The vectors go through each step together, so that their dependency
 * chains overlap.
 */
static inline void vexpRows(v8f *x) {
    v8f n[KM_ROWS], r[KM_ROWS], p[KM_ROWS];
    const v8f magic = splat(12582912.0f); /* 1.5 * 2^23: rounds to the nearest integer */
    for (int i = 0; i < KM_ROWS; i++) {
        n[i] = (x[i] * splat(1.44269504088896341f) + magic) - magic;
    }
    for (int i = 0; i < KM_ROWS; i++) {
        r[i] = x[i] - n[i] * splat(0.693359375f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        r[i] = r[i] - n[i] * splat(-2.12194440e-4f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        p[i] = splat(1.9875691500e-4f) * r[i] + splat(1.3981999507e-3f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        p[i] = p[i] * r[i] + splat(8.3334519073e-3f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        p[i] = p[i] * r[i] + splat(4.1665795894e-2f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        p[i] = p[i] * r[i] + splat(1.6666665459e-1f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        p[i] = p[i] * r[i] + splat(5.0000001201e-1f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        p[i] = p[i] * (r[i] * r[i]) + r[i] + splat(1.0f);
    }
    for (int i = 0; i < KM_ROWS; i++) {
        x[i] = p[i] * (v8f) ((__builtin_convertvector(n[i], v8i) + 127) << 23);
    }
}

static inline int anyLane(v8i mask) {
    typedef long long v4l __attribute__((vector_size(32)));
    v4l m = (v4l) mask;
    return (m[0] | m[1] | m[2] | m[3]) != 0;
}

void mppm_kernel_mean_avx2(const float *z, int rows, int d, const float *lt, const float *ct, int n, int dk,
        float *out, float *scratch) {
    const float cutoff = logf((float) n) + 24.0f;
    v8f *acc = (v8f *) scratch;                       /* [KM_ROWS][dk]: lane sums of w_a s_a[k] */
    float *weights = scratch + 8 * KM_ROWS * dk;      /* [KM_ROWS][KM_TILE] logits, then weights */
    float *zt = weights + KM_ROWS * KM_TILE;          /* [d][KM_ROWS]: z transposed */
    unsigned char *live = (unsigned char *) (zt + KM_ROWS * d); /* [KM_TILE / 8]: a group any row keeps */
    for (int r0 = 0; r0 < rows; r0 += KM_ROWS) {
        for (int k = 0; k < d; k++) {
            for (int r = 0; r < KM_ROWS; r++) {
                zt[k * KM_ROWS + r] = r0 + r < rows ? z[(long) (r0 + r) * d + k] : 0.0f;
            }
        }
        float m[KM_ROWS];
        v8f sum[KM_ROWS];
        for (int r = 0; r < KM_ROWS; r++) {
            m[r] = -INFINITY;
            sum[r] = splat(0.0f);
        }
        for (int i = 0; i < KM_ROWS * dk; i++) {
            acc[i] = splat(0.0f);
        }
        for (int a0 = 0; a0 < n; a0 += KM_TILE) {
            const int width = n - a0 < KM_TILE ? n - a0 : KM_TILE;
            v8f top[KM_ROWS];
            for (int r = 0; r < KM_ROWS; r++) {
                top[r] = splat(-INFINITY);
            }
            /* logits of KM_ROWS rows against one block of 16 codes at a time: 12 accumulators in registers */
            for (int a = 0; a < width; a += 16) {
                const float *block = lt + (long) (a0 + a) * (d + 1);
                const float *bias = block + d * KM_BLOCK;
                v8f l0[KM_ROWS], l1[KM_ROWS];
                for (int r = 0; r < KM_ROWS; r++) {
                    l0[r] = load(bias);
                    l1[r] = load(bias + 8);
                }
                for (int k = 0; k < d; k++) {
                    const float *row = block + k * KM_BLOCK;
                    v8f c0 = load(row);
                    v8f c1 = load(row + 8);
#pragma GCC unroll 8
                    for (int r = 0; r < KM_ROWS; r++) {
                        v8f zk = splat(zt[k * KM_ROWS + r]);
                        l0[r] = zk * c0 + l0[r];
                        l1[r] = zk * c1 + l1[r];
                    }
                }
                for (int r = 0; r < KM_ROWS; r++) {
                    store(weights + r * KM_TILE + a, l0[r]);
                    store(weights + r * KM_TILE + a + 8, l1[r]);
                    top[r] = vmax(top[r], vmax(l0[r], l1[r]));
                }
            }
            v8f shift[KM_ROWS];
            for (int r = 0; r < KM_ROWS; r++) {
                float best = hmax(top[r]);
                if (best > m[r]) {
                    /* a larger logit: rescale what was accumulated against the old maximum */
                    v8f s = splat(m[r] == -INFINITY ? 0.0f : expf(m[r] - best));
                    sum[r] *= s;
                    for (int k = 0; k < dk; k++) {
                        acc[r * dk + k] *= s;
                    }
                    m[r] = best;
                }
                shift[r] = splat(m[r]);
            }
            /*
             * weights relative to each row's running maximum. A group of 8 codes no row keeps is
             * skipped here and below: its weights would all be 0, which leave the sums unchanged,
             * and its slots are never read.
             */
            const v8f floor = splat(-cutoff);
            for (int a = 0; a < width; a += 8) {
                v8i kept = (v8i) splat(0.0f);
                for (int r = 0; r < KM_ROWS; r++) {
                    kept |= load(weights + r * KM_TILE + a) - shift[r] >= floor;
                }
                live[a / 8] = (unsigned char) anyLane(kept);
                if (!live[a / 8]) {
                    continue;
                }
                /* the differences and masks are taken again rather than kept: 12 more registers */
                v8f x[KM_ROWS], w[KM_ROWS];
                for (int r = 0; r < KM_ROWS; r++) {
                    x[r] = load(weights + r * KM_TILE + a) - shift[r];
                    w[r] = x[r];
                }
                vexpRows(w);
                for (int r = 0; r < KM_ROWS; r++) {
                    w[r] = (v8f) ((v8i) w[r] & (x[r] >= floor));
                    store(weights + r * KM_TILE + a, w[r]);
                    sum[r] += w[r];
                }
            }
            /* acc[r][k] += w[r][a] s_a[k]: KM_ROWS rows by KM_K coordinates, 12 accumulators in registers */
            for (int k0 = 0; k0 < dk; k0 += KM_K) {
                v8f t[KM_ROWS][KM_K];
                for (int r = 0; r < KM_ROWS; r++) {
                    for (int j = 0; j < KM_K; j++) {
                        t[r][j] = acc[r * dk + k0 + j];
                    }
                }
                for (int a = 0; a < width; a += 8) {
                    if (!live[a / 8]) {
                        continue;
                    }
                    v8f c[KM_K];
                    for (int j = 0; j < KM_K; j++) {
                        c[j] = load(ct + (long) (k0 + j) * n + a0 + a);
                    }
#pragma GCC unroll 8
                    for (int r = 0; r < KM_ROWS; r++) {
                        v8f w = load(weights + r * KM_TILE + a);
                        __asm__("" : "+x"(w)); /* one load of w for all KM_K coordinates, not one each */
#pragma GCC unroll 4
                        for (int j = 0; j < KM_K; j++) {
                            t[r][j] = w * c[j] + t[r][j];
                        }
                    }
                }
                for (int r = 0; r < KM_ROWS; r++) {
                    for (int j = 0; j < KM_K; j++) {
                        acc[r * dk + k0 + j] = t[r][j];
                    }
                }
            }
        }
        for (int r = 0; r < KM_ROWS && r0 + r < rows; r++) {
            float total = hsum(sum[r]);
            for (int k = 0; k < d; k++) {
                out[(long) (r0 + r) * d + k] = hsum(acc[r * dk + k]) / total;
            }
        }
    }
}
