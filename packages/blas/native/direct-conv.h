/* Convolution geometry shared by conv.c and direct-conv.c, and the direct convolution. */
#ifndef LRLAB_DIRECT_CONV_H
#define LRLAB_DIRECT_CONV_H

#include <stdbool.h>
#include <stddef.h>

/* An NHWC convolution with dilation 1; rows = batch·outH·outW (M) and depth = fH·fW·inC (K). */
typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, f_h, f_w, stride_h, stride_w, pad_top, pad_left, out_c;
  size_t rows, depth;
} lrlab_conv_geometry;

/* Whether lrlab_direct_conv takes this geometry: 16, 32, 48 or 64 output channels. */
bool lrlab_direct_conv_fits(const lrlab_conv_geometry* g);

/* y = conv(x, filter) for a geometry that fits, on the worker pool; y is fully written. */
void lrlab_direct_conv(const lrlab_conv_geometry* g, const float* x, const float* filter, float* y);

/*
 * dW = the filter gradient of conv(x, ·) for output gradient dy, for a geometry that fits: the
 * gradient of each of at most 32 groups of examples, then their sum in group order. False when out
 * of memory.
 */
bool lrlab_direct_conv_filter_grad(const lrlab_conv_geometry* g, const float* x, const float* dy, float* dw);

#endif
