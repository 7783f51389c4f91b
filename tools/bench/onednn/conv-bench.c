/*
 * oneDNN 2.6 (Debian's libdnnl-dev) against @lrlab/blas's direct convolutions, layer by layer, for
 * the 3×3 convolutions of a WideResNet-16-1 training step (issue 21's first question: does oneDNN
 * beat the hand-written kernels, and do its bits depend on the thread count?).
 *
 * For each layer: the forward pass, the input gradient and the filter gradient on oneDNN, once
 * plain NHWC activations and HWIO filters (tfjs's layouts, so no reorder), at 1 and 2 OpenMP
 * threads; the forward pass and filter gradient of lrlab's direct kernels at 1 and 2 pool threads
 * where they apply; medians of REPS runs after a warm-up; the largest difference between the two
 * libraries' forward outputs; whether oneDNN's outputs are the same bits at 1 and 2 threads.
 *
 * Build and run: tools/bench/onednn/run.sh (links the addon's C files, not the addon).
 */
#include <math.h>
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../../packages/blas/native/lrlab.h"

#define REPS 9
#define CHECK(call)                                                              \
  do {                                                                           \
    dnnl_status_t s_ = (call);                                                   \
    if (s_ != dnnl_success) {                                                    \
      fprintf(stderr, "%s:%d: %s failed (%d)\n", __FILE__, __LINE__, #call, s_); \
      exit(1);                                                                   \
    }                                                                            \
  } while (0)

typedef struct {
  const char* name;
  int n, h, w, c, oc, stride;
} layer;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_doubles(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static double median(double* v, int n) {
  qsort(v, n, sizeof(double), compare_doubles);
  return v[n / 2];
}

static float* filled(size_t n, unsigned seed) {
  float* v = malloc(n * sizeof(float));
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    v[i] = ((seed >> 8) / 16777216.0f) - 0.5f;
  }
  return v;
}

static dnnl_engine_t engine;
static dnnl_stream_t stream;

static dnnl_memory_t wrap(const dnnl_memory_desc_t* md, void* data) {
  dnnl_memory_t m;
  CHECK(dnnl_memory_create(&m, md, engine, data));
  return m;
}

/* Runs a primitive once to warm up, then REPS times; the median in ms. */
static double timed(dnnl_primitive_t p, int nargs, const dnnl_exec_arg_t* args) {
  double times[REPS];
  CHECK(dnnl_primitive_execute(p, stream, nargs, args));
  CHECK(dnnl_stream_wait(stream));
  for (int r = 0; r < REPS; r++) {
    double t = now_ms();
    CHECK(dnnl_primitive_execute(p, stream, nargs, args));
    CHECK(dnnl_stream_wait(stream));
    times[r] = now_ms() - t;
  }
  return median(times, REPS);
}

/* A reorder between a plain layout and the one a primitive chose, timed. */
static double reorder_ms(const dnnl_memory_desc_t* from_md, void* from, const dnnl_memory_desc_t* to_md, void* to) {
  dnnl_primitive_desc_t pd;
  CHECK(dnnl_reorder_primitive_desc_create(&pd, from_md, engine, to_md, engine, NULL));
  dnnl_primitive_t p;
  CHECK(dnnl_primitive_create(&p, pd));
  dnnl_memory_t a = wrap(from_md, from), b = wrap(to_md, to);
  dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, a}, {DNNL_ARG_TO, b}};
  double ms = timed(p, 2, args);
  dnnl_primitive_destroy(p);
  dnnl_primitive_desc_destroy(pd);
  dnnl_memory_destroy(a);
  dnnl_memory_destroy(b);
  return ms;
}

/* One pass's result: its implementation, the primitive's time, and the reorders' time. */
typedef struct {
  const char* impl;
  double ms, reorder_ms;
} timing;

/* A convolution's plain layouts (tfjs's: NHWC activations, HWIO filters) and geometry. */
typedef struct {
  dnnl_memory_desc_t src, wei, dst;
  dnnl_dims_t strides, pad_l, pad_r;
} conv_shape;

/*
 * Times pass p (0 forward, 1 input grad, 2 filter grad) at `threads` OpenMP threads. plain: tfjs's
 * layouts. Otherwise oneDNN picks its layouts (format any), and the reorders from and to tfjs's
 * layouts are timed apart. The result lands in `out`, in the plain layout.
 */
static timing time_pass(int p, int threads, bool plain, const conv_shape* c, float* x, float* w, float* dy, float* out) {
  omp_set_num_threads(threads);
  dnnl_memory_desc_t src_md = c->src, wei_md = c->wei, dst_md = c->dst;
  if (!plain) {
    CHECK(dnnl_memory_desc_init_by_tag(&src_md, 4, c->src.dims, dnnl_f32, dnnl_format_tag_any));
    CHECK(dnnl_memory_desc_init_by_tag(&wei_md, 4, c->wei.dims, dnnl_f32, dnnl_format_tag_any));
    CHECK(dnnl_memory_desc_init_by_tag(&dst_md, 4, c->dst.dims, dnnl_f32, dnnl_format_tag_any));
  }
  dnnl_convolution_desc_t fwd_d, d;
  CHECK(dnnl_convolution_forward_desc_init(&fwd_d, dnnl_forward_training, dnnl_convolution_direct, &src_md, &wei_md, NULL, &dst_md, c->strides, c->pad_l, c->pad_r));
  dnnl_primitive_desc_t fwd_pd, pd;
  CHECK(dnnl_primitive_desc_create(&fwd_pd, &fwd_d, NULL, engine, NULL));
  if (p == 0) {
    pd = fwd_pd;
  } else {
    if (p == 1) CHECK(dnnl_convolution_backward_data_desc_init(&d, dnnl_convolution_direct, &src_md, &wei_md, &dst_md, c->strides, c->pad_l, c->pad_r));
    else CHECK(dnnl_convolution_backward_weights_desc_init(&d, dnnl_convolution_direct, &src_md, &wei_md, NULL, &dst_md, c->strides, c->pad_l, c->pad_r));
    CHECK(dnnl_primitive_desc_create(&pd, &d, NULL, engine, fwd_pd));
  }
  timing result = {NULL, 0, 0};
  CHECK(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &result.impl));
  /* The three arguments of each pass: two inputs, then the output. */
  const dnnl_query_t q[3][3] = {{dnnl_query_src_md, dnnl_query_weights_md, dnnl_query_dst_md},
                                {dnnl_query_diff_dst_md, dnnl_query_weights_md, dnnl_query_diff_src_md},
                                {dnnl_query_src_md, dnnl_query_diff_dst_md, dnnl_query_diff_weights_md}};
  const int ids[3][3] = {{DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}, {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS}};
  const dnnl_memory_desc_t* plains[3][3] = {{&c->src, &c->wei, &c->dst}, {&c->dst, &c->wei, &c->src}, {&c->src, &c->dst, &c->wei}};
  float* datas[3][3] = {{x, w, out}, {dy, w, out}, {x, dy, out}};
  dnnl_exec_arg_t args[3];
  dnnl_memory_t mems[3];
  void* buffers[3] = {NULL, NULL, NULL};
  for (int i = 0; i < 3; i++) {
    const dnnl_memory_desc_t* chosen = dnnl_primitive_desc_query_md(pd, q[p][i], 0);
    if (dnnl_memory_desc_equal(chosen, plains[p][i])) {
      mems[i] = wrap(chosen, datas[p][i]);
    } else {
      buffers[i] = malloc(dnnl_memory_desc_get_size(chosen));
      mems[i] = wrap(chosen, buffers[i]);
      if (i < 2) result.reorder_ms += reorder_ms(plains[p][i], datas[p][i], chosen, buffers[i]);
    }
    args[i] = (dnnl_exec_arg_t){ids[p][i], mems[i]};
  }
  dnnl_primitive_t prim;
  CHECK(dnnl_primitive_create(&prim, pd));
  result.ms = timed(prim, 3, args);
  if (buffers[2]) result.reorder_ms += reorder_ms(dnnl_primitive_desc_query_md(pd, q[p][2], 0), buffers[2], plains[p][2], out);
  dnnl_primitive_destroy(prim);
  if (pd != fwd_pd) dnnl_primitive_desc_destroy(pd);
  dnnl_primitive_desc_destroy(fwd_pd);
  for (int i = 0; i < 3; i++) {
    dnnl_memory_destroy(mems[i]);
    free(buffers[i]);
  }
  return result;
}

typedef void (*lrlab_pass)(const lrlab_conv_geometry*, const float*, const float*, float*);

static double lrlab_ms(lrlab_pass fn, const lrlab_conv_geometry* g, const float* a, const float* b, float* out, int threads) {
  lrlab_set_threads(threads);
  double times[REPS];
  fn(g, a, b, out);
  for (int r = 0; r < REPS; r++) {
    double t = now_ms();
    fn(g, a, b, out);
    times[r] = now_ms() - t;
  }
  return median(times, REPS);
}

static void filter_grad(const lrlab_conv_geometry* g, const float* x, const float* dy, float* dw) { lrlab_direct_conv_filter_grad(g, x, dy, dw); }

int main(void) {
  const layer layers[] = {
      {"stem 3->16 32x32", 128, 32, 32, 3, 16, 1},  {"16->16 32x32", 128, 32, 32, 16, 16, 1}, {"16->32 s2 32x32", 128, 32, 32, 16, 32, 2},
      {"32->32 16x16", 128, 16, 16, 32, 32, 1},     {"32->64 s2 16x16", 128, 16, 16, 32, 64, 2}, {"64->64 8x8", 128, 8, 8, 64, 64, 1},
  };
  CHECK(dnnl_engine_create(&engine, dnnl_cpu, 0));
  CHECK(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags));
  printf("oneDNN %d.%d.%d; lrlab direct kernels on isa %s; medians of %d runs\n\n", dnnl_version()->major, dnnl_version()->minor, dnnl_version()->patch, lrlab_isa_name(lrlab_isa_current()), REPS);
  printf("| layer (batch 128) | pass | lrlab 1 / 2 thr (ms) | oneDNN, NHWC: impl | 1 / 2 thr (ms) | same bits | oneDNN, its layouts: impl | 1 / 2 thr (ms) | reorders, 2 thr (ms) | same bits |\n");
  printf("| --- | --- | ---: | --- | ---: | --- | --- | ---: | ---: | --- |\n");
  for (size_t li = 0; li < sizeof(layers) / sizeof(layers[0]); li++) {
    const layer* L = &layers[li];
    int oh = (L->h + L->stride - 1) / L->stride, ow = (L->w + L->stride - 1) / L->stride;
    /* 'same' padding as tfjs: total = max((out-1)*stride + 3 - in, 0), the smaller half first. */
    int pad_h = (oh - 1) * L->stride + 3 - L->h, pad_w = (ow - 1) * L->stride + 3 - L->w;
    if (pad_h < 0) pad_h = 0;
    if (pad_w < 0) pad_w = 0;
    conv_shape c = {.strides = {L->stride, L->stride}, .pad_l = {pad_h / 2, pad_w / 2}, .pad_r = {pad_h - pad_h / 2, pad_w - pad_w / 2}};
    dnnl_dims_t src_dims = {L->n, L->c, L->h, L->w}, wei_dims = {L->oc, L->c, 3, 3}, dst_dims = {L->n, L->oc, oh, ow};
    CHECK(dnnl_memory_desc_init_by_tag(&c.src, 4, src_dims, dnnl_f32, dnnl_nhwc));
    CHECK(dnnl_memory_desc_init_by_tag(&c.wei, 4, wei_dims, dnnl_f32, dnnl_hwio));
    CHECK(dnnl_memory_desc_init_by_tag(&c.dst, 4, dst_dims, dnnl_f32, dnnl_nhwc));
    size_t src_n = (size_t)L->n * L->h * L->w * L->c, wei_n = 9u * L->c * L->oc, dst_n = (size_t)L->n * oh * ow * L->oc;
    float *x = filled(src_n, 1), *w = filled(wei_n, 2), *dy = filled(dst_n, 3);
    size_t largest = src_n > dst_n ? src_n : dst_n;
    float *a = malloc(largest * 4), *b = malloc(largest * 4), *lrlab_out = malloc(largest * 4);
    lrlab_conv_geometry g = {L->n, L->h, L->w, L->c, oh, ow, 3, 3, L->stride, L->stride, pad_h / 2, pad_w / 2, L->oc, (size_t)L->n * oh * ow, 9u * L->c};
    bool fits = lrlab_direct_conv_fits(&g);
    const char* passes[3] = {"forward", "input grad", "filter grad"};
    for (int p = 0; p < 3; p++) {
      size_t out_n = p == 0 ? dst_n : p == 1 ? src_n : wei_n;
      char lrlab[48] = "–";
      if (fits && p != 1) {
        lrlab_pass fn = p == 0 ? lrlab_direct_conv : filter_grad;
        double one = lrlab_ms(fn, &g, x, p == 0 ? w : dy, lrlab_out, 1);
        double two = lrlab_ms(fn, &g, x, p == 0 ? w : dy, lrlab_out, 2);
        snprintf(lrlab, sizeof lrlab, "%.2f / %.2f", one, two);
      }
      char cells[2][192];
      for (int plain = 1; plain >= 0; plain--) {
        timing one = time_pass(p, 1, plain, &c, x, w, dy, a);
        timing two = time_pass(p, 2, plain, &c, x, w, dy, b);
        bool same = memcmp(a, b, out_n * 4) == 0;
        if (plain) snprintf(cells[0], sizeof cells[0], "%s | %.2f / %.2f | %s", one.impl, one.ms, two.ms, same ? "yes" : "no");
        else snprintf(cells[1], sizeof cells[1], "%s | %.2f / %.2f | %.2f | %s", one.impl, one.ms, two.ms, two.reorder_ms, same ? "yes" : "no");
      }
      printf("| %s | %s | %s | %s | %s |\n", L->name, passes[p], lrlab, cells[0], cells[1]);
    }
    free(x), free(w), free(dy), free(a), free(b), free(lrlab_out);
  }
  return 0;
}
