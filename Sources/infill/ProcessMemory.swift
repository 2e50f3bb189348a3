import Foundation

/// The resident memory of a process, for the soak test: total (VmRSS) and its anonymous part (RssAnon: heap
/// and stacks, without the mapped model file's pages, whose residency only says how much of the file was read).
struct ProcessMemory: Codable, Equatable {
    /// Resident bytes, all kinds.
    var residentBytes: Int
    /// Resident anonymous bytes (Linux); nil where the system does not say.
    var anonymousBytes: Int?

    /// The memory of process `pid` now; nil when it cannot be read (the process is gone).
    static func of(_ pid: Int32) -> ProcessMemory? {
        #if os(Linux)
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ field: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        guard let resident = kilobytes("VmRSS") else { return nil }
        return ProcessMemory(residentBytes: resident, anonymousBytes: kilobytes("RssAnon"))
        #else
        // macOS: `ps` reports the resident set in KiB (no anonymous/file split).
        let ps = Process()
        let output = Pipe()
        ps.executableURL = URL(fileURLWithPath: "/bin/ps")
        ps.arguments = ["-o", "rss=", "-p", String(pid)]
        ps.standardOutput = output
        guard (try? ps.run()) != nil else { return nil }
        ps.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)).map { ProcessMemory(residentBytes: $0 * 1024, anonymousBytes: nil) }
        #endif
    }
}
