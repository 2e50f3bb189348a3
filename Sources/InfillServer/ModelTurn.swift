import Foundation

/// Whose turn it is on the model: completions or a code task (translate / write a function). The model
/// runs one forward pass at a time (`Transformer`: calls must not overlap), so the two take turns, and
/// completions come first:
/// - a completion waits only for the current holder: a running completion, or a code task until its next
///   token (the task gives the turn away at every cancellation check, which the token loop makes before
///   every token and between prompt chunks);
/// - a code task waits while a completion runs or is waiting, and resumes where it stopped (its KV cache
///   and logits are its own).
/// So a translation never holds up typing in any document by more than one token; a stream of completions
/// delays the translation instead.
final class ModelTurn: @unchecked Sendable {
    private enum Holder { case nobody, completion, task }

    private let condition = NSCondition()
    private var holder = Holder.nobody
    private var completionsWaiting = 0

    /// Runs `work` (a completion) once the model is free, ahead of any code task waiting for it.
    func asCompletion<T>(_ work: () throws -> T) rethrows -> T {
        condition.withLock {
            completionsWaiting += 1
            while holder != .nobody { condition.wait() }
            completionsWaiting -= 1
            holder = .completion
        }
        defer { release() }
        return try work()
    }

    /// Runs `work` (a code task) once the model is free and no completion waits; `work` gets `yield`, to
    /// call at every cancellation check: it lets waiting completions run first, then takes the turn back.
    func asTask<T>(_ work: (_ yield: @escaping @Sendable () -> Void) throws -> T) rethrows -> T {
        acquireForTask()
        defer { release() }
        return try work { [self] in
            guard condition.withLock({ completionsWaiting > 0 }) else { return }
            release()
            acquireForTask()
        }
    }

    /// How many completions wait for the model (for tests and logs).
    var waitingCompletions: Int { condition.withLock { completionsWaiting } }

    private func acquireForTask() {
        condition.withLock {
            while holder != .nobody || completionsWaiting > 0 { condition.wait() }
            holder = .task
        }
    }

    private func release() {
        condition.withLock {
            holder = .nobody
            condition.broadcast()
        }
    }
}
