/*
 * The SIMD path of the addon's hand-vectorised loops (the direct convolutions): chosen once at
 * load from the CPU, or forced (LRLAB_BLAS_ISA, read by the TypeScript side, which calls
 * lrlab_isa_set). Results depend on the path (AVX2 and AVX-512 fuse multiply-adds, the generic
 * path does not), so it is part of a run's recorded kernel path; the thread count is not.
 */
#ifndef LRLAB_ISA_H
#define LRLAB_ISA_H

#include <stdbool.h>

#include "parallel.h"

/* The paths, slowest first. */
typedef enum { LRLAB_ISA_GENERIC = 0, LRLAB_ISA_AVX2 = 1, LRLAB_ISA_AVX512 = 2 } lrlab_isa;

/* How many paths there are. */
#define LRLAB_ISA_COUNT 3

/* Whether this build and CPU can run `isa` (x86-64-v4 for avx512, x86-64-v3 for avx2). */
bool lrlab_isa_supported(lrlab_isa isa);

/* The path in use: the best supported one unless lrlab_isa_set chose another. */
lrlab_isa lrlab_isa_current(void);

/* Uses `isa` from now on; false (nothing changes) when it is not supported here. */
bool lrlab_isa_set(lrlab_isa isa);

/* "avx512", "avx2" or "generic". */
const char* lrlab_isa_name(lrlab_isa isa);

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define LRLAB_ISA_DISPATCH 1
#define LRLAB_TARGET_AVX512 __attribute__((target("arch=x86-64-v4")))
#define LRLAB_TARGET_AVX2 __attribute__((target("arch=x86-64-v3")))
#endif

/*
 * Defines `name_for(isa)`, returning a task `void (void* context, int item)` that runs
 * `name_body(context, item)` (an always-inline function) compiled for that path.
 */
#ifdef LRLAB_ISA_DISPATCH
#define LRLAB_ISA_TASKS(name)                                                                   \
  LRLAB_TARGET_AVX512 static void name##_avx512(void* context, int item) { name##_body(context, item); } \
  LRLAB_TARGET_AVX2 static void name##_avx2(void* context, int item) { name##_body(context, item); }     \
  static void name##_generic(void* context, int item) { name##_body(context, item); }                  \
  static lrlab_task name##_for(lrlab_isa isa) {                                                 \
    return isa == LRLAB_ISA_AVX512 ? name##_avx512 : isa == LRLAB_ISA_AVX2 ? name##_avx2 : name##_generic; \
  }
#else
#define LRLAB_ISA_TASKS(name)                                                                   \
  static void name##_generic(void* context, int item) { name##_body(context, item); }           \
  static lrlab_task name##_for(lrlab_isa isa) {                                                 \
    (void)isa;                                                                                  \
    return name##_generic;                                                                      \
  }
#endif

#endif
