/*
 * The process heap, kept: a training step frees and reallocates the same large arrays every step.
 * By default glibc serves blocks above its mmap threshold with fresh mmap()s and gives them back
 * with munmap() (and trims the heap top), so every step pays page faults on memory it just freed.
 * keepHeap() raises the mmap threshold to 32 MiB and the trim threshold to 2 GiB, so freed blocks
 * stay in the heap and are reused: the effect of GLIBC_TUNABLES=glibc.malloc.mmap_threshold=…,
 * set from inside the process (it applies to later allocations). Values are untouched; only where
 * memory comes from changes. Elsewhere than glibc it does nothing and returns false.
 *
 *   keepHeap() → boolean (whether the settings were applied)
 */
#include <limits.h>

#include "args.h"
#include "lrlab.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

static napi_value keep_heap(napi_env env, napi_callback_info info) {
  (void)info;
  bool applied = false;
#if defined(__GLIBC__)
  applied = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
#endif
  napi_value result;
  CHECK(napi_get_boolean(env, applied, &result));
  return result;
}

napi_value register_heap(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"keepHeap", NULL, keep_heap, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
