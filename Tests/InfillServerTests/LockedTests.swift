import Foundation
import InfillLog
import XCTest

/// `Locked`, the lock the daemon's shared state uses instead of `Mutex` (see its doc comment for why).
final class LockedTests: XCTestCase {
    /// Four threads each add 1 a hundred thousand times through read-modify-write under the lock: no update is
    /// lost (without the lock, such a count comes out short).
    func testConcurrentUpdatesUnderTheLockAreNeverLost() {
        let counter = Locked(0)
        let threads = 4, rounds = 100_000
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<rounds {
                counter.withLock { value in
                    let read = value
                    value = read + 1
                }
            }
        }
        XCTAssertEqual(counter.withLock { $0 }, threads * rounds)
    }

    /// What the body returns and throws comes back out, and the lock is free again afterwards.
    func testWithLockReturnsAndRethrowsAndReleases() {
        struct Failure: Error {}
        let box = Locked([1, 2])
        XCTAssertEqual(box.withLock { $0.count }, 2)
        XCTAssertThrowsError(try box.withLock { _ in throw Failure() })
        box.withLock { $0.append(3) }   // would deadlock if the throw had left the lock held
        XCTAssertEqual(box.withLock { $0 }, [1, 2, 3])
    }
}
