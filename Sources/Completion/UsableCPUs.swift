import Foundation

/// The number of CPUs this process may run on: on Linux its scheduler affinity (`taskset`, cgroup cpusets,
/// container limits set that way), which `ProcessInfo.activeProcessorCount` ignores there (it counts the
/// online CPUs); elsewhere the active processor count. Swift's cooperative pool follows the affinity too
/// (pinned to one CPU it has one thread), so thread counts taken from here match what the process can use.
public enum UsableCPUs {
    public static var count: Int {
        #if os(Linux)
        // `Cpus_allowed` is the affinity mask in hex, in comma-separated 32-bit groups (sched_getaffinity is
        // not exported to Swift by Glibc: it needs _GNU_SOURCE).
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) {
            let allowed = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, character in
                count + (character.hexDigitValue.map { $0.nonzeroBitCount } ?? 0)
            }
            if allowed > 0 { return allowed }
        }
        #endif
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
