/* The addon's worker pool (parallel.h). */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#define MAX_WORKERS 63

static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER; /* one parallel loop at a time */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;

static int started;             /* workers running */
static unsigned long generation; /* bumped for every loop */
static int joining;             /* workers taking part in this loop */
static int running;             /* of those, still working */
static lrlab_task current_task;
static bool current_flush;
static void* current_context;
static int current_items;
static atomic_int next_item;

static void work(lrlab_task task, void* context, int items) {
  for (int i = atomic_fetch_add(&next_item, 1); i < items; i = atomic_fetch_add(&next_item, 1)) task(context, i);
}

static void* worker(void* argument) {
  const int index = (int)(long)argument;
  unsigned long seen = 0;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (generation == seen) pthread_cond_wait(&wake, &lock);
    seen = generation;
    if (index >= joining) continue;
    lrlab_task task = current_task;
    void* context = current_context;
    int items = current_items;
    bool flush = current_flush;
    pthread_mutex_unlock(&lock);
    unsigned int saved = lrlab_flush_set(flush);
    work(task, context, items);
    lrlab_flush_end(saved);
    pthread_mutex_lock(&lock);
    if (--running == 0) pthread_cond_signal(&finished);
  }
  return NULL;
}

/* Starts workers up to `wanted`; returns how many run. */
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

void lrlab_parallel_for(int items, lrlab_task task, void* context, bool flush) {
  if (items <= 0) return;
  unsigned int saved = lrlab_flush_set(flush);
  pthread_mutex_lock(&call_lock);
  int helpers = lrlab_threads() - 1;
  if (helpers > items - 1) helpers = items - 1;
  atomic_store(&next_item, 0);
  if (helpers > 0) {
    pthread_mutex_lock(&lock);
    helpers = ensure_workers(helpers);
    current_task = task;
    current_context = context;
    current_items = items;
    current_flush = flush;
    joining = helpers;
    running = helpers;
    generation++;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
  }
  work(task, context, items);
  if (helpers > 0) {
    pthread_mutex_lock(&lock);
    while (running > 0) pthread_cond_wait(&finished, &lock);
    pthread_mutex_unlock(&lock);
  }
  pthread_mutex_unlock(&call_lock);
  lrlab_flush_end(saved);
}
