#ifndef INFILL_FUZZING_DRIVER_H
#define INFILL_FUZZING_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (LLVMFuzzerRunDriver) on `callback` with the command line `argc`/`argv`, and
/// returns its result; returns -1 at once when the program was not linked with libFuzzer (a plain build).
///
/// Why C: Swift cannot declare a C function that may be absent. libFuzzer is linked only into the fuzzing
/// build (`-sanitize=fuzzer`, see .ci/fuzz), so the driver is a weak reference here, checked at run time;
/// SwiftPM names an executable's entry point itself, so libFuzzer's own `main` cannot be used.
int infill_fuzzer_run(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
