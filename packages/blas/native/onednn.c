/*
 * Convolutions on oneDNN 2.x (Debian's libdnnl-dev, OpenMP), where the addon was built with it
 * (binding.gyp defines LRLAB_ONEDNN when <oneapi/dnnl/dnnl.h> is there; 3.x's API differs, so only
 * a 2.x header enables it). tfjs keeps tensors in NHWC with HWIO filters, where oneDNN 2.6 falls
 * back to im2col + GEMM, slower than the direct kernels; on the blocked layouts it picks itself its
 * JIT kernels are 2–3× faster than them, reorders included (docs/results/backends.md). So each call
 * reorders its inputs into oneDNN's layouts, runs, and reorders the result back.
 *
 * Used for the forward pass and the input gradient (one backward-data primitive for every
 * stride): each output value is computed by one thread in a fixed order, so the
 * bits do not depend on the thread count (tested with 1, 2 and 3 threads on every path). Not for
 * the filter gradient: oneDNN splits its reduction over the batch by thread, so its bits depended
 * on the thread count; the direct kernels and GEMMs keep it.
 *
 * oneDNN's instruction set is capped at lrlab's SIMD path when first used (avx512 → avx512_core,
 * avx2 → avx2) and oneDNN is not used on the generic path or after setIsa() moved lrlab's path away
 * from the cap, nor when LRLAB_ONEDNN=0. Its OpenMP threads follow the addon's thread count and
 * flush subnormals as the addon's own threads do.
 */
#include "lrlab.h"

#include <stdlib.h>
#include <string.h>

#if defined(LRLAB_ONEDNN)
#include <oneapi/dnnl/dnnl.h>
#if DNNL_VERSION_MAJOR == 2
#define ONEDNN 1
#endif
#endif

#ifdef ONEDNN
#include <omp.h>
#include <stdio.h>

/* Primitives cached per geometry, pass and thread count (creating one takes about a millisecond). */
#define CACHE 48

typedef struct {
  bool used;
  int pass, threads;
  lrlab_conv_geometry g;
  dnnl_primitive_t conv;
  /* Per argument (two inputs, then the output): the plain and chosen layouts, and the reorder between them (NULL when equal). */
  dnnl_memory_desc_t plain[3], chosen[3];
  dnnl_primitive_t reorder[3];
} entry;

static entry cache[CACHE];
static int next_slot;
static dnnl_engine_t engine;
static dnnl_stream_t stream;
/* 0 not yet tried, 1 ready, -1 off (disabled, generic path, or oneDNN failed to start). */
static int state;
static lrlab_isa pinned;
static char description[64];

static bool start(void) {
  if (state != 0) return state == 1;
  state = -1;
  const char* env = getenv("LRLAB_ONEDNN");
  if (env != NULL && strcmp(env, "0") == 0) return false;
  pinned = lrlab_isa_current();
  if (pinned == LRLAB_ISA_GENERIC) return false;
  if (dnnl_set_max_cpu_isa(pinned == LRLAB_ISA_AVX512 ? dnnl_cpu_isa_avx512_core : dnnl_cpu_isa_avx2) != dnnl_success) return false;
  if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) return false;
  if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success) return false;
  const dnnl_version_t* v = dnnl_version();
  snprintf(description, sizeof description, "%d.%d.%d %s", v->major, v->minor, v->patch, pinned == LRLAB_ISA_AVX512 ? "avx512_core" : "avx2");
  state = 1;
  return true;
}

static bool usable(void) { return start() && lrlab_isa_current() == pinned; }

static bool same_geometry(const lrlab_conv_geometry* a, const lrlab_conv_geometry* b) {
  return a->batch == b->batch && a->in_h == b->in_h && a->in_w == b->in_w && a->in_c == b->in_c && a->out_h == b->out_h && a->out_w == b->out_w &&
         a->f_h == b->f_h && a->f_w == b->f_w && a->stride_h == b->stride_h && a->stride_w == b->stride_w && a->pad_top == b->pad_top &&
         a->pad_left == b->pad_left && a->out_c == b->out_c;
}

static void release(entry* e) {
  if (!e->used) return;
  dnnl_primitive_destroy(e->conv);
  for (int i = 0; i < 3; i++)
    if (e->reorder[i] != NULL) dnnl_primitive_destroy(e->reorder[i]);
  memset(e, 0, sizeof *e);
}

/* A reorder primitive from one layout to another; NULL when they are equal or on failure (*ok false). */
static dnnl_primitive_t reorder_between(const dnnl_memory_desc_t* from, const dnnl_memory_desc_t* to, bool* ok) {
  if (dnnl_memory_desc_equal(from, to)) return NULL;
  dnnl_primitive_desc_t pd;
  dnnl_primitive_t p = NULL;
  if (dnnl_reorder_primitive_desc_create(&pd, from, engine, to, engine, NULL) != dnnl_success) {
    *ok = false;
    return NULL;
  }
  if (dnnl_primitive_create(&p, pd) != dnnl_success) *ok = false;
  dnnl_primitive_desc_destroy(pd);
  return p;
}

/* pass 0: y = conv(x, filter); pass 1: dx = the input gradient for dy. Builds the cache entry. */
static entry* prepare(int pass, const lrlab_conv_geometry* g, int threads) {
  for (int i = 0; i < CACHE; i++)
    if (cache[i].used && cache[i].pass == pass && cache[i].threads == threads && same_geometry(&cache[i].g, g)) return &cache[i];
  entry* e = &cache[next_slot];
  next_slot = (next_slot + 1) % CACHE;
  release(e);
  dnnl_dims_t src = {g->batch, g->in_c, g->in_h, g->in_w}, wei = {g->out_c, g->in_c, g->f_h, g->f_w}, dst = {g->batch, g->out_c, g->out_h, g->out_w};
  dnnl_dims_t strides = {g->stride_h, g->stride_w}, pad_l = {g->pad_top, g->pad_left};
  dnnl_dims_t pad_r = {(g->out_h - 1) * g->stride_h + g->f_h - g->in_h - g->pad_top, (g->out_w - 1) * g->stride_w + g->f_w - g->in_w - g->pad_left};
  if (pad_r[0] < 0) pad_r[0] = 0;
  if (pad_r[1] < 0) pad_r[1] = 0;
  dnnl_memory_desc_t plain_src, plain_wei, plain_dst, any_src, any_wei, any_dst;
  if (dnnl_memory_desc_init_by_tag(&plain_src, 4, src, dnnl_f32, dnnl_nhwc) != dnnl_success ||
      dnnl_memory_desc_init_by_tag(&plain_wei, 4, wei, dnnl_f32, dnnl_hwio) != dnnl_success ||
      dnnl_memory_desc_init_by_tag(&plain_dst, 4, dst, dnnl_f32, dnnl_nhwc) != dnnl_success ||
      dnnl_memory_desc_init_by_tag(&any_src, 4, src, dnnl_f32, dnnl_format_tag_any) != dnnl_success ||
      dnnl_memory_desc_init_by_tag(&any_wei, 4, wei, dnnl_f32, dnnl_format_tag_any) != dnnl_success ||
      dnnl_memory_desc_init_by_tag(&any_dst, 4, dst, dnnl_f32, dnnl_format_tag_any) != dnnl_success)
    return NULL;
  /* Primitives take their thread count when they are created. */
  omp_set_num_threads(threads);
  dnnl_convolution_desc_t fwd_d, bwd_d;
  dnnl_primitive_desc_t fwd_pd = NULL, pd = NULL;
  bool ok = dnnl_convolution_forward_desc_init(&fwd_d, dnnl_forward_training, dnnl_convolution_direct, &any_src, &any_wei, NULL, &any_dst, strides, pad_l, pad_r) == dnnl_success &&
            dnnl_primitive_desc_create(&fwd_pd, &fwd_d, NULL, engine, NULL) == dnnl_success;
  if (ok && pass == 1) {
    ok = dnnl_convolution_backward_data_desc_init(&bwd_d, dnnl_convolution_direct, &any_src, &any_wei, &any_dst, strides, pad_l, pad_r) == dnnl_success &&
         dnnl_primitive_desc_create(&pd, &bwd_d, NULL, engine, fwd_pd) == dnnl_success;
  } else if (ok) {
    pd = fwd_pd;
  }
  if (!ok) {
    if (fwd_pd != NULL) dnnl_primitive_desc_destroy(fwd_pd);
    return NULL;
  }
  const dnnl_query_t queries[2][3] = {{dnnl_query_src_md, dnnl_query_weights_md, dnnl_query_dst_md}, {dnnl_query_diff_dst_md, dnnl_query_weights_md, dnnl_query_diff_src_md}};
  const dnnl_memory_desc_t* plains[2][3] = {{&plain_src, &plain_wei, &plain_dst}, {&plain_dst, &plain_wei, &plain_src}};
  e->used = true;
  e->pass = pass;
  e->threads = threads;
  e->g = *g;
  for (int i = 0; i < 3; i++) {
    e->plain[i] = *plains[pass][i];
    e->chosen[i] = *dnnl_primitive_desc_query_md(pd, queries[pass][i], 0);
    e->reorder[i] = i < 2 ? reorder_between(&e->plain[i], &e->chosen[i], &ok) : reorder_between(&e->chosen[i], &e->plain[i], &ok);
  }
  ok = ok && dnnl_primitive_create(&e->conv, pd) == dnnl_success;
  if (pd != fwd_pd) dnnl_primitive_desc_destroy(pd);
  dnnl_primitive_desc_destroy(fwd_pd);
  if (!ok) {
    release(e);
    return NULL;
  }
  return e;
}

static bool run(dnnl_primitive_t p, int nargs, const dnnl_exec_arg_t* args) {
  return dnnl_primitive_execute(p, stream, nargs, args) == dnnl_success && dnnl_stream_wait(stream) == dnnl_success;
}

static bool execute(entry* e, const float* a, const float* b, float* out) {
  static const int ids[2][3] = {{DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}};
  const float* plain_data[3] = {a, b, out};
  dnnl_memory_t plain[3] = {NULL, NULL, NULL}, chosen[3] = {NULL, NULL, NULL};
  void* buffers[3] = {NULL, NULL, NULL};
  bool ok = true;
  for (int i = 0; i < 3 && ok; i++) {
    ok = dnnl_memory_create(&plain[i], &e->plain[i], engine, (void*)plain_data[i]) == dnnl_success;
    if (ok && e->reorder[i] != NULL) {
      buffers[i] = malloc(dnnl_memory_desc_get_size(&e->chosen[i]));
      ok = buffers[i] != NULL && dnnl_memory_create(&chosen[i], &e->chosen[i], engine, buffers[i]) == dnnl_success;
    }
  }
  dnnl_memory_t used[3];
  for (int i = 0; i < 3; i++) used[i] = chosen[i] != NULL ? chosen[i] : plain[i];
  for (int i = 0; i < 2 && ok; i++) {
    if (e->reorder[i] == NULL) continue;
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, plain[i]}, {DNNL_ARG_TO, chosen[i]}};
    ok = run(e->reorder[i], 2, args);
  }
  if (ok) {
    dnnl_exec_arg_t args[3] = {{ids[e->pass][0], used[0]}, {ids[e->pass][1], used[1]}, {ids[e->pass][2], used[2]}};
    ok = run(e->conv, 3, args);
  }
  if (ok && e->reorder[2] != NULL) {
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, chosen[2]}, {DNNL_ARG_TO, plain[2]}};
    ok = run(e->reorder[2], 2, args);
  }
  for (int i = 0; i < 3; i++) {
    if (plain[i] != NULL) dnnl_memory_destroy(plain[i]);
    if (chosen[i] != NULL) dnnl_memory_destroy(chosen[i]);
    free(buffers[i]);
  }
  return ok;
}

static bool convolve(int pass, const lrlab_conv_geometry* g, const float* a, const float* b, float* out) {
  if (!usable()) return false;
  const int threads = lrlab_threads();
  entry* e = prepare(pass, g, threads);
  if (e == NULL) return false;
  omp_set_num_threads(threads);
  /*
   * oneDNN's threads flush subnormals as the addon's do: each OpenMP worker keeps its MXCSR, so set
   * it in every worker; the calling thread (JavaScript's, OpenMP's thread 0) only for this call.
   */
#pragma omp parallel num_threads(threads)
  if (omp_get_thread_num() != 0) lrlab_flush_set(true);
  unsigned int saved = lrlab_flush_set(true);
  bool ok = execute(e, a, b, out);
  lrlab_flush_end(saved);
  return ok;
}

bool lrlab_onednn_conv(const lrlab_conv_geometry* g, const float* x, const float* filter, float* y) { return convolve(0, g, x, filter, y); }

bool lrlab_onednn_conv_input_grad(const lrlab_conv_geometry* g, const float* dy, const float* filter, float* dx) { return convolve(1, g, dy, filter, dx); }

const char* lrlab_onednn_description(void) { return usable() ? description : NULL; }

#else

bool lrlab_onednn_conv(const lrlab_conv_geometry* g, const float* x, const float* filter, float* y) {
  (void)g, (void)x, (void)filter, (void)y;
  return false;
}

bool lrlab_onednn_conv_input_grad(const lrlab_conv_geometry* g, const float* dy, const float* filter, float* dx) {
  (void)g, (void)dy, (void)filter, (void)dx;
  return false;
}

const char* lrlab_onednn_description(void) { return NULL; }

#endif
