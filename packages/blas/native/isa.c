/* The SIMD path of the hand-vectorised loops (lrlab.h). */
#include "lrlab.h"

#include <stdatomic.h>

static const char* const NAMES[LRLAB_ISA_COUNT] = {"generic", "avx2", "avx512"};

/* -1 until first asked: then the best supported path, or the one lrlab_isa_set chose. */
static atomic_int chosen = -1;

bool lrlab_isa_supported(lrlab_isa isa) {
  if (isa == LRLAB_ISA_GENERIC) return true;
#ifdef LRLAB_ISA_DISPATCH
  __builtin_cpu_init();
  if (isa == LRLAB_ISA_AVX512) return __builtin_cpu_supports("x86-64-v4");
  if (isa == LRLAB_ISA_AVX2) return __builtin_cpu_supports("x86-64-v3");
#endif
  return false;
}

lrlab_isa lrlab_isa_current(void) {
  int isa = atomic_load(&chosen);
  if (isa >= 0) return (lrlab_isa)isa;
  isa = LRLAB_ISA_GENERIC;
  for (int candidate = LRLAB_ISA_COUNT - 1; candidate > LRLAB_ISA_GENERIC; candidate--) {
    if (lrlab_isa_supported((lrlab_isa)candidate)) {
      isa = candidate;
      break;
    }
  }
  int unset = -1;
  atomic_compare_exchange_strong(&chosen, &unset, isa);
  return (lrlab_isa)atomic_load(&chosen);
}

bool lrlab_isa_set(lrlab_isa isa) {
  if ((int)isa < 0 || (int)isa >= LRLAB_ISA_COUNT || !lrlab_isa_supported(isa)) return false;
  atomic_store(&chosen, (int)isa);
  return true;
}

const char* lrlab_isa_name(lrlab_isa isa) { return (int)isa >= 0 && (int)isa < LRLAB_ISA_COUNT ? NAMES[isa] : "unknown"; }
