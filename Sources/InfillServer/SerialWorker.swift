import Foundation

/// One thread of its own running jobs in order: the completion worker. A dedicated thread, not Swift's
/// cooperative pool nor a shared dispatch queue, so that work which blocks (a token loop of seconds) never
/// takes a thread that the server or a model load needs, even on a machine with one CPU.
final class SerialWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var running = false
    private var stopping = false

    init(name: String) {
        startThread(named: name) { [self] in loop() }
    }

    /// Queues `job` after every job queued before it.
    func async(_ job: @escaping @Sendable () -> Void) {
        condition.withLock {
            jobs.append(job)
            condition.broadcast()
        }
    }

    /// Waits until every job queued so far has run.
    func drain() {
        condition.withLock {
            while !jobs.isEmpty || running { condition.wait() }
        }
    }

    /// Lets the thread end once the queued jobs have run; later jobs are dropped.
    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    private func loop() {
        while true {
            let next = condition.withLock { () -> (@Sendable () -> Void)? in
                while jobs.isEmpty && !stopping { condition.wait() }
                guard !jobs.isEmpty else { return nil }
                running = true
                return jobs.removeFirst()
            }
            guard let job = next else { return }
            job()
            condition.withLock {
                running = false
                condition.broadcast()
            }
        }
    }
}
