import Foundation
import Synchronization

/// A fixed set of persistent worker threads for data-parallel loops.
///
/// Workers wait for work by spinning briefly on an atomic generation counter and then park on a
/// condition variable, so a parallel region costs well under a microsecond when regions follow each
/// other quickly (as they do in a forward pass) and no CPU is burned while idle. The calling thread
/// takes part in every loop, so `threadCount` threads compute in total. Not reentrant: call
/// `parallelFor` from one thread at a time, and not from inside a body.
public final class ThreadPool: @unchecked Sendable {
    private let shared: SharedState
    private let workers: Int

    /// Creates a pool that runs loops on `threadCount` threads (the caller plus `threadCount − 1`
    /// workers); values below 1 count as 1.
    public init(threadCount: Int) {
        workers = max(threadCount, 1) - 1
        shared = SharedState(workers: workers)
        for index in 0..<workers {
            let state = shared
            let thread = Thread { state.workerLoop(index: index) }
            thread.name = "infill.kernels.\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit {
        shared.shutDown()
    }

    /// Number of threads that run a loop, the caller included.
    public var threadCount: Int { workers + 1 }

    /// The number of cores this process may use: a sensible default for `init(threadCount:)`.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(i)` for every `i` in `0..<count`, spread over the workers and the calling thread;
    /// returns when all have finished. Indices are handed out one at a time from a shared counter, so
    /// make each index a worthwhile chunk of work (at least a few microseconds).
    public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if workers == 0 || count == 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            shared.run(count: count, body: escaping)
        }
    }
}

/// What the workers and the caller share. Workers hold this, not the pool, so the pool can be released.
///
/// A loop is published by bumping `generation`. Indices are claimed from `next`, one atomic word
/// holding (generation mod 2¹⁶, count, next index) in 16/24/24 bits; a claim is a compare-exchange
/// that fails once the loop is over or replaced, so a worker that wakes late can never run an index
/// of a loop it did not see start, and `body` is read only after a successful claim (when its loop is
/// certainly still running). The caller returns as soon as every index has completed; it never waits
/// for a worker that is still asleep (on a loaded machine a parked or descheduled worker can take tens
/// of microseconds to respond).
private final class SharedState: @unchecked Sendable {
    let workers: Int
    /// Bumped by the caller to publish a new loop; workers compare it with the last they ran.
    let generation = Atomic<Int>(0)
    /// (generation mod 2¹⁶) << 48 | count << 24 | next index.
    let next = Atomic<Int>(0)
    /// Indices of the current loop that have finished.
    let completed = Atomic<Int>(0)
    /// Workers inside `participate` (they may hold a reference to `body`).
    let active = Atomic<Int>(0)
    /// Workers parked (or about to park) on `condition`.
    let sleepers = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let condition = NSCondition()
    /// The current loop; replaced only after every index of the previous loop completed.
    var body: ((Int) -> Void)?
    /// Generation of the loop being run by the caller (caller-side only).
    var current = 0

    /// Largest loop count one word can describe; bigger loops run in several rounds.
    static let maximumCount = 0xFF_FFFF
    /// Spin iterations before a waiting worker parks (roughly 50–100 µs).
    let spinLimit = 40_000

    init(workers: Int) { self.workers = workers }

    @inline(__always)
    static func generationBits(_ generation: Int) -> Int { (generation & 0xFFFF) << 48 }

    func run(count: Int, body: @escaping (Int) -> Void) {
        var start = 0
        while start < count {
            let chunk = min(count - start, Self.maximumCount)
            let offset = start
            if offset == 0 {
                runRound(count: chunk, body: body)
            } else {
                runRound(count: chunk) { body(offset + $0) }
            }
            start += chunk
        }
    }

    private func runRound(count: Int, body: @escaping (Int) -> Void) {
        current += 1
        let bits = Self.generationBits(current)
        self.body = body
        completed.store(0, ordering: .relaxed)
        next.store(bits | count << 24, ordering: .sequentiallyConsistent)
        generation.store(current, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        while let i = claim(bits) {
            body(i)
            completed.add(1, ordering: .releasing)
        }
        var spins = 0
        while completed.load(ordering: .acquiring) < count {
            spins += 1
            if spins > 1000 { sched_yield() }
        }
        // A worker that claimed an index may still hold `body` for an instant after completing it.
        while active.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins > 1000 { sched_yield() }
        }
        self.body = nil
    }

    /// The next index of the loop with generation bits `bits`, or nil when that loop has no indices
    /// left or has been replaced.
    @inline(__always)
    func claim(_ bits: Int) -> Int? {
        var value = next.load(ordering: .acquiring)
        while true {
            if value & ~0xFFFF_FFFF_FFFF != bits { return nil }
            let index = value & 0xFF_FFFF
            if index >= (value >> 24) & 0xFF_FFFF { return nil }
            let (exchanged, original) = next.compareExchange(expected: value, desired: value + 1, ordering: .acquiringAndReleasing)
            if exchanged { return index }
            value = original
        }
    }

    func workerLoop(index: Int) {
        var seen = 0
        while true {
            // Wait for a new generation: spin, then park.
            var spins = 0
            var latest = generation.load(ordering: .acquiring)
            while latest == seen && spins < spinLimit {
                spins += 1
                latest = generation.load(ordering: .acquiring)
            }
            if latest == seen {
                condition.lock()
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen && !stopping.load(ordering: .acquiring) {
                    condition.wait()
                }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                condition.unlock()
                latest = generation.load(ordering: .acquiring)
            }
            if stopping.load(ordering: .acquiring) { return }
            seen = latest
            active.add(1, ordering: .sequentiallyConsistent)
            participate(Self.generationBits(latest))
            active.subtract(1, ordering: .releasing)
        }
    }

    /// Runs indices of the loop with generation bits `bits` while any are left. `body` is read (and
    /// retained) only after a successful claim, and released before this returns.
    @inline(never)
    func participate(_ bits: Int) {
        guard let first = claim(bits), let body = self.body else { return }
        body(first)
        completed.add(1, ordering: .releasing)
        while let i = claim(bits) {
            body(i)
            completed.add(1, ordering: .releasing)
        }
    }

    func shutDown() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
