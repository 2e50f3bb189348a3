import Foundation
import InfillLog

/// Work on several candidates at once: the compilers and check programs of a task's candidates run side by
/// side, one per core and at most four (the decoder waits for them, so the cores are otherwise idle).
///
/// Each lane is its own thread rather than a `DispatchQueue.concurrentPerform` iteration: Dispatch sizes
/// that by the CPUs the process may use, so under `taskset -c 0` it ran every candidate on one thread, and
/// a lane mostly waits for a child process, which needs no core of its own.
enum SideBySide {
    /// How many candidates run at once for `count` of them on this machine.
    static func width(for count: Int) -> Int {
        max(1, min(4, ProcessInfo.processInfo.activeProcessorCount, count))
    }

    /// `body` applied to each of `items`, several at a time; the results in the items' order.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) -> Result) -> [Result?] {
        let results = Locked<[Result?]>(Array(repeating: nil, count: items.count))
        let width = width(for: items.count)
        let lane: @Sendable (Int) -> Void = { lane in
            for i in stride(from: lane, to: items.count, by: width) {
                let result = body(items[i])
                results.withLock { $0[i] = result }
            }
        }
        let lanes = DispatchGroup()
        for other in 1..<max(width, 1) {
            lanes.enter()
            Thread { lane(other); lanes.leave() }.start()
        }
        lane(0)
        lanes.wait()
        return results.withLock { $0 }
    }
}
