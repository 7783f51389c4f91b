/*
 * Argument helpers shared by the addon's exported functions. get_args is every function's
 * prologue: it fetches exactly the arguments the function takes. The others each read one
 * JavaScript argument (get_f32s several Float32Arrays). On a bad call or value each throws a
 * TypeError or RangeError naming the function or the argument and returns false.
 */
#ifndef LRLAB_ARGS_H
#define LRLAB_ARGS_H

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CHECK(call)                                              \
  do {                                                           \
    if ((call) != napi_ok) {                                     \
      napi_throw_error(env, NULL, "N-API call failed: " #call);  \
      return NULL;                                               \
    }                                                            \
  } while (0)

/* Throws the TypeError of a call with the wrong number of arguments: "fn takes N arguments: params". */
static inline void throw_usage(napi_env env, const char* fn, size_t expected, const char* params) {
  char message[192];
  if (expected == 1)
    snprintf(message, sizeof message, "%s takes one argument: %s", fn, params);
  else
    snprintf(message, sizeof message, "%s takes %zu arguments: %s", fn, expected, params);
  napi_throw_type_error(env, NULL, message);
}

/*
 * Fetches the `expected` arguments of a call to the exported function `fn` into argv (room for
 * `expected` values); with any other number, throws throw_usage's TypeError (params names them).
 */
static inline bool get_args(napi_env env, napi_callback_info info, size_t expected, napi_value* argv, const char* fn, const char* params) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, NULL, "N-API call failed: napi_get_cb_info");
    return false;
  }
  if (argc != expected) {
    throw_usage(env, fn, expected, params);
    return false;
  }
  return true;
}

static inline bool get_f32(napi_env env, napi_value value, float** data, size_t* length, const char* name) {
  bool is_typed = false;
  napi_typedarray_type type;
  void* raw = NULL;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok ||
      type != napi_float32_array) {
    char message[64];
    snprintf(message, sizeof message, "%s must be a Float32Array", name);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  *data = (float*)raw;
  return true;
}

/* Reads argv[0 .. count) as Float32Arrays named names[i] into arrays[i] and lengths[i]. */
static inline bool get_f32s(napi_env env, const napi_value* argv, size_t count, const char* const* names, float** arrays, size_t* lengths) {
  for (size_t i = 0; i < count; i++) {
    if (!get_f32(env, argv[i], &arrays[i], &lengths[i], names[i])) return false;
  }
  return true;
}

static inline bool get_int(napi_env env, napi_value value, int* out, int min, const char* name) {
  int32_t v = 0;
  if (napi_get_value_int32(env, value, &v) != napi_ok || v < min) {
    char message[64];
    snprintf(message, sizeof message, "%s must be an integer >= %d", name, min);
    napi_throw_range_error(env, NULL, message);
    return false;
  }
  *out = v;
  return true;
}

/* Copies an Int32Array of min_length to max_length values into out; its length goes to length. */
static inline bool get_int32s(napi_env env, napi_value value, int32_t* out, size_t min_length, size_t max_length, size_t* length, const char* name) {
  bool is_typed = false;
  napi_typedarray_type type;
  void* raw = NULL;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok || type != napi_int32_array || *length < min_length ||
      *length > max_length) {
    char message[96];
    if (min_length == max_length)
      snprintf(message, sizeof message, "%s must be an Int32Array of %zu values", name, min_length);
    else
      snprintf(message, sizeof message, "%s must be an Int32Array of %zu to %zu values", name, min_length, max_length);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  for (size_t i = 0; i < *length; i++) out[i] = ((const int32_t*)raw)[i];
  return true;
}

#endif
