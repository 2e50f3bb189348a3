/// Why a tokenizer could not be built from a model's vocabulary.
///
/// Every case names the offending key, index or value so that a broken or unsupported GGUF file can be
/// diagnosed from the message alone.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A required `tokenizer.ggml.*` metadata key is absent or has the wrong type.
    case missingMetadata(key: String)
    /// `tokenizer.ggml.model` names a tokenizer family other than byte-level BPE (`gpt2`).
    case unsupportedModel(String)
    /// `tokenizer.ggml.pre` names a pre-tokenizer (regex split rules) this implementation does not know.
    case unsupportedPreTokenizer(String)
    /// The vocabulary has no tokens.
    case emptyVocabulary
    /// The token list and the token-type list have different lengths.
    case tokenTypeCountMismatch(tokens: Int, types: Int)
    /// A token type is not one of llama.cpp's values 0...6.
    case invalidTokenType(index: Int, value: Int)
    /// A merge rule is not two non-empty token texts separated by a space.
    case malformedMerge(index: Int, text: String)
    /// A special-token id (bos, eos, ...) does not index the vocabulary.
    case specialTokenOutOfRange(name: String, id: Int, vocabularySize: Int)

    /// A one-line explanation for logs and error messages.
    public var description: String {
        switch self {
        case .missingMetadata(let key):
            return "tokenizer metadata '\(key)' is missing or has the wrong type"
        case .unsupportedModel(let model):
            return "tokenizer model '\(model)' is not supported (only byte-level BPE, 'gpt2')"
        case .unsupportedPreTokenizer(let name):
            return "pre-tokenizer '\(name)' is not supported (supported: qwen2, smollm and gpt2 families)"
        case .emptyVocabulary:
            return "the vocabulary has no tokens"
        case .tokenTypeCountMismatch(let tokens, let types):
            return "the vocabulary has \(tokens) tokens but \(types) token types"
        case .invalidTokenType(let index, let value):
            return "token \(index) has invalid type \(value) (expected 0...6)"
        case .malformedMerge(let index, let text):
            return "merge rule \(index) is malformed: '\(text)'"
        case .specialTokenOutOfRange(let name, let id, let size):
            return "special token '\(name)' has id \(id), outside the vocabulary of \(size) tokens"
        }
    }
}
