// What Swift cannot reach itself: two CPU questions for Kernels' run-time dispatch (Sources/Kernels/CPUFeatures.swift),
// and the prefetch hint the matrix-vector kernels use.
//
// Why C: `xgetbv` is only reachable through inline assembly (clang's `_xgetbv` is a function-like macro, which
// Swift does not import), and Linux grants AMX tile state through the `arch_prctl` system call, whose only libc
// entry point, `syscall(long, ...)`, is variadic (Swift does not import variadic C functions). CPUID itself is
// read from Swift (`__get_cpuid_count` of clang's cpuid module).
#ifndef INFILL_CPU_PROBE_H
#define INFILL_CPU_PROBE_H

#include <stdint.h>

/// Extended control register `index` (0: XCR0, which register states the operating system saves on a context
/// switch). Call only when CPUID.1:ECX.OSXSAVE (bit 27) is set; returns 0 on non-x86 builds.
uint64_t infill_xgetbv(uint32_t index);

/// Asks Linux for permission to use AMX tile data (arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)).
/// Returns 1 when granted, 0 otherwise (other systems, older kernels, refused).
int infill_request_amx_permission(void);

/// Asks the CPU to start loading the cache line at `address` into all cache levels (a hint; never faults).
/// The matrix-vector kernels stream weight rows that may not be in cache and issue this a few KiB ahead.
/// Why C: clang's `_mm_prefetch` is a function-like macro and `__builtin_prefetch` a builtin, neither of which
/// Swift imports; a static inline function is imported and inlined into the Swift caller.
static inline __attribute__((always_inline)) void infill_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
