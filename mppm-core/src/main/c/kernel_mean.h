/* The kernel mean's entry point and its sizes, shared by the kernel and the JNI glue. */
#ifndef MPPM_KERNEL_MEAN_H
#define MPPM_KERNEL_MEAN_H

#define KM_ROWS 6
#define KM_TILE 512
/* codes per block of the logit codes' layout (below) */
#define KM_BLOCK 16
/* coordinates accumulated at once */
#define KM_K 2
/* scratch floats for a call: accumulators, the weight tile, z transposed, the live flags */
#define KM_SCRATCH_FLOATS(d, dk) (8 * KM_ROWS * (dk) + KM_ROWS * KM_TILE + KM_ROWS * (d) + KM_TILE / 8 / 4 + 8)

/*
 * Writes the logit codes lt [(d + 1), n] (row after row) in the kernel's layout: n / KM_BLOCK blocks,
 * each [(d + 1), KM_BLOCK], so that the kernel reads every row of a block from one contiguous run
 * (rows n floats apart would fall into the same few cache sets).
 */
static inline void km_pack_logit_codes(const float *lt, int d, int n, float *packed) {
    for (int b = 0; b < n / KM_BLOCK; b++) {
        for (int k = 0; k <= d; k++) {
            for (int j = 0; j < KM_BLOCK; j++) {
                packed[((long) b * (d + 1) + k) * KM_BLOCK + j] = lt[(long) k * n + (long) b * KM_BLOCK + j];
            }
        }
    }
}

/*
 * z [rows, d] queries; lt the logit codes [S^T / h^2; -|s_a|^2 / (2 h^2)], [(d + 1), n], packed by
 * km_pack_logit_codes; ct [dk, n]
 * the codes transposed, rows d and beyond zero (dk: d rounded up to a multiple of KM_K); n a
 * multiple of KM_BLOCK (padding codes have lt[d][a] = -inf and zero coordinates); out [rows, d];
 * scratch: KM_SCRATCH_FLOATS(d, dk) floats, 32-byte aligned.
 */
void mppm_kernel_mean_avx2(const float *z, int rows, int d, const float *lt, const float *ct, int n, int dk,
        float *out, float *scratch);

#endif
