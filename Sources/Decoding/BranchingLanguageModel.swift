/// Identifies one continuation of the prompt.
public typealias BranchID = Int

/// A language model positioned after a processed prompt that can extend several continuations ("branches")
/// sharing that prompt. Implementations keep the prompt's KV cache once and give each branch only its own rows.
public protocol BranchingLanguageModel: AnyObject {
    /// Number of logits per step.
    var vocabularySize: Int { get }
    /// The branch that holds just the prompt.
    var rootBranch: BranchID { get }
    /// Logits for the token after the prompt.
    func rootLogits() -> [Float]
    /// A new branch with the same history as `branch`.
    func fork(_ branch: BranchID) throws -> BranchID
    /// Drops a branch and its cache rows.
    func release(_ branch: BranchID)
    /// Appends one token to each listed branch, evaluated as one batch; returns each branch's next-token logits in order.
    func append(_ steps: [(branch: BranchID, token: Int32)]) throws -> [[Float]]
}
