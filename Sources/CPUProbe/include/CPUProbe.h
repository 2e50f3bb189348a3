// The two CPU questions Swift cannot ask itself, for Kernels' run-time dispatch (Sources/Kernels/CPUFeatures.swift).
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

#endif
