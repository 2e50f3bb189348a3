import Decoding
import Transformer

/// Lets the decoding strategies drive the transformer: each branch is a KV-cache branch that shares the
/// prompt's rows with the document's cache and owns only the rows of its own generated tokens, so forking
/// a beam copies at most a few dozen rows and never the prompt.
final class TransformerBranches: BranchingLanguageModel {
    private let transformer: Transformer
    private let promptLogits: [Float]
    private var caches: [BranchID: KVCache] = [:]
    private var nextID: BranchID = 1
    /// Number of batched forward passes made (for statistics).
    private(set) var passes = 0

    /// - Parameters:
    ///   - prompt: the document's cache, holding exactly the prompt.
    ///   - logits: the logits after the prompt's last token.
    init(transformer: Transformer, prompt: KVCache, logits: [Float], maximumNewTokens: Int) {
        self.transformer = transformer
        self.promptLogits = logits
        caches[0] = prompt.fork(maximumLength: prompt.count + maximumNewTokens + 1)
    }

    var vocabularySize: Int { promptLogits.count }

    var rootBranch: BranchID { 0 }

    func rootLogits() -> [Float] { promptLogits }

    func fork(_ branch: BranchID) throws -> BranchID {
        guard let cache = caches[branch] else { throw DecodingModelError.unknownBranch(branch) }
        let id = nextID
        nextID += 1
        caches[id] = cache.fork()
        return id
    }

    func release(_ branch: BranchID) {
        caches.removeValue(forKey: branch)
    }

    func append(_ steps: [(branch: BranchID, token: Int32)]) throws -> [[Float]] {
        let items = try steps.map { step -> (token: Int32, cache: KVCache) in
            guard let cache = caches[step.branch] else { throw DecodingModelError.unknownBranch(step.branch) }
            return (step.token, cache)
        }
        passes += 1
        return try transformer.step(items)
    }
}

/// Misuse of the branch adapter by a decoding strategy.
enum DecodingModelError: Error, CustomStringConvertible {
    case unknownBranch(BranchID)

    var description: String {
        switch self {
        case .unknownBranch(let id): return "decoding referred to branch \(id), which does not exist"
        }
    }
}
