import Foundation
import InfillLog
import ModelStore
import Synchronization

/// The C++ harness's standard headers (`CppExampleHarness.headers`), precompiled once per compiler and kept in
/// Infill's cache root (`ModelStore.defaultHome`: `$INFILL_HOME/cpp-headers/<key>/`, by default under
/// `~/.cache/infill`, about 50 MB), so that checking a candidate
/// reads them in 0.05 s instead of parsing them again (0.3 s with g++ 12: four candidates a task).
///
/// The header holds exactly the harness's `#include` lines, so a program including it is the same program:
/// every verdict is the one the plain text would get. Only GCC finds a `.gch` beside an `#include`d header
/// (clang wants `-include-pch`), so other compilers get the plain text. GCC itself ignores a precompiled file
/// it cannot use (another version, other flags); one it starts reading and cannot finish (cut short) fails the
/// build with "precompiled header" in its message, and the harness then builds the plain text
/// (`CppExampleHarness.retry`) and deletes the file (`discard`), made again on next use.
enum CppPrecompiledHeaders {
    /// The header's file name, as the program includes it.
    static let headerName = "infill_headers.h"

    /// The flags the header is precompiled with; a build must use the same ones for GCC to take it.
    static let flags = ["-std=c++17", "-w"]

    /// Per compiler path: the directory holding the header and its precompiled form, or nil when it could
    /// not be made (not GCC, or the cache root not writable).
    private static let directories = Mutex<[String: URL?]>([:])

    /// The directory to add with `-I` for `compiler`, making the precompiled header on first use; nil when the
    /// compiler is not GCC or the file cannot be made (the caller then writes the headers out).
    static func directory(for compiler: String) -> URL? {
        directories.withLock { known in
            if let directory = known[compiler] { return directory }
            let made = make(for: compiler)
            known[compiler] = made
            return made
        }
    }

    /// Deletes `compiler`'s precompiled header, which GCC could not read: the next `directory(for:)` makes it
    /// again. A build already using it falls back to the plain header beside it.
    static func discard(for compiler: String) {
        directories.withLock { known in
            if let directory = known[compiler] ?? nil {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(headerName + ".gch"))
                Logger.shared.info("tasks", "the precompiled C++ headers in \(directory.path) could not be read: removed")
            }
            known[compiler] = nil
        }
    }

    /// The header's text: the harness's `#include` lines, nothing else.
    static var headerText: String { CppExampleHarness.headers.map { "#include <\($0)>\n" }.joined() }

    private static func make(for compiler: String) -> URL? {
        let version = TimedProcess(arguments: [compiler, "--version"], directory: FileManager.default.temporaryDirectory.path, timeoutSeconds: 10).run()
        guard version.succeeded, version.output.contains("Free Software Foundation") else { return nil }
        // The key changes with the compiler, its version, the flags and the headers: a new one is a new file.
        let key = stableHash(([compiler, version.output, headerText] + flags).joined(separator: "\u{0}"))
        let directory = URL(fileURLWithPath: ModelStore.defaultHome).appendingPathComponent("cpp-headers/\(String(key, radix: 16))")
        let header = directory.appendingPathComponent(headerName)
        let precompiled = directory.appendingPathComponent(headerName + ".gch")
        if FileManager.default.fileExists(atPath: precompiled.path), (try? String(contentsOf: header, encoding: .utf8)) == headerText {
            return directory
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(headerText.utf8).write(to: header, options: .atomic)
        } catch {
            Logger.shared.debug("tasks", "cannot write the C++ headers to precompile in \(directory.path): \(error)")
            return nil
        }
        // Made under another name and renamed: another process never sees a file cut short.
        let partial = directory.appendingPathComponent("\(headerName).\(UUID().uuidString).gch")
        let started = Date()
        let build = TimedProcess(arguments: [compiler] + flags + ["-x", "c++-header", header.path, "-o", partial.path],
                                 directory: directory.path, timeoutSeconds: 120).run()
        guard build.succeeded, rename(partial.path, precompiled.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            Logger.shared.debug("tasks", "the C++ headers could not be precompiled: \(build.output.suffix(300))")
            return nil
        }
        Logger.shared.debug("tasks", "precompiled the C++ harness's headers in \(String(format: "%.2f", Date().timeIntervalSince(started))) s: \(precompiled.path)")
        return directory
    }

    /// FNV-1a, 64 bits: the same in every process (Swift's `Hasher` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
