/*
 * Direct NHWC convolution for narrow layers: y[b, oh, ow, o] = Σ_{fh, fw, c} x[b, ih, iw, c] ·
 * filter[fh, fw, c, o], with ih = oh·sh − padTop + fh, iw = ow·sw − padLeft + fw and taps over
 * padding skipped. Output channels are taken 16 at a time as one vector register (AVX-512) or two
 * (AVX2), for up to 8 neighbouring output pixels at once, so each filter row loaded from L1 serves
 * 8 pixels and each input value loaded serves 16–64 channels. No im2col matrix is built.
 *
 * Why: a WRN-16-1's first stage has 16 channels, and as an im2col GEMM its [M, 144]·[144, 16]
 * product is skinny: building and packing the im2col rows costs more than the multiply-adds
 * (28 GFLOP/s on our 2 cores, against 140+ for wide layers).
 *
 * The filter gradient dW[fh, fw, c, o] = Σ_{b, oh, ow} x[b, ih, iw, c] · dy[b, oh, ow, o] is built
 * per group of examples (at most 32 groups; 16 input channels × 16–32 output channels of
 * accumulators, added over one output row at a time), then the groups' gradients are summed in order.
 *
 * Every output value is one sum in a fixed order (over (fh, fw, c); over examples, then rows and
 * columns), whatever the tiling and however many threads run, so results do not depend on the
 * thread count. Multiply-adds are fused (FMA) on the AVX2 and AVX-512 paths, as OpenBLAS's GEMM
 * kernels do, so results depend on the path (isa.c: chosen at load from the CPU, or forced).
 *
 * Measured on 2 cores, batch 32 (GEMM → direct): 32×32×16→16 forward 4.8 → 1.9 ms, input gradient
 * 4.3 → 1.5 ms, filter gradient 3.5 → 0.9 ms; 32×32×64→64 (WRN-16-4) 22 → 14–18 ms forward and
 * 23 → 13 ms filter gradient. On 8×8 maps the filter gradient was 10% slower than the GEMM, so
 * conv.c keeps the GEMM there.
 */
#if defined(__clang__)
#pragma clang fp contract(fast)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=fast")
#endif
#include <stdlib.h>
#include <string.h>

#include "lrlab.h"

/* Output pixels per tile. */
#define PIXELS 8
/* Lanes of the vector type: 16 floats (one AVX-512 register, two AVX ones). */
#define LANES 16

typedef float lanes __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float))));

bool lrlab_direct_conv_fits(const lrlab_conv_geometry* g) { return g->out_c % LANES == 0 && g->out_c <= 4 * LANES; }

/*
 * One tile: PIXELS (or `count` < PIXELS at a row's end) output pixels from column ow0 of output
 * row (b, oh), CHUNKS × 16 output channels from o0. `inside` promises that every tap of every
 * pixel of the tile is within the input's width.
 */
static inline __attribute__((always_inline)) void tile(const lrlab_conv_geometry* g, const float* x, const float* filter, float* y, int b,
                                                       int oh, int ow0, int count, int o0, int chunks, bool inside) {
  lanes acc[PIXELS][4];
  for (int p = 0; p < PIXELS; p++)
    for (int k = 0; k < chunks; k++) acc[p][k] = (lanes){0};
  const int ci = g->in_c, co = g->out_c;
  for (int fh = 0; fh < g->f_h; fh++) {
    const int ih = oh * g->stride_h - g->pad_top + fh;
    if (ih < 0 || ih >= g->in_h) continue;
    const float* row = x + ((size_t)b * g->in_h + ih) * g->in_w * ci;
    for (int fw = 0; fw < g->f_w; fw++) {
      const float* w = filter + ((size_t)(fh * g->f_w + fw) * ci) * co + o0;
      const int iw0 = ow0 * g->stride_w - g->pad_left + fw;
      if (inside && count == PIXELS) {
        const float* in = row + (size_t)iw0 * ci;
        const size_t step = (size_t)g->stride_w * ci;
        for (int c = 0; c < ci; c++, w += co) {
          lanes wk[4];
          for (int k = 0; k < chunks; k++) memcpy(&wk[k], w + k * LANES, sizeof(lanes));
          for (int p = 0; p < PIXELS; p++) {
            const float v = in[p * step + c];
            for (int k = 0; k < chunks; k++) acc[p][k] += v * wk[k];
          }
        }
      } else {
        for (int p = 0; p < count; p++) {
          const int iw = iw0 + p * g->stride_w;
          if (iw < 0 || iw >= g->in_w) continue;
          const float* in = row + (size_t)iw * ci;
          const float* wc = w;
          for (int c = 0; c < ci; c++, wc += co) {
            for (int k = 0; k < chunks; k++) {
              lanes wk;
              memcpy(&wk, wc + k * LANES, sizeof(lanes));
              acc[p][k] += in[c] * wk;
            }
          }
        }
      }
    }
  }
  float* out = y + (((size_t)b * g->out_h + oh) * g->out_w + ow0) * co + o0;
  for (int p = 0; p < count; p++)
    for (int k = 0; k < chunks; k++) memcpy(out + (size_t)p * co + k * LANES, &acc[p][k], sizeof(lanes));
}

/* Output columns [first, last) of this row whose taps all lie within the input's width. */
static void inner_columns(const lrlab_conv_geometry* g, int* first, int* last) {
  /* ow·sw − padLeft ≥ 0  and  ow·sw − padLeft + fW − 1 ≤ inW − 1 */
  int lo = (g->pad_left + g->stride_w - 1) / g->stride_w;
  int span = g->in_w - g->f_w + g->pad_left;
  int hi = span < 0 ? 0 : span / g->stride_w + 1;
  if (hi > g->out_w) hi = g->out_w;
  if (lo > hi) lo = hi;
  *first = lo;
  *last = hi;
}

typedef struct {
  const lrlab_conv_geometry* g;
  const float *x, *filter;
  float* y;
} forward_job;

/* One output row (b, oh) for all output channels, with `chunks` 16-channel chunks per tile. */
static inline __attribute__((always_inline)) void forward_row(const forward_job* job, int b, int oh, int chunks) {
  const lrlab_conv_geometry* g = job->g;
  int first, last;
  inner_columns(g, &first, &last);
  for (int o0 = 0; o0 < g->out_c; o0 += chunks * LANES) {
    for (int ow0 = 0; ow0 < g->out_w; ow0 += PIXELS) {
      const int count = g->out_w - ow0 < PIXELS ? g->out_w - ow0 : PIXELS;
      const bool inside = ow0 >= first && ow0 + count <= last;
      if (inside)
        tile(g, job->x, job->filter, job->y, b, oh, ow0, count, o0, chunks, true);
      else
        tile(g, job->x, job->filter, job->y, b, oh, ow0, count, o0, chunks, false);
    }
  }
}

/* Two 16-channel chunks per tile when the channels split evenly (32, 64), else one (16, 48). */
static bool paired(const lrlab_conv_geometry* g) { return (g->out_c / LANES) % 2 == 0; }

static inline __attribute__((always_inline)) void forward_rows_body(void* context, int item) {
  const forward_job* job = context;
  const int b = item / job->g->out_h, oh = item % job->g->out_h;
  if (paired(job->g))
    forward_row(job, b, oh, 2);
  else
    forward_row(job, b, oh, 1);
}

LRLAB_ISA_TASKS(forward_rows)

void lrlab_direct_conv(const lrlab_conv_geometry* g, const float* x, const float* filter, float* y) {
  const forward_job job = {g, x, filter, y};
  lrlab_parallel_for(g->batch * g->out_h, forward_rows_for(lrlab_isa_current()), (void*)&job, true);
}

/* Input channels per block of the filter gradient's accumulators (with 16 output channels). */
#define CHANNELS 16

/*
 * Groups of examples whose filter gradients are summed separately (in example order within a
 * group), then added in group order: at most this many K × co buffers, however large the batch,
 * and fewer when they would take more than GROUP_BYTES (a function of the shape alone, so results
 * still do not depend on the thread count).
 */
#define GROUPS 32
#define GROUP_BYTES (16u << 20)

typedef struct {
  const lrlab_conv_geometry* g;
  const float *x, *dy;
  float* partial; /* groups × K × co: each group's filter gradient */
  int groups, per_group;
} filter_job;

/*
 * Adds one output row's contribution to the filter gradient rows of tap (fh, fw) and input
 * channels [c0, c0 + count), output channels [o0, o0 + 16·chunks): acc[j] += x[ih, iw, c0 + j] ·
 * dy[oh, ow, o0 ...] over the row's pixels, in ow order.
 */
static inline __attribute__((always_inline)) void filter_tile(const lrlab_conv_geometry* g, const float* x_row, const float* dy_row,
                                                              float* dw, int fw, int c0, int count, int o0, int chunks) {
  const int ci = g->in_c, co = g->out_c;
  lanes acc[CHANNELS][2];
  for (int j = 0; j < count; j++)
    for (int k = 0; k < chunks; k++) memcpy(&acc[j][k], dw + (size_t)(c0 + j) * co + o0 + k * LANES, sizeof(lanes));
  for (int ow = 0; ow < g->out_w; ow++) {
    const int iw = ow * g->stride_w - g->pad_left + fw;
    if (iw < 0 || iw >= g->in_w) continue;
    const float* in = x_row + (size_t)iw * ci + c0;
    lanes d[2];
    for (int k = 0; k < chunks; k++) memcpy(&d[k], dy_row + (size_t)ow * co + o0 + k * LANES, sizeof(lanes));
    for (int j = 0; j < count; j++)
      for (int k = 0; k < chunks; k++) acc[j][k] += in[j] * d[k];
  }
  for (int j = 0; j < count; j++)
    for (int k = 0; k < chunks; k++) memcpy(dw + (size_t)(c0 + j) * co + o0 + k * LANES, &acc[j][k], sizeof(lanes));
}

/* Adds example b's filter gradient to `partial`. */
static inline __attribute__((always_inline)) void filter_example(const filter_job* job, float* partial, int b, int chunks) {
  const lrlab_conv_geometry* g = job->g;
  const int ci = g->in_c, co = g->out_c;
  for (int oh = 0; oh < g->out_h; oh++) {
    const float* dy_row = job->dy + ((size_t)b * g->out_h + oh) * g->out_w * co;
    for (int fh = 0; fh < g->f_h; fh++) {
      const int ih = oh * g->stride_h - g->pad_top + fh;
      if (ih < 0 || ih >= g->in_h) continue;
      const float* x_row = job->x + ((size_t)b * g->in_h + ih) * g->in_w * ci;
      for (int fw = 0; fw < g->f_w; fw++) {
        float* dw = partial + (size_t)(fh * g->f_w + fw) * ci * co;
        for (int c0 = 0; c0 < ci; c0 += CHANNELS) {
          const int count = ci - c0 < CHANNELS ? ci - c0 : CHANNELS;
          for (int o0 = 0; o0 < co; o0 += chunks * LANES) {
            if (count == CHANNELS)
              filter_tile(g, x_row, dy_row, dw, fw, c0, CHANNELS, o0, chunks);
            else
              filter_tile(g, x_row, dy_row, dw, fw, c0, count, o0, chunks);
          }
        }
      }
    }
  }
}

static inline __attribute__((always_inline)) void filter_group_body(void* context, int item) {
  const filter_job* job = context;
  const lrlab_conv_geometry* g = job->g;
  float* partial = job->partial + (size_t)item * g->depth * g->out_c;
  memset(partial, 0, g->depth * g->out_c * sizeof(float));
  const int first = item * job->per_group, last = first + job->per_group < g->batch ? first + job->per_group : g->batch;
  for (int b = first; b < last; b++) {
    if (paired(g))
      filter_example(job, partial, b, 2);
    else
      filter_example(job, partial, b, 1);
  }
}

LRLAB_ISA_TASKS(filter_group)

typedef struct {
  const lrlab_conv_geometry* g;
  const float* partial;
  float* dw;
  int groups;
} sum_job;

/* Values of the filter gradient summed per item. */
#define SUM_BLOCK 4096

static void sum_groups(void* context, int item) {
  const sum_job* job = context;
  const size_t size = job->g->depth * job->g->out_c;
  size_t first, last;
  lrlab_block_range(item, SUM_BLOCK, size, &first, &last);
  for (size_t i = first; i < last; i++) {
    float total = job->partial[i];
    for (int group = 1; group < job->groups; group++) total += job->partial[(size_t)group * size + i];
    job->dw[i] = total;
  }
}

bool lrlab_direct_conv_filter_grad(const lrlab_conv_geometry* g, const float* x, const float* dy, float* dw) {
  const size_t size = g->depth * g->out_c;
  size_t most = GROUP_BYTES / (size * sizeof(float));
  if (most < 1) most = 1;
  if (most > GROUPS) most = GROUPS;
  const int per_group = (g->batch + (int)most - 1) / (int)most, groups = (g->batch + per_group - 1) / per_group;
  float* partial = malloc((size_t)groups * size * sizeof(float));
  if (partial == NULL) return false;
  const filter_job job = {g, x, dy, partial, groups, per_group};
  lrlab_parallel_for(groups, filter_group_for(lrlab_isa_current()), (void*)&job, true);
  const sum_job sum = {g, partial, dw, groups};
  lrlab_parallel_for((int)((size + SUM_BLOCK - 1) / SUM_BLOCK), sum_groups, (void*)&sum, true);
  free(partial);
  return true;
}
