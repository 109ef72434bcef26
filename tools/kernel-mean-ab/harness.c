/*
 * A/B harness for mppm-core's native kernel mean (kernel_mean_avx2.c): times the kernel of an
 * earlier revision ("before", its symbol renamed to mppm_kernel_mean_avx2_before) against the
 * working tree's on the same queries and codes, and checks that both give the same bits.
 * Built and run by ab.sh; arguments: bandwidth h and the spread of the codes (both default 1).
 * The logit codes reach each kernel in its own revision's layout: packed in blocks (KM_BLOCK) for the
 * working tree, and for "before" too when ab.sh defines BEFORE_PACKED (revisions whose kernel_mean.h
 * has KM_BLOCK), row after row otherwise. Both revisions must agree on KM_K.
 * Codes and queries are Gaussian [8000, 18] and [256, 18] (bench's restore8k sizes); a small h
 * leaves most weights below the cutoff (sparse), a large one keeps them all (dense).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel_mean.h"

void mppm_kernel_mean_avx2_before(const float *z, int rows, int d, const float *lt, const float *ct, int n, int dk,
        float *out, float *scratch);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float gauss(void) {
    double u = (rand() + 1.0) / (RAND_MAX + 2.0);
    double v = (rand() + 1.0) / (RAND_MAX + 2.0);
    return (float) (sqrt(-2 * log(u)) * cos(6.283185307179586 * v));
}

int main(int argc, char **argv) {
    const int n0 = 8000, d = 18, rows = 256, reps = 20;
    const float h = argc > 1 ? (float) atof(argv[1]) : 1.0f;
    const float spread = argc > 2 ? (float) atof(argv[2]) : 1.0f;
    const int n = (n0 + 15) / 16 * 16, dk = (d + KM_K - 1) / KM_K * KM_K;
    float *s = malloc(sizeof(float) * n0 * d), *z = malloc(sizeof(float) * rows * d);
    float *lt = aligned_alloc(32, sizeof(float) * (d + 1) * n), *ct = aligned_alloc(32, sizeof(float) * dk * n);
    float *packed = aligned_alloc(32, sizeof(float) * (d + 1) * n);
    /* with room to spare, in case the revisions' scratch sizes differ */
    float *scratch = aligned_alloc(32, ((sizeof(float) * KM_SCRATCH_FLOATS(d, dk)) + 31) / 32 * 32 + 65536);
    float *before = malloc(sizeof(float) * rows * d), *after = malloc(sizeof(float) * rows * d);
    srand(1);
    for (int i = 0; i < n0 * d; i++) {
        s[i] = gauss() * spread;
    }
    for (int i = 0; i < rows * d; i++) {
        z[i] = gauss() * spread;
    }
    memset(ct, 0, sizeof(float) * dk * n);
    for (int a = 0; a < n; a++) {
        float sq = 0;
        for (int k = 0; k < d; k++) {
            float v = a < n0 ? s[a * d + k] : 0;
            lt[k * n + a] = v / (h * h);
            ct[k * n + a] = v;
            sq += v * v;
        }
        lt[d * n + a] = a < n0 ? -sq / (2 * h * h) : -INFINITY;
    }
    km_pack_logit_codes(lt, d, n, packed);
#ifdef BEFORE_PACKED
    const float *ltBefore = packed;
#else
    const float *ltBefore = lt;
#endif
    for (int round = 0; round < 5; round++) {
        double t0 = now();
        for (int i = 0; i < reps; i++) {
            mppm_kernel_mean_avx2_before(z, rows, d, ltBefore, ct, n, dk, before, scratch);
        }
        double t1 = now();
        for (int i = 0; i < reps; i++) {
            mppm_kernel_mean_avx2(z, rows, d, packed, ct, n, dk, after, scratch);
        }
        double t2 = now();
        printf("{\"h\": %g, \"round\": %d, \"beforeMs\": %.3f, \"afterMs\": %.3f, \"sameBits\": %s}\n", h, round + 1,
                (t1 - t0) / reps * 1e3, (t2 - t1) / reps * 1e3,
                memcmp(before, after, sizeof(float) * rows * d) == 0 ? "true" : "false");
    }
    return 0;
}
