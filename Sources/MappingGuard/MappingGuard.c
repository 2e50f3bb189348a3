// See include/MappingGuard.h for what this is and why it is written in C.
#include "MappingGuard.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

enum { slot_count = 64 };

/// One guarded range. `start` is written last on registration and first on unregistration, so the handler
/// never sees a start without its end.
struct guarded_range {
    atomic_int used;
    _Atomic(uintptr_t) start;
    _Atomic(uintptr_t) end;
    _Atomic(uint64_t) faults;
};

static struct guarded_range ranges[slot_count];
static struct sigaction previous_action;
static uintptr_t page_size;
static int installed;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

/// Gives the signal to whoever had it before: the previous handler, or the default action (the faulting
/// instruction runs again after we return and faults once more, now with the default disposition).
static void pass_on(int signal_number, siginfo_t *info, void *context) {
    if ((previous_action.sa_flags & SA_SIGINFO) && previous_action.sa_sigaction != NULL) {
        previous_action.sa_sigaction(signal_number, info, context);
        return;
    }
    if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN && previous_action.sa_handler != NULL) {
        previous_action.sa_handler(signal_number);
        return;
    }
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
}

static void on_bus_error(int signal_number, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < slot_count; i++) {
        uintptr_t start = atomic_load_explicit(&ranges[i].start, memory_order_acquire);
        if (start == 0 || address < start) continue;
        uintptr_t end = atomic_load_explicit(&ranges[i].end, memory_order_relaxed);
        if (address >= end) continue;
        void *page = (void *)(address & ~(page_size - 1));
        void *zeros = mmap(page, (size_t)page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros == MAP_FAILED) break;
        atomic_fetch_add_explicit(&ranges[i].faults, 1, memory_order_relaxed);
        return;
    }
    pass_on(signal_number, info, context);
}

static void install(void) {
    long size = sysconf(_SC_PAGESIZE);
    if (size <= 0) return;
    page_size = (uintptr_t)size;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGBUS, &action, &previous_action) == 0) installed = 1;
}

int infill_mapping_guard_register(const void *base, size_t length) {
    pthread_once(&install_once, install);
    if (!installed || base == NULL || length == 0) return -1;
    for (int i = 0; i < slot_count; i++) {
        int expected = 0;
        if (!atomic_compare_exchange_strong(&ranges[i].used, &expected, 1)) continue;
        atomic_store_explicit(&ranges[i].faults, 0, memory_order_relaxed);
        atomic_store_explicit(&ranges[i].end, (uintptr_t)base + length, memory_order_relaxed);
        atomic_store_explicit(&ranges[i].start, (uintptr_t)base, memory_order_release);
        return i;
    }
    return -1;
}

void infill_mapping_guard_unregister(int slot) {
    if (slot < 0 || slot >= slot_count) return;
    atomic_store_explicit(&ranges[slot].start, 0, memory_order_release);
    atomic_store_explicit(&ranges[slot].end, 0, memory_order_relaxed);
    atomic_store_explicit(&ranges[slot].used, 0, memory_order_release);
}

uint64_t infill_mapping_guard_faults(int slot) {
    if (slot < 0 || slot >= slot_count) return 0;
    return atomic_load_explicit(&ranges[slot].faults, memory_order_relaxed);
}
