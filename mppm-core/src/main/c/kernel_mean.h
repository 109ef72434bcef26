/* The kernel mean's entry point and its sizes, shared by the kernel and the JNI glue. */
#ifndef MPPM_KERNEL_MEAN_H
#define MPPM_KERNEL_MEAN_H

#define KM_ROWS 6
#define KM_TILE 512
/* coordinates accumulated at once */
#define KM_K 2
/* scratch floats for a call: accumulators, the weight tile, z transposed, the live flags */
#define KM_SCRATCH_FLOATS(d, dk) (8 * KM_ROWS * (dk) + KM_ROWS * KM_TILE + KM_ROWS * (d) + KM_TILE / 8 / 4 + 8)

/*
 * z [rows, d] queries; lt [(d + 1), n] the logit codes [S^T / h^2; -|s_a|^2 / (2 h^2)]; ct [dk, n]
 * the codes transposed, rows d and beyond zero (dk: d rounded up to a multiple of KM_K); n a
 * multiple of 16 (padding codes have lt[d][a] = -inf and zero coordinates); out [rows, d];
 * scratch: KM_SCRATCH_FLOATS(d, dk) floats, 32-byte aligned.
 */
void mppm_kernel_mean_avx2(const float *z, int rows, int d, const float *lt, const float *ct, int n, int dk,
        float *out, float *scratch);

#endif
