import Foundation
import Languages

/// Why a code task on an open document cannot run, found from the text alone (before the model is asked).
public enum DocumentCodeTaskError: Error, Equatable, CustomStringConvertible {
    /// The target language is not one the tasks know.
    case unknownTargetLanguage(String)
    /// The document's language (from its language id and name) is not one the tasks know.
    case unknownFileLanguage(languageID: String)
    /// The selection holds no code.
    case emptySelection
    /// Neither the text nor the document says what language the selection is in.
    case unknownSourceLanguage
    /// No function to write at the line (no comment or signature, one that has a body, a line outside).
    case noFunctionSite(FunctionSiteError)
    /// The model wrote nothing usable.
    case noCode

    /// Whether the error is about an argument (the request asked for something that cannot exist) rather
    /// than about the text (nothing to do there).
    public var isBadArgument: Bool {
        switch self {
        case .unknownTargetLanguage: return true
        case .noFunctionSite(.lineOutsideDocument): return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .unknownTargetLanguage(let name):
            return "unknown target language '\(name)'; known: \(CodeLanguage.knownNamesDescription)"
        case .unknownFileLanguage(let id):
            return "cannot tell the language of this document (language id '\(id)'); known: \(CodeLanguage.knownNamesDescription)"
        case .emptySelection: return "the selection is empty: select the code to translate"
        case .unknownSourceLanguage: return "cannot tell the language of the selected code"
        case .noFunctionSite(let error): return "\(error)"
        case .noCode: return "the model wrote no code"
        }
    }
}

/// A translation or a function to write in an open document, located from the text alone. Offsets are
/// UTF-8 bytes (what the daemon speaks), converted here to the characters the tasks count.
public struct DocumentCodeTask: Sendable {
    private enum Job: Sendable {
        /// Translate the characters `replaced`; `indentation` is the selection's first line's, written
        /// before the first line too when `indentsFirstLine` (the selection starts at its line's start);
        /// `intoFileLanguage`: the target is the document's own language (its imports can take the code's).
        case translate(TranslateRequest, replaced: Range<Int>, indentation: String, indentsFirstLine: Bool, endsWithNewline: Bool,
                       intoFileLanguage: Bool)
        case writeFunction(FunctionSite, language: CodeLanguage)
    }

    /// The document as the editor has it (offsets are converted against it).
    private let text: String
    /// `text` with CRLF line ends as LF, what the task rules read. A CRLF is one `Character`, so character
    /// offsets are the same in both.
    private let plain: String
    private let job: Job
    /// What the task does, for the user ("translating to Rust", "writing nth_prime").
    public let title: String

    /// The language of a document: its LSP language id if that names one, else its path's extension.
    public static func language(id: String, path: String) -> CodeLanguage? {
        CodeLanguage.named(id) ?? CodeLanguage.forPath(path)
    }

    /// Lines around a selection's start that the offers are decided from (before, after).
    static let offerWindow = (before: 80, after: 160)

    /// The code actions for a selection (UTF-8 bytes of `text`): see `CodeTaskActions.offered`. Editors ask
    /// on every cursor move, so the offers are decided from a window of lines around the selection's start
    /// (`offerWindow`: a comment and its signature are a few lines; detection needs only a sample of the
    /// selection), not the whole file. A `.writeFunction` site is therefore relative to that window: run
    /// the task with `function(text:positionUTF8:…)`, which locates it in the whole text.
    public static func actions(text: String, selectionUTF8: Range<Int>, fileLanguage: CodeLanguage?) -> [CodeTaskAction] {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: max(0, min(selectionUTF8.lowerBound, utf8.count)))
        let end = utf8.index(utf8.startIndex, offsetBy: max(0, min(max(selectionUTF8.upperBound, selectionUTF8.lowerBound), utf8.count)))
        // From the start of the line `before` lines up to the end of the line `after` lines down.
        var windowStart = start
        var newlines = 0
        while windowStart > utf8.startIndex {
            let previous = utf8.index(before: windowStart)
            if utf8[previous] == UInt8(ascii: "\n") {
                newlines += 1
                if newlines > offerWindow.before { break }
            }
            windowStart = previous
        }
        var windowEnd = start
        newlines = 0
        while windowEnd < utf8.endIndex {
            if utf8[windowEnd] == UInt8(ascii: "\n") {
                newlines += 1
                if newlines > offerWindow.after { break }
            }
            windowEnd = utf8.index(after: windowEnd)
        }
        let window = String(text[windowStart..<windowEnd])
        let lower = window.distance(from: window.startIndex, to: window.utf8.index(window.startIndex, offsetBy: utf8.distance(from: windowStart, to: start)))
        let upper = window.distance(from: window.startIndex, to: window.utf8.index(window.startIndex, offsetBy: utf8.distance(from: windowStart, to: min(end, windowEnd))))
        return CodeTaskActions.offered(text: lineFeeds(window), selection: lower..<max(lower, upper), fileLanguage: fileLanguage)
    }

    /// The translation of the selection (UTF-8 bytes of `text`) to the language named `target`.
    public static func translation(text: String, selectionUTF8: Range<Int>, target: String, fileLanguage: CodeLanguage?,
                                   from named: CodeLanguage? = nil) throws -> DocumentCodeTask {
        guard let to = CodeLanguage.named(target) else { throw DocumentCodeTaskError.unknownTargetLanguage(target) }
        let lower = characterOffset(ofUTF8: selectionUTF8.lowerBound, in: text)
        let upper = max(lower, characterOffset(ofUTF8: selectionUTF8.upperBound, in: text))
        let plain = lineFeeds(text)
        let start = plain.index(plain.startIndex, offsetBy: lower)
        let end = plain.index(plain.startIndex, offsetBy: upper)
        let selected = String(plain[start..<end])
        guard selected.contains(where: { !$0.isWhitespace }) else { throw DocumentCodeTaskError.emptySelection }
        guard let from = named ?? LanguageDetection.detect(selected) ?? fileLanguage else { throw DocumentCodeTaskError.unknownSourceLanguage }
        let lineStart = plain[..<start].lastIndex(of: "\n").map { plain.index(after: $0) } ?? plain.startIndex
        let before = plain[lineStart..<start]
        let lineText = plain[lineStart...].prefix { $0 != "\n" }
        let indentation = String(lineText.prefix { $0 == " " || $0 == "\t" })
        let job = Job.translate(TranslateRequest(source: selected, from: from, to: to), replaced: lower..<upper, indentation: indentation,
                                indentsFirstLine: before.isEmpty, endsWithNewline: selected.hasSuffix("\n"), intoFileLanguage: fileLanguage?.id == to.id)
        return DocumentCodeTask(text: text, plain: plain, job: job, title: "translating \(from.name) to \(to.name)")
    }

    /// The function whose comment, docstring or signature is on the line of `positionUTF8`.
    public static func function(text: String, positionUTF8: Int, fileLanguage: CodeLanguage?, languageID: String) throws -> DocumentCodeTask {
        guard let language = fileLanguage else { throw DocumentCodeTaskError.unknownFileLanguage(languageID: languageID) }
        let plain = lineFeeds(text)
        let offset = characterOffset(ofUTF8: positionUTF8, in: text)
        let line = plain.prefix(offset).reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        let site: FunctionSite
        do { site = try FunctionSite.locate(in: plain, line: line, language: language) } catch let error as FunctionSiteError {
            throw DocumentCodeTaskError.noFunctionSite(error)
        }
        return DocumentCodeTask(text: text, plain: plain, job: .writeFunction(site, language: language),
                                title: "writing \(site.function.map { "'\($0.name)'" } ?? "the function")")
    }

    /// The request that writes the function with `method` (nil for a translation).
    public func writeRequest(method: WriteMethod) -> WriteFunctionRequest? {
        guard case .writeFunction(let site, let language) = job else { return nil }
        return WriteFunctionRequest.at(site, in: plain, language: language, method: method)
    }

    /// How `engine` writes the function when nobody asks for a method (nil for a translation).
    public func defaultWriteMethod(on engine: CodeTaskEngine) -> WriteMethod? {
        guard case .writeFunction(let site, let language) = job else { return nil }
        return engine.defaultWriteMethod(for: site, in: plain, language: language)
    }

    /// Runs the task on `engine` and places its best candidate; nil when cancelled. A function is written by
    /// `method`, or when nil the way `CodeTaskEngine.defaultWriteMethod` picks for its kind (alone in its
    /// file or among other functions).
    public func run(on engine: CodeTaskEngine, options: CodeTaskOptions, method: WriteMethod? = nil,
                    isCancelled: @escaping () -> Bool) throws -> DocumentCodeTaskResult? {
        let (result, used) = try candidates(on: engine, options: options, method: method, isCancelled: isCancelled)
        if result.cancelled { return nil }
        guard let best = result.candidates.first else { throw DocumentCodeTaskError.noCode }
        var answer = placed(best.code, method: used)
        answer.caveat = result.caveat(language: language)
        return answer
    }

    /// The language the task writes code in: the translation's target, or the function's.
    public var language: CodeLanguage {
        switch job {
        case .translate(let request, _, _, _, _, _): return request.to
        case .writeFunction(_, let language): return language
        }
    }

    /// Runs the task on `engine`: every ranked candidate (best first) and the method that wrote them
    /// (`.fim` for a translation, where it does not apply). Place one with `placed(_:method:)`.
    public func candidates(on engine: CodeTaskEngine, options: CodeTaskOptions, method: WriteMethod? = nil,
                           isCancelled: @escaping () -> Bool = { false }) throws -> (result: CodeTaskResult, method: WriteMethod) {
        switch job {
        case .translate(var request, let replaced, _, _, _, let intoFileLanguage):
            var builtAloneBecause: String?
            if intoFileLanguage, options.buildCheck, options.strategy != .greedy {
                switch inDocumentBuild(of: request, replacing: replaced, checker: engine.buildChecker) {
                case .inFile(let program, let baseline):
                    request.buildProgram = program
                    request.buildBaseline = baseline
                case .alone(let restFailure):
                    builtAloneBecause = restFailure
                }
            }
            var result = try engine.translate(request, options: options, isCancelled: isCancelled)
            result.builtAloneBecause = builtAloneBecause
            return (result, .fim)
        case .writeFunction(let site, let language):
            return try engine.writeFunction(at: site, in: plain, language: language, method: method, options: options, isCancelled: isCancelled)
        }
    }

    /// The largest document (UTF-8 bytes) a translation into it is built in (`inDocumentBuild`): a compiler reading
    /// a larger file (a generated or minified one) for the rest check and for every candidate could take the build
    /// check's whole time limit each time, before the user sees anything; past it, candidates are built alone.
    public static let largestFileBuiltWhole = 256 * 1024

    /// How a translation into the document's own language is built: the document with the candidate in its
    /// place (`placed(_:method:)`, imports included), where the file's helpers and types are, so a translation
    /// calling the file's `isPrime` builds (alone it would not, and a repair round would have the model write a
    /// second `isPrime`). The rest of the document is built first, once, the selection left out. When it fails
    /// for reasons of its own (a file being edited), its verdict is the baseline: a candidate is judged by the
    /// messages it adds (`BuildVerdict.excluding`), unless the rest's failure may hide them (a syntax error, a
    /// fatal one: `BuildVerdict.mayHideLaterMessages`); then, as for a document with nothing else, each candidate
    /// is built alone, and the rest's first message is kept for the caveat.
    private func inDocumentBuild(of request: TranslateRequest, replacing replaced: Range<Int>, checker: BuildChecker) -> InDocumentBuild {
        guard plain.utf8.count <= Self.largestFileBuiltWhole else { return .alone(restFailure: nil) }
        let rest = documentOutside(replaced)
        guard rest.contains(where: { !$0.isWhitespace }) else { return .alone(restFailure: nil) }
        let scope = request.from.map { request.buildScope(from: $0) } ?? .definitions   // `translation(…)` sets `from`
        guard let verdict = checker.check(code: rest, language: request.to, scope: scope) else { return .alone(restFailure: nil) }
        guard verdict.builds || !verdict.mayHideLaterMessages else {
            return .alone(restFailure: verdict.messages.first { $0.hasPrefix("`") } ?? verdict.messages.first)
        }
        return .inFile(program: { [self] code in Self.lineFeeds(placed(code).applied(to: text)) }, baseline: verdict.builds ? nil : BuildBaseline(known: verdict))
    }

    /// Where a translation into the document's language is built (`inDocumentBuild`).
    private enum InDocumentBuild {
        /// In the document, in place of the selection; judged against `baseline` when the rest fails on its own.
        case inFile(program: @Sendable (String) -> String, baseline: BuildBaseline?)
        /// Alone; `restFailure`: the first message of the rest of the document, when that is why.
        case alone(restFailure: String?)
    }

    /// Where a candidate's `code` goes in the document: a translation replaces the selection, indented as
    /// its first line was (and keeping a final line break), without the answer's demo code and with the imports
    /// it needs after the file's own (`TranslationFit`); a function's body (`.fim`) or whole function
    /// (`.instruction`, cut down to the function and what it uses: `InstructionAnswerFit`; only its body
    /// when the file has the signature) goes where `FunctionSite` says, with the file's indentation; its
    /// helpers go before it and the imports it needs that the file lacks after the file's imports
    /// (`WriteFunctionRequest.placement`).
    public func placed(_ code: String, method: WriteMethod = .fim) -> DocumentCodeTaskResult {
        switch job {
        case .translate(let request, let replaced, let indentation, let indentsFirstLine, let endsWithNewline, let intoFileLanguage):
            let (translation, imports) = fittedTranslation(code, request: request, replaced: replaced, indentation: indentation,
                                                           intoFileLanguage: intoFileLanguage)
            var newText = Self.indented(translation, with: indentation, firstLine: indentsFirstLine)
            if endsWithNewline && !newText.hasSuffix("\n") { newText += "\n" }
            return DocumentCodeTaskResult(code: inFileLineEnds(translation), replaceUTF8Range: utf8Range(replaced), newText: inFileLineEnds(newText),
                                          additionalEdits: imports.map {
                                              [DocumentTextEdit(replaceUTF8Range: utf8Range($0.offset..<($0.offset + $0.length)), newText: inFileLineEnds($0.newText))]
                                          } ?? [])
        case .writeFunction(let site, let language):
            let placement = WriteFunctionRequest.at(site, in: plain, language: language, method: method).placement(of: code, site: site, in: plain)
            let edit = placement.function
            return DocumentCodeTaskResult(code: inFileLineEnds(placement.wholeFunction),
                                          replaceUTF8Range: utf8Range(edit.offset..<(edit.offset + edit.length)), newText: inFileLineEnds(edit.newText),
                                          additionalEdits: placement.others.map {
                                              DocumentTextEdit(replaceUTF8Range: utf8Range($0.offset..<($0.offset + $0.length)), newText: inFileLineEnds($0.newText))
                                          })
        }
    }

    /// A translation's code as it replaces the characters `replaced` (`TranslationFit`: without the answer's
    /// demo code), and the edit that adds the imports it uses that the document lacks after the document's own
    /// (nil when none; written before the code instead when that place is the selection's). A document with
    /// nothing besides the selection, or in another language than the target (a Python file's function
    /// translated to Rust there), gets the translation standing alone, its imports at its top.
    private func fittedTranslation(_ code: String, request: TranslateRequest, replaced: Range<Int>, indentation: String,
                                   intoFileLanguage: Bool) -> (code: String, imports: CodeTaskEdit?) {
        guard let from = request.from else { return (code, nil) }
        let start = plain.index(plain.startIndex, offsetBy: replaced.lowerBound)
        // Its imports and code are the document's own.
        let outside = documentOutside(replaced)
        guard intoFileLanguage, outside.contains(where: { !$0.isWhitespace }) else {
            return (TranslationFit.standalone(code, source: request.source, from: from, to: request.to), nil)
        }
        let nested = InstructionAnswerFit.isNested(after: plain[..<start], indentation: indentation, language: request.to)
        guard let fitted = TranslationFit.inDocument(code, source: request.source, from: from, to: request.to, documentOutside: outside,
                                                     siteIsNested: nested) else { return (code, nil) }
        guard let imports = ImportLines.insertion(of: fitted.missingImports, into: outside, language: request.to) else { return (fitted.code, nil) }
        if (replaced.lowerBound...replaced.upperBound).contains(imports.offset) {
            return (fitted.missingImports.joined(separator: "\n") + "\n\n" + fitted.code, nil)
        }
        return (fitted.code, imports)
    }

    /// The document with the characters `replaced` (the selection) blanked out, line breaks and offsets kept.
    private func documentOutside(_ replaced: Range<Int>) -> String {
        let start = plain.index(plain.startIndex, offsetBy: replaced.lowerBound)
        let end = plain.index(plain.startIndex, offsetBy: replaced.upperBound)
        return String(plain[..<start]) + String(plain[start..<end].map { $0 == "\n" ? "\n" : " " }) + String(plain[end...])
    }

    /// `code` with `indentation` before every non-blank line (the first one only when `firstLine`).
    static func indented(_ code: String, with indentation: String, firstLine: Bool) -> String {
        guard !indentation.isEmpty else { return code }
        return code.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            line.allSatisfy(\.isWhitespace) || (index == 0 && !firstLine) ? String(line) : indentation + line
        }.joined(separator: "\n")
    }

    /// `text` with CRLF line ends as LF (`LineEnds`).
    static func lineFeeds(_ text: String) -> String {
        LineEnds.lineFeeds(text)
    }

    /// `code` (LF line ends) with the document's line ends: CRLF when the document uses them.
    private func inFileLineEnds(_ code: String) -> String {
        (text.utf8.count == plain.utf8.count ? LineEnds.lf : .crlf).applied(to: code)
    }

    private func utf8Range(_ characters: Range<Int>) -> Range<Int> {
        Self.utf8Offset(ofCharacter: characters.lowerBound, in: text)..<Self.utf8Offset(ofCharacter: characters.upperBound, in: text)
    }

    /// The character offset of UTF-8 byte `offset` of `text` (clamped; inside a character: that character's start).
    static func characterOffset(ofUTF8 offset: Int, in text: String) -> Int {
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: max(0, min(offset, utf8.count)))
        return text.distance(from: text.startIndex, to: index)
    }

    /// The UTF-8 byte offset of character `offset` of `text` (clamped).
    static func utf8Offset(ofCharacter offset: Int, in text: String) -> Int {
        let index = text.index(text.startIndex, offsetBy: max(0, min(offset, text.count)))
        return text.utf8.distance(from: text.utf8.startIndex, to: index)
    }
}

/// What a document task produced and where it goes.
public struct DocumentCodeTaskResult: Sendable, Equatable {
    /// The code: the translation, or the whole function (signature included).
    public var code: String
    /// The UTF-8 range of the document the edit replaces.
    public var replaceUTF8Range: Range<Int>
    /// The text the edit puts there.
    public var newText: String
    /// Other edits of the same document, none overlapping the main one: the imports a written function
    /// needs that the file lacks.
    public var additionalEdits: [DocumentTextEdit] = []
    /// What the user should know before trusting the code (`CodeTaskCandidate.caveat(language:)`): it does not
    /// build, or fails its examples; nil when nothing is known against it.
    public var caveat: String?

    /// All the edits, in document order (`replaceUTF8Range` is the main one).
    public var edits: [DocumentTextEdit] {
        (additionalEdits + [DocumentTextEdit(replaceUTF8Range: replaceUTF8Range, newText: newText)])
            .sorted { $0.replaceUTF8Range.lowerBound < $1.replaceUTF8Range.lowerBound }
    }

    /// `text` (the document the task ran on) with every edit applied.
    public func applied(to text: String) -> String {
        var bytes = Array(text.utf8)
        for edit in edits.reversed() { bytes.replaceSubrange(edit.replaceUTF8Range, with: Array(edit.newText.utf8)) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One edit of a document, in UTF-8 bytes.
public struct DocumentTextEdit: Sendable, Equatable {
    public var replaceUTF8Range: Range<Int>
    public var newText: String

    public init(replaceUTF8Range: Range<Int>, newText: String) {
        self.replaceUTF8Range = replaceUTF8Range
        self.newText = newText
    }
}
