import Foundation

/// A value that threads share, reached only under a lock: `withLock { value in … }`, as `Mutex` of the
/// Synchronization module.
///
/// Why not `Mutex` itself: on Linux, `Mutex` is a futex word handled inside the Swift runtime's
/// Synchronization library, which ThreadSanitizer does not instrument, so TSan sees none of its ordering and
/// reports every contended use as a data race (checked on Swift 6.3.1: two threads appending under
/// `Mutex.withLock` give "data race" reports, the same code under `NSLock` none). A pthread mutex is
/// intercepted by TSan, so the daemon's shared state stays checkable under `swift test --sanitize=thread`
/// (docs/robustness.md). These locks guard logging, progress lines and the engine slot, never a hot loop,
/// so the few nanoseconds `NSLock` costs more do not matter.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    /// A lock around `value`.
    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value while holding the lock, and returns what it returns.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
