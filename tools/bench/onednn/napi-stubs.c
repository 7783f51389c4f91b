/*
 * The Node-API functions blas.c's JavaScript binding refers to, for conv-bench.c, which links
 * blas.c for its matrix product only and never calls the binding: each aborts if ever called.
 */
#include <stdio.h>
#include <stdlib.h>

#define STUB(name)                                                           \
  void name(void);                                                           \
  void name(void) {                                                          \
    fprintf(stderr, "conv-bench: %s called outside Node\n", #name);          \
    abort();                                                                 \
  }

STUB(napi_create_int32)
STUB(napi_define_properties)
STUB(napi_get_cb_info)
STUB(napi_get_typedarray_info)
STUB(napi_get_value_bool)
STUB(napi_get_value_double)
STUB(napi_get_value_int32)
STUB(napi_is_typedarray)
STUB(napi_throw_error)
STUB(napi_throw_range_error)
STUB(napi_throw_type_error)
