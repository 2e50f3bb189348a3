import Foundation
import GGUF

/// The families of chat templates Infill can lay out, recognised by the markers in a GGUF's
/// `tokenizer.chat_template` (a Jinja program we do not interpret: each family's layout is written out here).
public enum ChatTemplateFamily: String, Sendable, CaseIterable {
    /// `<|im_start|>role\n…<|im_end|>\n` (Qwen2.5, SmolLM2, many others).
    case chatML
    /// `<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>` (Llama 3.x).
    case llama3
    /// `### Instruction:\n…\n### Response:\n` (DeepSeek-Coder instruct).
    case deepSeekCoder
    /// `<｜User｜>…<｜Assistant｜>` (DeepSeek V2.5/V3 and R1 distillations).
    case deepSeek
    /// `<start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n` (Gemma).
    case gemma
    /// `[INST] … [/INST]` (Mistral; with `<<SYS>>` the Llama-2/CodeLlama variant).
    case mistral
}

/// Why no instruction prompt can be made for a model.
public enum ChatTemplateError: Error, Equatable, CustomStringConvertible {
    /// The file has no `tokenizer.chat_template` (a base model).
    case missing
    /// The template is none of the families in `ChatTemplateFamily`; `excerpt` is its start.
    case unknown(excerpt: String)

    public var description: String {
        switch self {
        case .missing:
            return "the model has no chat template (tokenizer.chat_template is missing): it is not an instruction model; use one that is (e.g. qwen2.5-coder-1.5b)"
        case .unknown(let excerpt):
            let known = ChatTemplateFamily.allCases.map(\.rawValue).joined(separator: ", ")
            return "the model's chat template is not one Infill knows (known: \(known)); it starts: \(excerpt)"
        }
    }
}

/// A model's chat layout: how system, user and assistant turns are written with its special tokens.
///
/// Only the single-exchange prompt the tasks need is built: an optional system turn, one user turn, and the
/// opening of the assistant's turn (what `add_generation_prompt` adds), optionally with the start of the
/// assistant's answer already written (a "prefill", e.g. an opening code fence).
public struct ChatTemplate: Sendable, Equatable {
    /// The recognised family.
    public let family: ChatTemplateFamily
    /// The system prompt the template writes when the conversation has none (Qwen's "You are Qwen, …").
    public let defaultSystemPrompt: String?
    /// Whether the Mistral layout has a `<<SYS>>` block (Llama-2/CodeLlama).
    public let mistralSystemBlock: Bool

    /// Recognises `template` (the text of `tokenizer.chat_template`).
    public init(template: String) throws {
        func has(_ marker: String) -> Bool { template.contains(marker) }
        if has("<|im_start|>") {
            family = .chatML
            defaultSystemPrompt = Self.literal(after: "<|im_start|>system\\n", before: "<|im_end|>", in: template)
                ?? Self.literal(after: "<|im_start|>system\n", before: "<|im_end|>", in: template)
        } else if has("<|start_header_id|>") && has("<|eot_id|>") {
            family = .llama3
            defaultSystemPrompt = nil
        } else if has("<｜User｜>") || has("<｜Assistant｜>") {
            family = .deepSeek
            defaultSystemPrompt = nil
        } else if has("### Instruction:") && has("### Response:") {
            family = .deepSeekCoder
            defaultSystemPrompt = Self.deepSeekCoderSystem(in: template)
        } else if has("<start_of_turn>") {
            family = .gemma
            defaultSystemPrompt = nil
        } else if has("[INST]") && has("[/INST]") {
            family = .mistral
            defaultSystemPrompt = nil
        } else {
            let start = template.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80)
            throw ChatTemplateError.unknown(excerpt: String(start))
        }
        mistralSystemBlock = family == .mistral && has("<<SYS>>")
    }

    /// The template of a GGUF file.
    public init(gguf: GGUFFile) throws {
        guard let text = gguf.string("tokenizer.chat_template"), !text.isEmpty else { throw ChatTemplateError.missing }
        try self.init(template: text)
    }

    /// The prompt text for one exchange (special tokens as text; encode with `parseSpecial: true`, with the
    /// tokenizer's BOS first when it adds one). `system` nil uses the template's default system prompt.
    public func render(system: String? = nil, user: String, assistantPrefill: String = "") -> String {
        layout(system: system ?? defaultSystemPrompt, user: user, assistantPrefill: assistantPrefill)
    }

    /// The prompt text for one exchange with the system turn `systemPrompt` asks for.
    public func render(_ systemPrompt: SystemPrompt, user: String, assistantPrefill: String = "") -> String {
        switch systemPrompt {
        case .templateDefault: return render(user: user, assistantPrefill: assistantPrefill)
        case .none: return layout(system: nil, user: user, assistantPrefill: assistantPrefill)
        case .text(let text): return layout(system: text, user: user, assistantPrefill: assistantPrefill)
        }
    }

    /// The family's layout of one exchange; no system turn when `system` is nil.
    private func layout(system: String?, user: String, assistantPrefill: String) -> String {
        switch family {
        case .chatML:
            var text = ""
            if let system { text += "<|im_start|>system\n\(system)<|im_end|>\n" }
            return text + "<|im_start|>user\n\(user)<|im_end|>\n<|im_start|>assistant\n" + assistantPrefill
        case .llama3:
            var text = ""
            if let system { text += "<|start_header_id|>system<|end_header_id|>\n\n\(system)<|eot_id|>" }
            return text + "<|start_header_id|>user<|end_header_id|>\n\n\(user)<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n" + assistantPrefill
        case .deepSeek:
            return (system ?? "") + "<｜User｜>\(user)<｜Assistant｜>" + assistantPrefill
        case .deepSeekCoder:
            return (system.map { $0 + "\n" } ?? "") + "### Instruction:\n\(user)\n### Response:\n" + assistantPrefill
        case .gemma:
            let body = system.map { "\($0)\n\n\(user)" } ?? user
            return "<start_of_turn>user\n\(body)<end_of_turn>\n<start_of_turn>model\n" + assistantPrefill
        case .mistral:
            let body: String
            if let system { body = mistralSystemBlock ? "<<SYS>>\n\(system)\n<</SYS>>\n\n\(user)" : "\(system)\n\n\(user)" } else { body = user }
            return "[INST] \(body) [/INST]" + assistantPrefill
        }
    }

    /// Texts of special tokens that end the assistant's turn in this family (besides the tokenizer's own
    /// end-of-generation tokens).
    public var endOfTurnMarkers: [String] {
        switch family {
        case .chatML: return ["<|im_end|>"]
        case .llama3: return ["<|eot_id|>"]
        case .deepSeek: return ["<｜end▁of▁sentence｜>"]
        case .deepSeekCoder: return ["<|EOT|>"]
        case .gemma: return ["<end_of_turn>"]
        case .mistral: return ["</s>"]
        }
    }

    /// The literal text between `start` and `end` when it contains no template syntax (a fixed default
    /// system prompt inside a quoted string of the template).
    static func literal(after start: String, before end: String, in template: String) -> String? {
        var searchFrom = template.startIndex
        while let from = template.range(of: start, range: searchFrom..<template.endIndex) {
            searchFrom = from.upperBound
            guard let to = template.range(of: end, range: from.upperBound..<template.endIndex) else { return nil }
            let text = String(template[from.upperBound..<to.lowerBound])
            if !text.isEmpty && !text.contains(where: { "{}'\"+\n".contains($0) }) { return text }
        }
        return nil
    }

    /// DeepSeek-Coder's fixed system sentence ("You are an AI programming assistant, …") when the template
    /// writes one in a quoted string.
    static func deepSeekCoderSystem(in template: String) -> String? {
        guard let start = template.range(of: "You are an AI programming assistant") else { return nil }
        let rest = template[start.lowerBound...]
        guard let quote = rest.firstIndex(where: { $0 == "'" || $0 == "\"" }) else { return nil }
        return String(rest[..<quote]).replacingOccurrences(of: "\\n", with: "\n").trimmingCharacters(in: .newlines)
    }
}

/// The system turn of a task's prompt.
public enum SystemPrompt: Sendable, Equatable {
    /// The template's own default when the conversation has none (Qwen2.5's "You are Qwen, created by Alibaba
    /// Cloud. You are a helpful assistant."), or no system turn when the template has no default: the prompt
    /// the model's own template renders for a single user message.
    case templateDefault
    /// No system turn at all, whatever the template's default (what llama-server sends for a user message
    /// without `--jinja`).
    case none
    /// A system turn with this text.
    case text(String)
}
