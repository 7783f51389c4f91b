/*
 * The addon's pool of worker threads: it runs the addon's own loops and the pieces of every
 * matrix product (OpenBLAS itself runs on one thread, blas.c). Workers sleep on a condition
 * variable between calls.
 */
#ifndef LRLAB_PARALLEL_H
#define LRLAB_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

/* One item of a parallel loop. */
typedef void (*lrlab_task)(void* context, int item);

/*
 * Calls task(context, i) once for every i in [0, items), on the calling thread and on as many
 * workers as lrlab_threads() minus one, and returns when all calls have returned. Items are
 * handed out in order, one at a time; a task must not depend on which thread runs it. Calls from
 * several threads at once are serialised. With `flush`, every thread runs its items with
 * subnormals flushed (DAZ/FTZ, as the products do); without, with IEEE subnormals (as the
 * element-wise ops, which match the cpu backend bit for bit).
 */
void lrlab_parallel_for(int items, lrlab_task task, void* context, bool flush);

/* The range [*first, *last) of item `item` when [0, n) is cut into blocks of `block` values. */
static inline void lrlab_block_range(int item, size_t block, size_t n, size_t* first, size_t* last) {
  *first = (size_t)item * block;
  *last = *first + block < n ? *first + block : n;
}

/* Sets (flush) or clears DAZ and FTZ in this thread; returns the previous MXCSR (0 where there is none) (blas.c). */
unsigned int lrlab_flush_set(bool flush);
/* Restores the MXCSR that lrlab_flush_begin returned (blas.c). */
void lrlab_flush_end(unsigned int saved);
/* The threads a loop runs on, the caller's included (1 to 64; default 1). */
int lrlab_threads(void);
/* Sets lrlab_threads (clamped to 1–64). */
void lrlab_set_threads(int threads);

#endif
