/*
 * JNI entry points of org.mppm.core.density.NativeKernelMean: picks the kernel for this CPU and
 * moves the queries and results between Java arrays and native scratch memory. The Java side checks
 * every size before calling; nothing here trusts a length it has not been given.
 */
#include <jni.h>
#include <stdlib.h>

#include "kernel_mean.h"

static int has_avx2(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/* Whether this CPU runs the kernels (AVX2 and FMA); the Java side uses the engine's operations otherwise. */
JNIEXPORT jboolean JNICALL Java_org_mppm_core_density_NativeKernelMean_supported(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return has_avx2() ? JNI_TRUE : JNI_FALSE;
}

/*
 * z [rows, d] and out [rows, d] are Java arrays (copied in and out); lt [(d + 1), n] and ct [dk, n]
 * direct buffers (see kernel_mean.h). Returns 0; -1 when native memory ran out, -2 when a buffer is
 * not direct (the Java side throws).
 */
JNIEXPORT jint JNICALL Java_org_mppm_core_density_NativeKernelMean_kernelMean(JNIEnv *env, jclass cls,
        jfloatArray z, jint rows, jint d, jobject lt, jobject ct, jint n, jint dk, jfloatArray out) {
    (void) cls;
    const float *logitCodes = (*env)->GetDirectBufferAddress(env, lt);
    const float *codes = (*env)->GetDirectBufferAddress(env, ct);
    if (logitCodes == NULL || codes == NULL) {
        return -2;
    }
    size_t scratchBytes = ((size_t) KM_SCRATCH_FLOATS(d, dk) * sizeof(float) + 31) / 32 * 32;
    size_t valueBytes = ((size_t) 2 * rows * d * sizeof(float) + 31) / 32 * 32;
    char *memory = aligned_alloc(32, scratchBytes + valueBytes);
    if (memory == NULL) {
        return -1;
    }
    float *queries = (float *) (memory + scratchBytes);
    float *results = queries + (size_t) rows * d;
    (*env)->GetFloatArrayRegion(env, z, 0, rows * d, queries);
    mppm_kernel_mean_avx2(queries, rows, d, logitCodes, codes, n, dk, results, (float *) memory);
    (*env)->SetFloatArrayRegion(env, out, 0, rows * d, results);
    free(memory);
    return 0;
}
