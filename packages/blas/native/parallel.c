/*
 * The addon's worker pool (lrlab.h).
 *
 * Items are claimed from one 64-bit counter that holds the loop's generation (high 32 bits) and
 * the next item (low 32 bits), so a worker that wakes after its loop has ended can never claim an
 * item of the next one. The caller waits only for items that were claimed, not for workers to
 * wake: on our VM a sleeping thread took up to ~0.1 ms to wake, longer than many loops, and
 * waiting for it made the parallel batch norm slower than one thread.
 */
#include "lrlab.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define MAX_WORKERS 63

static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER; /* one parallel loop at a time */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

/* The current loop, written by the caller under `lock` before the generation changes. */
typedef struct {
  uint32_t generation;
  int items, helpers;
  lrlab_task task;
  void* context;
  bool flush;
} loop;

static loop current;
static int started;                /* workers running */
static atomic_int thread_count = 1; /* threads a loop runs on, the caller's included */
static _Atomic uint64_t next;      /* generation << 32 | next item */
static atomic_int completed;       /* items of the current loop that have returned */

/* Claims and runs items of `generation` until none is left; returns how many it ran. */
static int work(const loop* job) {
  int ran = 0;
  uint64_t seen = atomic_load(&next);
  for (;;) {
    if ((uint32_t)(seen >> 32) != job->generation || (int)(uint32_t)seen >= job->items) return ran;
    if (!atomic_compare_exchange_weak(&next, &seen, seen + 1)) continue;
    job->task(job->context, (int)(uint32_t)seen);
    atomic_fetch_add(&completed, 1);
    ran++;
    seen = atomic_load(&next);
  }
}

static void* worker(void* argument) {
  const int index = (int)(long)argument;
  uint32_t seen = 0;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (current.generation == seen) pthread_cond_wait(&wake, &lock);
    seen = current.generation;
    if (index >= current.helpers) continue;
    const loop job = current;
    pthread_mutex_unlock(&lock);
    unsigned int saved = lrlab_flush_set(job.flush);
    work(&job);
    lrlab_flush_end(saved);
    pthread_mutex_lock(&lock);
  }
  return NULL;
}

/* Starts workers up to `wanted` (called under `lock`); returns how many run. */
static int ensure_workers(int wanted) {
  if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
  while (started < wanted) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int failed = pthread_create(&thread, &attributes, worker, (void*)(long)started);
    pthread_attr_destroy(&attributes);
    if (failed) break;
    started++;
  }
  return started < wanted ? started : wanted;
}

void lrlab_set_threads(int threads) { atomic_store(&thread_count, threads < 1 ? 1 : threads > MAX_WORKERS + 1 ? MAX_WORKERS + 1 : threads); }

int lrlab_threads(void) { return atomic_load(&thread_count); }

void lrlab_parallel_for(int items, lrlab_task task, void* context, bool flush) {
  if (items <= 0) return;
  unsigned int saved = lrlab_flush_set(flush);
  pthread_mutex_lock(&call_lock);
  int helpers = lrlab_threads() - 1;
  if (helpers > items - 1) helpers = items - 1;
  pthread_mutex_lock(&lock);
  if (helpers > 0) helpers = ensure_workers(helpers);
  const loop job = {current.generation + 1, items, helpers < 0 ? 0 : helpers, task, context, flush};
  atomic_store(&completed, 0);
  atomic_store(&next, (uint64_t)job.generation << 32);
  current = job;
  if (job.helpers > 0) pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&lock);
  int ran = work(&job);
  /* Items a worker claimed may still be running: wait for them (at most one item each). */
  while (ran < items && atomic_load(&completed) < items) sched_yield();
  pthread_mutex_unlock(&call_lock);
  lrlab_flush_end(saved);
}
