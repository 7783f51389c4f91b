/*
 * Argument helpers shared by the addon's functions: each reads one JavaScript argument, and on a
 * bad value throws a TypeError or RangeError naming it and returns false.
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
