import Kernels
import Synchronization
import XCTest

final class ThreadPoolTests: XCTestCase {
    func testEveryIndexRunsExactlyOnce() {
        for threads in [1, 2, 3] {
            let pool = ThreadPool(threadCount: threads)
            XCTAssertEqual(pool.threadCount, threads)
            for count in [0, 1, 2, 5, 97] {
                let hits = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
                hits.initialize(repeating: 0, count: max(count, 1))
                pool.parallelFor(count) { i in hits[i] += 1 }
                for i in 0..<count { XCTAssertEqual(hits[i], 1, "threads \(threads) count \(count) index \(i)") }
                hits.deallocate()
            }
        }
    }

    func testManyQuickRegionsInARowAllComplete() {
        let pool = ThreadPool(threadCount: 2)
        let total = Atomic<Int>(0)
        for _ in 0..<2000 {
            pool.parallelFor(4) { i in total.add(i, ordering: .relaxed) }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 2000 * 6)
    }

    func testThousandsOfRegionsOfVaryingSizeEachRunEveryIndexOnce() {
        let pool = ThreadPool(threadCount: 3)
        var rng = SeededGenerator(seed: 11)
        let hits = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        defer { hits.deallocate() }
        for round in 0..<3000 {
            let count = Int.random(in: 0...64, using: &rng)
            hits.initialize(repeating: 0, count: 64)
            pool.parallelFor(count) { i in hits[i] += 1 }
            for i in 0..<64 where hits[i] != (i < count ? 1 : 0) {
                XCTFail("round \(round), count \(count): index \(i) ran \(hits[i]) times")
                return
            }
        }
    }

    func testWorkersWakeAfterParking() {
        let pool = ThreadPool(threadCount: 2)
        let total = Atomic<Int>(0)
        pool.parallelFor(2) { _ in total.add(1, ordering: .relaxed) }
        Thread.sleep(forTimeInterval: 0.05)   // long enough for the worker to park
        pool.parallelFor(8) { _ in total.add(1, ordering: .relaxed) }
        XCTAssertEqual(total.load(ordering: .relaxed), 10)
    }

    func testWorkActuallyRunsOnMoreThanOneThread() {
        let pool = ThreadPool(threadCount: 2)
        let threadIDs = Mutex<Set<ObjectIdentifier>>([])
        pool.parallelFor(64) { _ in
            let id = ObjectIdentifier(Thread.current)
            threadIDs.withLock { _ = $0.insert(id) }
            Thread.sleep(forTimeInterval: 0.001)
        }
        XCTAssertEqual(threadIDs.withLock { $0.count }, 2)
    }
}
