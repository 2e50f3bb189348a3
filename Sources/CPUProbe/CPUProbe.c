#include "CPUProbe.h"

#if defined(__linux__) && defined(__x86_64__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

uint64_t infill_xgetbv(uint32_t index) {
#if defined(__x86_64__)
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(index));
    return ((uint64_t)high << 32) | low;
#else
    (void)index;
    return 0;
#endif
}

int infill_request_amx_permission(void) {
#if defined(__linux__) && defined(__x86_64__)
    const long archRequestComponentPermission = 0x1023;   // ARCH_REQ_XCOMP_PERM
    const long tileDataFeature = 18;                      // XFEATURE_XTILEDATA
    return syscall(SYS_arch_prctl, archRequestComponentPermission, tileDataFeature) == 0 ? 1 : 0;
#else
    return 0;
#endif
}
