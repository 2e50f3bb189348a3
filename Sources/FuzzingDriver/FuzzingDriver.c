#include "FuzzingDriver.h"

#if defined(__linux__)
// Defined by libclang_rt.fuzzer when linked with -sanitize=fuzzer; null otherwise.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) __attribute__((weak));
#endif

int infill_fuzzer_run(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size)) {
#if defined(__linux__)
    if (LLVMFuzzerRunDriver) return LLVMFuzzerRunDriver(argc, argv, callback);
#endif
    return -1;
}
