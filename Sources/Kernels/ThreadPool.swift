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
private final class SharedState: @unchecked Sendable {
    let workers: Int
    /// Bumped (release) by the caller to publish a new loop; workers compare it with the last they ran.
    let generation = Atomic<Int>(0)
    /// Next loop index to hand out.
    let next = Atomic<Int>(0)
    /// Workers that finished the current loop.
    let finished = Atomic<Int>(0)
    /// Workers parked (or about to park) on `condition`.
    let sleepers = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let condition = NSCondition()
    /// The current loop; written only while every worker is idle, read after acquiring `generation`.
    var body: ((Int) -> Void)?
    var count = 0

    /// Spin iterations before a waiting worker parks (roughly 50–100 µs).
    let spinLimit = 40_000

    init(workers: Int) { self.workers = workers }

    func run(count: Int, body: @escaping (Int) -> Void) {
        self.body = body
        self.count = count
        next.store(0, ordering: .relaxed)
        finished.store(0, ordering: .relaxed)
        generation.add(1, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        work()
        var spins = 0
        while finished.load(ordering: .acquiring) < workers {
            spins += 1
            if spins > 1000 { sched_yield() }
        }
        self.body = nil
    }

    /// Takes indices until none are left.
    @inline(__always)
    func work() {
        guard let body else { return }
        let count = self.count
        while true {
            let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if i >= count { break }
            body(i)
        }
    }

    func workerLoop(index: Int) {
        var seen = 0
        while true {
            // Wait for a new generation: spin, then park.
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen && spins < spinLimit {
                spins += 1
                current = generation.load(ordering: .acquiring)
            }
            if current == seen {
                condition.lock()
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen && !stopping.load(ordering: .acquiring) {
                    condition.wait()
                }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                condition.unlock()
                current = generation.load(ordering: .acquiring)
            }
            if stopping.load(ordering: .acquiring) { return }
            seen = current
            work()
            finished.add(1, ordering: .releasing)
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
