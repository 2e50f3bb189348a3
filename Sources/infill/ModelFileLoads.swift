import Completion
import Foundation
import InfillLog

/// The model files the daemon has mapped, so that the completion model and the task model share one mapping
/// (and one set of threads) when the settings name the same file for both, even when the two load at once, as
/// they do at start-up: the second load of a file waits for the first and takes its model, and a load of a file
/// whose model is still in use takes that model. A model nothing uses any more is not kept (the table holds it
/// weakly), and a file replaced on disk since (another inode, size or modification time) is mapped anew.
final class ModelFileLoads: Sendable {
    /// A file as it is on disk now, and the thread count its model computes with.
    private struct Key: Hashable {
        var path: String
        var threads: Int
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Double

        init?(path: String, threads: Int) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            self.path = path
            self.threads = threads
            device = (attributes[.systemNumber] as? NSNumber)?.uint64Value ?? 0
            inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        }
    }

    /// A load in progress, which later loads of the same file wait for.
    private final class Pending: @unchecked Sendable {   // `outcome` is written once, before `done` is left
        let done = DispatchGroup()
        var outcome: Result<LoadedModel, any Error>?
        init() { done.enter() }
    }

    /// A model some role uses, held weakly.
    private final class Held: @unchecked Sendable {   // read and written under the table's lock
        weak var model: LoadedModel?
        init(_ model: LoadedModel) { self.model = model }
    }

    private enum Entry {
        case loading(Pending)
        case loaded(Held)
    }

    private let table = Locked<[Key: Entry]>([:])

    /// The model of the file at `path` computing with `threads`: one already in use, the one a load in progress
    /// gives, or `open()`'s (run on the calling thread, while later loads of the file wait for it).
    func model(path: String, threads: Int, open: () throws -> LoadedModel) throws -> LoadedModel {
        guard let key = Key(path: path, threads: threads) else { return try open() }   // open() says what is wrong
        enum Step { case use(LoadedModel), wait(Pending), load(Pending) }
        let step = table.withLock { table -> Step in
            switch table[key] {
            case .loading(let pending): return .wait(pending)
            case .loaded(let held):
                if let model = held.model { return .use(model) }
            case nil: break
            }
            let pending = Pending()
            table[key] = .loading(pending)
            return .load(pending)
        }
        switch step {
        case .use(let model):
            Logger.shared.info("engine", "\(path) is loaded already: its model is shared")
            return model
        case .wait(let pending):
            Logger.shared.info("engine", "\(path) is being loaded already: its model will be shared")
            pending.done.wait()
            guard let outcome = pending.outcome else { return try open() }
            return try outcome.get()
        case .load(let pending):
            let outcome = Result { try open() }
            table.withLock { table in
                switch outcome {
                case .success(let model): table[key] = .loaded(Held(model))
                case .failure: table[key] = nil
                }
                table = table.filter { if case .loaded(let held) = $0.value { return held.model != nil }; return true }
            }
            pending.outcome = outcome
            pending.done.leave()
            return try outcome.get()
        }
    }
}
