// Survives a model file that is truncated while Infill has it mapped.
//
// The weights are read straight from a memory map of the GGUF file. When someone truncates that file (an update
// written in place, a full disk), every page past the new end disappears from the mapping and the next read of it
// raises SIGBUS, which kills the process. `GGUFStorage` checks the file's size and time before each forward pass,
// but a truncation *during* a pass cannot be caught that way. This guard catches it: a SIGBUS whose address lies
// in a registered mapping replaces the vanished page with a page of zeros, counts the fault, and lets the reading
// instruction run again. The pass finishes with wrong numbers; its caller asks `infill_mapping_guard_faults` (and
// the file's size) after the pass and throws the result away with a clear error. Faults anywhere else go to the
// handler that was installed before (the Swift runtime's backtracer) or to the default action, as if there were no
// guard.
//
// Why C: a signal handler may only call async-signal-safe functions and must not allocate, take locks or touch
// reference counts. Swift gives no such guarantee for its own code (runtime metadata, retain/release, exclusivity
// checks and lazily initialised globals may all run inside an innocent-looking function), and it cannot read
// `siginfo_t.si_addr` portably (a union member on Linux). The handler below uses only atomics, `sigaction` (which
// POSIX lists as async-signal-safe) and `mmap`, which is not on that list but is a plain system call on Linux and
// Darwin that takes no user-space lock: the same assumption guard-page allocators make.
#ifndef INFILL_MAPPING_GUARD_H
#define INFILL_MAPPING_GUARD_H

#include <stddef.h>
#include <stdint.h>

/// Guards the mapping [base, base + length): installs the SIGBUS handler on first use and records the range.
/// Returns a slot number (≥ 0) for the two functions below, or -1 when the handler cannot be installed or all
/// slots (64: one per mapped model file) are taken; the mapping then stays unguarded, as before.
int infill_mapping_guard_register(const void *base, size_t length);

/// Stops guarding the slot's range. Call before unmapping it, when no thread reads it any more.
void infill_mapping_guard_unregister(int slot);

/// How many vanished pages of the slot's range were replaced by zeros since it was registered (0 for -1).
uint64_t infill_mapping_guard_faults(int slot);

#endif
