/*
 * JNI entry points of org.mppm.core.HugePages (one environment variable), of
 * org.mppm.core.MallocArenas (glibc's arena count) and of
 * org.mppm.core.density.NativeKernelMean: the latter keeps a density's codes in native
 * memory and moves the queries and results between Java arrays and native scratch memory. The Java
 * side checks every size before calling, and never calls with a released handle.
 */
#include <jni.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "kernel_mean.h"

/*
 * Sets THP_MEM_ALLOC_ENABLE=1 for this process unless it is set already: libtorch's CPU allocator
 * reads it once, at its first allocation, and then backs tensors of 2 MiB and more with
 * transparent huge pages. Returns 1 if the variable was already set (left as it is), 0 if it was
 * set now, -1 if setenv failed.
 */
JNIEXPORT jint JNICALL Java_org_mppm_core_HugePages_setTorchVariable(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    if (getenv("THP_MEM_ALLOC_ENABLE") != NULL) {
        return 1;
    }
    return setenv("THP_MEM_ALLOC_ENABLE", "1", 0) == 0 ? 0 : -1;
}

/* The process environment's THP_MEM_ALLOC_ENABLE as libtorch reads it (after any setenv), or null. */
JNIEXPORT jstring JNICALL Java_org_mppm_core_HugePages_torchVariable(JNIEnv *env, jclass cls) {
    (void) cls;
    const char *value = getenv("THP_MEM_ALLOC_ENABLE");
    return value == NULL ? NULL : (*env)->NewStringUTF(env, value);
}

/*
 * The number of malloc arenas (heaps) this process has now, counted in malloc_info's report, or -1
 * when it cannot be had (not glibc, or the report failed).
 */
JNIEXPORT jint JNICALL Java_org_mppm_core_MallocArenas_arenaCount(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
#if defined(__GLIBC__)
    char *report = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&report, &size);
    if (stream == NULL) {
        return -1;
    }
    int failed = malloc_info(0, stream) != 0;
    if (fclose(stream) != 0 || report == NULL) {
        free(report);
        return -1;
    }
    int count = 0;
    for (const char *at = report; (at = strstr(at, "<heap nr=")) != NULL; at++) {
        count++;
    }
    free(report);
    return failed ? -1 : count;
#else
    return -1;
#endif
}

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

/* A density's codes in native memory, as the kernel reads them (kernel_mean.h). */
typedef struct {
    int d;
    int n;
    int dk;
    float *lt;
    float *ct;
} km_codes;

/*
 * Copies the logit codes lt [(d + 1), n] (packed into the kernel's blocks on the way) and the
 * transposed codes ct [dk, n] (both padded, Java arrays) into native memory; returns the handle, or
 * 0 when native memory ran out (Java throws).
 */
JNIEXPORT jlong JNICALL Java_org_mppm_core_density_NativeKernelMean_create(JNIEnv *env, jclass cls,
        jfloatArray lt, jfloatArray ct, jint d, jint n, jint dk) {
    (void) cls;
    size_t ltFloats = (size_t) (d + 1) * n;
    size_t ctFloats = (size_t) dk * n;
    km_codes *codes = malloc(sizeof(km_codes));
    float *memory = aligned_alloc(32, ((ltFloats + ctFloats) * sizeof(float) + 31) / 32 * 32);
    float *rows = malloc(ltFloats * sizeof(float));
    if (codes == NULL || memory == NULL || rows == NULL) {
        free(codes);
        free(memory);
        free(rows);
        return 0;
    }
    codes->d = d;
    codes->n = n;
    codes->dk = dk;
    codes->lt = memory;
    codes->ct = memory + ltFloats;
    (*env)->GetFloatArrayRegion(env, lt, 0, (jsize) ltFloats, rows);
    km_pack_logit_codes(rows, d, n, codes->lt);
    free(rows);
    (*env)->GetFloatArrayRegion(env, ct, 0, (jsize) ctFloats, codes->ct);
    return (jlong) (intptr_t) codes;
}

/* Frees what create allocated; the Java side calls it once, when no call is in flight. */
JNIEXPORT void JNICALL Java_org_mppm_core_density_NativeKernelMean_release(JNIEnv *env, jclass cls, jlong handle) {
    (void) env;
    (void) cls;
    km_codes *codes = (km_codes *) (intptr_t) handle;
    if (codes != NULL) {
        free(codes->lt);
        free(codes);
    }
}

/*
 * The kernel means of z [rows, d] into out [rows, d] (Java arrays, copied in and out) over the codes
 * of handle. Returns 0, or -1 when native memory ran out (Java throws).
 */
JNIEXPORT jint JNICALL Java_org_mppm_core_density_NativeKernelMean_kernelMean(JNIEnv *env, jclass cls, jlong handle,
        jfloatArray z, jint rows, jfloatArray out) {
    (void) cls;
    const km_codes *codes = (const km_codes *) (intptr_t) handle;
    const int d = codes->d;
    size_t scratchBytes = ((size_t) KM_SCRATCH_FLOATS(d, codes->dk) * sizeof(float) + 31) / 32 * 32;
    size_t valueBytes = ((size_t) 2 * rows * d * sizeof(float) + 31) / 32 * 32;
    char *memory = aligned_alloc(32, scratchBytes + valueBytes);
    if (memory == NULL) {
        return -1;
    }
    float *queries = (float *) (memory + scratchBytes);
    float *results = queries + (size_t) rows * d;
    (*env)->GetFloatArrayRegion(env, z, 0, rows * d, queries);
    mppm_kernel_mean_avx2(queries, rows, d, codes->lt, codes->ct, codes->n, codes->dk, results, (float *) memory);
    (*env)->SetFloatArrayRegion(env, out, 0, rows * d, results);
    free(memory);
    return 0;
}
