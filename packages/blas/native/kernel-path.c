/*
 * What the addon's results depend on besides its inputs (its kernel path), and the switch between
 * its SIMD paths:
 *
 *   kernelPath() → { isa, openblas, openblasCoreType, openblasConfig, onednn? }
 *   isaSupported(name) → boolean;  setIsa(name) (throws a RangeError for an unknown or unsupported path)
 *
 * `isa` is the direct convolutions' path (isa.c); `openblas` the library's version and
 * `openblasCoreType` the kernels it chose at load (OPENBLAS_CORETYPE forces them, read only when the
 * library loads); `onednn` oneDNN's version and instruction set where the convolutions run on it
 * (onednn.c). The thread count is not part of it: every thread count gives the same bits.
 */
#include <string.h>

#include "args.h"
#include "lrlab.h"

extern char* openblas_get_config(void);
extern char* openblas_get_corename(void);

static bool set_string(napi_env env, napi_value object, const char* key, const char* value, size_t length) {
  napi_value text;
  return napi_create_string_utf8(env, value, length, &text) == napi_ok && napi_set_named_property(env, object, key, text) == napi_ok;
}

static napi_value kernel_path(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(napi_create_object(env, &result));
  const char* isa = lrlab_isa_name(lrlab_isa_current());
  const char* config = openblas_get_config();
  const char* core = openblas_get_corename();
  /* The config starts "OpenBLAS 0.3.21 DYNAMIC_ARCH …": the version is its second word. */
  const char* version = strchr(config, ' ');
  version = version == NULL ? "unknown" : version + 1;
  const char* version_end = strchr(version, ' ');
  if (!set_string(env, result, "isa", isa, NAPI_AUTO_LENGTH) ||
      !set_string(env, result, "openblas", version, version_end == NULL ? strlen(version) : (size_t)(version_end - version)) ||
      !set_string(env, result, "openblasCoreType", core, NAPI_AUTO_LENGTH) ||
      !set_string(env, result, "openblasConfig", config, NAPI_AUTO_LENGTH) ||
      (lrlab_onednn_description() != NULL && !set_string(env, result, "onednn", lrlab_onednn_description(), NAPI_AUTO_LENGTH))) {
    napi_throw_error(env, NULL, "kernelPath: N-API call failed");
    return NULL;
  }
  return result;
}

/* Reads the one argument of `fn`, a path name, into *isa; false after throwing. */
static bool get_isa(napi_env env, napi_callback_info info, const char* fn, lrlab_isa* isa) {
  static const char* const params = "avx512, avx2 or generic";
  napi_value argv[1];
  char name[16];
  size_t length = 0;
  if (!get_args(env, info, 1, argv, fn, params)) return false;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &length) != napi_ok) {
    throw_usage(env, fn, 1, params);
    return false;
  }
  for (int i = 0; i < LRLAB_ISA_COUNT; i++) {
    if (strcmp(name, lrlab_isa_name((lrlab_isa)i)) == 0) {
      *isa = (lrlab_isa)i;
      return true;
    }
  }
  napi_throw_range_error(env, NULL, "unknown SIMD path: expected avx512, avx2 or generic");
  return false;
}

static napi_value isa_supported(napi_env env, napi_callback_info info) {
  lrlab_isa isa;
  if (!get_isa(env, info, "isaSupported", &isa)) return NULL;
  napi_value result;
  CHECK(napi_get_boolean(env, lrlab_isa_supported(isa), &result));
  return result;
}

static napi_value set_isa(napi_env env, napi_callback_info info) {
  lrlab_isa isa;
  if (!get_isa(env, info, "setIsa", &isa)) return NULL;
  if (!lrlab_isa_set(isa)) napi_throw_range_error(env, NULL, "this CPU (or this build of the addon) cannot run that SIMD path");
  return NULL;
}

napi_value register_kernel_path(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"kernelPath", NULL, kernel_path, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isaSupported", NULL, isa_supported, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setIsa", NULL, set_isa, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
