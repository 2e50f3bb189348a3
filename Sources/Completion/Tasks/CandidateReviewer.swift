import Decoding
import Foundation
import InfillLog
import Languages
import Tokenizer
import Transformer

/// The reviewer's side of coder–reviewer ranking (Zhang et al. 2022, "Coder-Reviewer Reranking for Code
/// Generation"): how likely the model finds the description the user wrote once it has read a candidate's
/// code. A candidate that does something else than the comment says makes the comment less likely; the
/// coder's own log-probability cannot see that, since every candidate was likely to the coder.
///
/// The description is shown after the code, as the answer to a request for it (the model's chat template),
/// and scored by teacher forcing: one batched pass over prompt and description, the log-probability of
/// each description token read from the logits before it. The candidate's own comments (and Python's
/// docstrings) are removed first: a candidate that copies the comment would otherwise explain it best.
/// Only the description's prose is scored, without its examples (`prose(of:)`).
public struct CandidateReviewer {
    public let model: LoadedModel
    public let template: ChatTemplate

    public init(model: LoadedModel, template: ChatTemplate) {
        self.model = model
        self.template = template
    }

    /// Mean log-probability per token of `description` after `code` (in `language`); nil when either is
    /// empty once comments are removed. `cache` is reused (the rows of the same leading tokens kept): one per reviewer call site.
    public func meanLogprob(of description: String, given code: String, language: CodeLanguage, cache: KVCache) throws -> Double? {
        let reading = Self.readCode(Self.codeWithoutComments(code, language: language), language: language)
        return try meanLogprob(ofScored: Self.scoredText(of: description), givenReading: reading, language: language, cache: cache)
    }

    /// The same for code as the reviewer reads it: without comments (`codeWithoutComments`) and imports (`readCode`).
    ///
    /// The code is read without its import lines: they say nothing of what it does, and codes
    /// that differ only in them are then one reading. Without them the readings of one task may also share the
    /// signature's rows in the cache; that saved little (on the Zen 2, 36 tokens kept per C++ reading against
    /// 34). On the recorded HumanEval-X candidates it chose as many passing functions (82 of 122); the request
    /// put before the code, to share it too, chose 4 fewer (docs/translate-and-write.md).
    /// `description` is the text to score as `scoredText(of:)` gives it: taken once per task by a caller that reads several codes.
    func meanLogprob(ofScored description: String, givenReading code: String, language: CodeLanguage, cache: KVCache) throws -> Double? {
        guard code.contains(where: { !$0.isWhitespace }), description.contains(where: { !$0.isWhitespace }) else { return nil }
        let user = "```\(language.fenceTag)\n\(code)\n```\nWrite the documentation comment of this \(language.name) function: what it does, in plain words."
        return try teacherForcedMean(answer: description, user: user, answerPrefix: "", cache: cache)
    }

    /// What the reviewer scores of `description`: its prose (`prose(of:)`), or the whole description when it is all examples.
    public static func scoredText(of description: String) -> String {
        let prose = prose(of: description)
        return prose.contains(where: { !$0.isWhitespace }) ? prose : description
    }

    /// `description` without its examples: doctest lines (`>>> f(2)` and the value on the line after), stated
    /// results and assertions (`f(2) == 4`, `assert f(2) == 4`, as `ExampleExtraction` reads them) and the
    /// lines that introduce them (`For example:`, `Examples:`). The reviewer scores only this: the examples
    /// were a quarter of HumanEval-X's JavaScript descriptions, read after every candidate, and on the
    /// recorded candidates the reviewer chose the same without them (docs/translate-and-write.md, "The
    /// reviewer reads the prose").
    public static func prose(of description: String) -> String {
        let lines = description.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var kept: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix(">>>") {
                if i + 1 < lines.count, !lines[i + 1].hasPrefix(">>>") { i += 1 }   // its value
            } else if ExampleExtraction.assertion(line) == nil, ExampleExtraction.statedResult(line) == nil, !introducesExamples(line) {
                kept.append(line)
            }
            i += 1
        }
        return kept.joined(separator: "\n")
    }

    /// `Example:`, `For example:`, `Examples`, `e.g.:` and the like: a line that only announces examples.
    static func introducesExamples(_ line: String) -> Bool {
        let words = line.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :.-"))
        return ["example", "examples", "for example", "for examples", "e.g", "eg", "example usage", "usage", "examples of usage"].contains(words)
    }

    /// The code the reviewer reads of a candidate without comments: without its import lines (`#include`,
    /// `import`, `using namespace`, Go's `import ( … )` blocks), which say nothing of what the function does.
    public static func readCode(_ bare: String, language: CodeLanguage) -> String {
        var kept: [Substring] = []
        var inImportBlock = false
        for line in bare.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inImportBlock {
                if trimmed.hasPrefix(")") { inImportBlock = false }
                continue
            }
            if language.id == "go", trimmed.hasPrefix("import ("), !trimmed.contains(")") { inImportBlock = true; continue }
            if ImportLines.isImport(trimmed, language: language) { continue }
            kept.append(line)
        }
        while let first = kept.first, first.allSatisfy(\.isWhitespace) { kept.removeFirst() }
        return kept.joined(separator: "\n")
    }

    /// Back-translation, the reviewer's side for a translation (noisy-channel reranking): the mean
    /// log-probability per token of the source's code when the model is asked to translate the candidate back
    /// into the source language. Both are read without comments (`codeWithoutComments`), so a candidate that
    /// copies the source's comments earns nothing; what counts is whether its code maps back onto the
    /// source's. Every candidate of one task is scored against the same source tokens, so the means compare.
    /// nil when either side is empty.
    public func backTranslationLogprob(ofSource bareSource: String, in sourceLanguage: CodeLanguage, givenBareCode bare: String,
                                       language: CodeLanguage, cache: KVCache) throws -> Double? {
        guard bare.contains(where: { !$0.isWhitespace }), bareSource.contains(where: { !$0.isWhitespace }) else { return nil }
        let user = "Translate this \(language.name) function to \(sourceLanguage.name):\n\n```\(language.fenceTag)\n\(bare)\n```"
        return try teacherForcedMean(answer: bareSource + "\n```", user: user, answerPrefix: TaskPrompts.answerPrefill(for: sourceLanguage), cache: cache)
    }

    /// Mean log-probability per token of `answer` as the assistant's reply to `user` (after `answerPrefix`,
    /// written into the reply and not scored), by teacher forcing: one batched pass over prompt and answer,
    /// each answer token's log-probability read from the logits before it. nil when it does not fit `cache`.
    /// `cache` keeps its rows for the next call, which reuses those of the same leading tokens.
    func teacherForcedMean(answer text: String, user: String, answerPrefix: String, cache: KVCache) throws -> Double? {
        let tokenizer = model.tokenizer
        var prompt = tokenizer.encode(template.render(user: user, assistantPrefill: answerPrefix), parseSpecial: true)
        if tokenizer.addsBOS, let bos = tokenizer.bosID, prompt.first != bos { prompt.insert(bos, at: 0) }
        let answer = tokenizer.encode(text, parseSpecial: false)
        guard !answer.isEmpty else { return nil }
        guard prompt.count + answer.count <= cache.maximumLength else { return nil }
        // Rows follow tokens prompt.count-1 … end-1: each predicts the next answer token. The rows the cache
        // already holds for the same leading tokens (the chat turns and the code's first lines, which the
        // candidates of one task mostly share) are kept: only the rest is computed, up to the prompt's last
        // token at least, whose logits are needed.
        let sequence = prompt + answer.dropLast()
        let reused = min(cache.exactPrefixLength(with: sequence), prompt.count - 1)
        cache.truncate(to: reused)
        Logger.shared.debug("tasks", "reviewer: \(sequence.count) tokens, \(reused) kept from the reading before")
        let rows = try model.transformer.forwardAll(Array(sequence[reused...]), cache: cache, logitsFrom: prompt.count - 1 - reused)
        var sum = 0.0
        for (row, token) in zip(rows, answer) {
            sum += Double(row[Int(token)]) - Distribution.logNormalizer(row)
        }
        return sum / Double(answer.count)
    }

    /// The plain words of the comments and docstrings of `text` (a prompt: comment and signature): comment
    /// markers, `*` gutters and Python's triple quotes removed, one line per line, blank lines dropped.
    public static func description(in text: String, language: CodeLanguage) -> String {
        // Python's description is its docstring, a string; elsewhere strings are code's, not the comment's.
        let takesStrings = language.blockStyle == .indentation && (text.contains("\"\"\"") || text.contains("'''"))
        var lines: [String] = []
        var current = ""
        for (character, kind) in CodeScanner.classify(text, language: language) {
            if character == "\n" {
                lines.append(current)
                current = ""
            } else if kind == .comment || (kind == .string && takesStrings) {
                current.append(character)
            }
        }
        lines.append(current)
        let markers = CharacterSet(charactersIn: "/*# \t")
        return lines.map { line in
            var words = line.trimmingCharacters(in: markers)
            for quotes in ["\"\"\"", "'''"] {
                if words.hasPrefix(quotes) { words = String(words.dropFirst(3)) }
                if words.hasSuffix(quotes) { words = String(words.dropLast(3)) }
            }
            return words.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// `code` without its comments and, in Python, without its triple-quoted strings (docstrings); lines
    /// left empty by that are dropped.
    public static func codeWithoutComments(_ code: String, language: CodeLanguage) -> String {
        var kept = ""
        var pendingTriple = false
        let classified = CodeScanner.classify(code, language: language)
        var i = 0
        while i < classified.count {
            let (character, kind) = classified[i]
            if kind == .comment && character != "\n" { i += 1; continue }   // a line comment's end is the line's
            if language.blockStyle == .indentation, kind == .string, character == "\"" || character == "'",
               i + 2 < classified.count, classified[i + 1].character == character, classified[i + 2].character == character {
                pendingTriple = true
            }
            if pendingTriple {
                // Skip the whole triple-quoted string, its line breaks aside: up to the next code character.
                if kind == .string && character != "\n" { i += 1; continue }
                if kind != .string { pendingTriple = false }
            }
            kept.append(character)
            i += 1
        }
        return kept.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .joined(separator: "\n")
    }
}
