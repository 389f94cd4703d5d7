// glibc's calls that place a thread on cores (GNU extensions), for StanceKit's CorePlacement.
// The Glibc module leaves them out (it is built without _GNU_SOURCE), and a static executable
// cannot look them up at run time (dlsym finds nothing in it), so they are wrapped here, in C
// compiled with _GNU_SOURCE. Each returns -1 where the C library has no such call.
#ifndef STANCE_CAFFINITY_H
#define STANCE_CAFFINITY_H
#include <pthread.h>
#include <stddef.h>

/// The core the calling thread runs on (sched_getcpu), or -1.
int stance_current_core(void);
/// The cores `thread` may run on, as a cpu_set_t of `size` bytes (pthread_getaffinity_np): 0 or an error.
int stance_thread_affinity(pthread_t thread, size_t size, void *set);
/// Lets `thread` run on the cores in `set` (pthread_setaffinity_np): 0 or an error.
int stance_set_thread_affinity(pthread_t thread, size_t size, const void *set);
/// A thread made with `attr` starts on the cores in `set` (pthread_attr_setaffinity_np): 0 or an error.
int stance_set_attr_affinity(pthread_attr_t *attr, size_t size, const void *set);
#endif
