#define _GNU_SOURCE
#include "CAffinity.h"
#include <sched.h>
#include <errno.h>

#if defined(__GLIBC__)
int stance_current_core(void) { return sched_getcpu(); }
int stance_thread_affinity(pthread_t thread, size_t size, void *set) {
    return pthread_getaffinity_np(thread, size, (cpu_set_t *)set);
}
int stance_set_thread_affinity(pthread_t thread, size_t size, const void *set) {
    return pthread_setaffinity_np(thread, size, (const cpu_set_t *)set);
}
int stance_set_attr_affinity(pthread_attr_t *attr, size_t size, const void *set) {
    return pthread_attr_setaffinity_np(attr, size, (const cpu_set_t *)set);
}
#else
int stance_current_core(void) { return -1; }
int stance_thread_affinity(pthread_t thread, size_t size, void *set) { (void)thread; (void)size; (void)set; return ENOSYS; }
int stance_set_thread_affinity(pthread_t thread, size_t size, const void *set) { (void)thread; (void)size; (void)set; return ENOSYS; }
int stance_set_attr_affinity(pthread_attr_t *attr, size_t size, const void *set) { (void)attr; (void)size; (void)set; return ENOSYS; }
#endif
