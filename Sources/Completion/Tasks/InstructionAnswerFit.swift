import Languages

/// What of an instruction answer goes into the document.
public struct FittedAnswer: Sendable, Equatable {
    /// The function asked for, with the helper functions, types and constants the answer defined for it,
    /// at column 0.
    public var code: String
    /// Import lines the answer uses that the document lacks (they go to the document's imports).
    public var missingImports: [String]
    /// The function asked for alone (with the comments above it), when the answer defines it.
    public var function: String?
    /// The other kept items (helpers, types, constants), "" when none.
    public var helpers: String

    public init(code: String, missingImports: [String] = [], function: String? = nil, helpers: String = "") {
        self.code = code
        self.missingImports = missingImports
        self.function = function
        self.helpers = helpers
    }
}

/// Cuts an instruction answer down to what the document needs. Asked to write one function, chat models
/// often answer with a whole program: a package clause, imports, the function, a `main` or
/// `if __name__ == "__main__":` block, example calls (`print(f(2))`), or the method inside a copy of its
/// class. In a file, only the function and what it uses belong where the comment was.
///
/// Kept: the function, the function and type definitions it uses (directly or through each other; not the
/// entry point, nor helpers the document already defines), with the comments and decorators above them;
/// constants a kept definition reads. Dropped: the preamble,
/// the entry point, other statements, stand-alone comments. Imports the document lacks are returned apart.
/// When the site is inside a type (a method of a class) and the answer wrapped the function in a type,
/// the type's members are used instead. An answer with no definition left is returned as it was (nothing
/// recognisable to cut to).
enum InstructionAnswerFit {
    /// - Parameters:
    ///   - definedElsewhere: names of the functions the document defines outside the site (not written twice).
    ///   - documentHasComment: the document has the function's comment above its signature, which stays (the
    ///     edit replaces from the signature): the answer's own comment above the function is dropped.
    ///   - definingStatements: names whose top-level assignment is a definition to keep (a translated function
    ///     written `const twice = x => …`), not a statement to drop; with `function`, what the kept code starts from.
    static func fit(_ answer: String, language: CodeLanguage, function: FunctionSignature?, definedElsewhere: Set<String>,
                    document: String, siteIsNested: Bool, documentHasComment: Bool, definingStatements: Set<String> = []) -> FittedAnswer {
        var items = TopLevelItem.split(answer, language: language)
        if siteIsNested {
            items = items.flatMap { item -> [TopLevelItem] in
                guard case .definition(_, isType: true) = item.kind, let members = members(of: item, language: language),
                      members.contains(where: { $0.definesFunction(named: function?.name) }) else { return [item] }
                return members
            }
        }
        var kept: [Int] = []
        var statements: [Int] = []
        var imports: [TopLevelItem] = []
        for (index, item) in items.enumerated() {
            switch item.kind {
            case .importLine: imports.append(item)
            case .definition(let name, _):
                if let name, name != function?.name, definedElsewhere.contains(name) { continue }
                if documentHasComment && name != nil && name == function?.name { items[index] = item.withoutLeadingComments(language: language) }
                kept.append(index)
            case .statement:
                if item.assignedNames.contains(where: definingStatements.contains) { kept.append(index) } else { statements.append(index) }
            case .preamble, .entryPoint, .comment: continue
            }
        }
        guard !kept.isEmpty else { return FittedAnswer(code: answer) }
        kept = reachable(from: kept, items: items, targets: Set([function?.name].compactMap { $0 }).union(definingStatements))
        let used = Set(kept.flatMap { items[$0].identifiers })
        kept += statements.filter { items[$0].assignedNames.contains(where: used.contains) }
        let separator = language.blockStyle == .indentation && !siteIsNested ? "\n\n\n" : "\n\n"
        let code = kept.sorted().map { items[$0].text }.joined(separator: separator)
        let usedByKept = Set(kept.flatMap { items[$0].identifiers })
        let target = kept.first { items[$0].definesFunction(named: function?.name) && function != nil }
        return FittedAnswer(code: code, missingImports: ImportLines.missing(imports, in: document, language: language, used: usedByKept),
                            function: target.map { items[$0].text },
                            helpers: kept.sorted().filter { $0 != target }.map { items[$0].text }.joined(separator: separator))
    }

    /// The definitions among `candidates` (indices of `items`) that the target functions use, directly or
    /// through another: a helper stays, a `test_…` function or a second solution the answer added does not.
    /// All of them when no definition has a target's name (nothing to start from).
    static func reachable(from candidates: [Int], items: [TopLevelItem], targets: Set<String>) -> [Int] {
        func name(_ index: Int) -> String? {
            if case .definition(let name, _) = items[index].kind { return name }
            return nil
        }
        let starts = candidates.filter { name($0).map(targets.contains) ?? items[$0].assignedNames.contains(where: targets.contains) }
        guard !starts.isEmpty else { return candidates }
        var kept = Set(starts)
        var frontier = starts
        while let index = frontier.popLast() {
            let uses = Set(items[index].identifiers)
            for other in candidates where !kept.contains(other) {
                if let otherName = name(other), uses.contains(otherName) {
                    kept.insert(other)
                    frontier.append(other)
                }
            }
        }
        return candidates.filter(kept.contains)
    }

    /// Whether code placed after `before`, at `indentation`, is inside a type or function: brace languages by
    /// the brackets still open, indentation languages by the indentation itself.
    static func isNested(after before: Substring, indentation: String, language: CodeLanguage) -> Bool {
        guard language.blockStyle == .braces else { return !indentation.isEmpty }
        return SourceLine.scan(String(before), language: language).last.map { $0.depthAtEnd > 0 } ?? false
    }

    /// The members of a type definition item, dedented and split, or nil when its body cannot be told.
    static func members(of item: TopLevelItem, language: CodeLanguage) -> [TopLevelItem]? {
        let lines = SourceLine.scan(item.text, language: language)
        var inner: ArraySlice<SourceLine>
        if language.blockStyle == .braces {
            guard let open = lines.firstIndex(where: { $0.code.contains("{") }),
                  lines[open].code.split(separator: "{", omittingEmptySubsequences: false).last?.allSatisfy(\.isWhitespace) == true,
                  let close = lines.lastIndex(where: { $0.code.contains("}") }), close > open,
                  lines[close].code.trimmingCharacters(in: .whitespaces).hasPrefix("}") else { return nil }
            inner = lines[(open + 1)..<close]
        } else {
            guard let header = lines.firstIndex(where: { !$0.isCommentOnly && !$0.code.trimmingCharacters(in: .whitespaces).hasPrefix("@") }),
                  lines[header].code.trimmingCharacters(in: .whitespaces).hasSuffix(":") else { return nil }
            inner = lines[(header + 1)...]
        }
        return TopLevelItem.split(TopLevelItem.dedented(inner.map(\.text).joined(separator: "\n")), language: language)
    }
}

extension TopLevelItem {
    /// The item without the comment lines above its first line of code.
    func withoutLeadingComments(language: CodeLanguage) -> TopLevelItem {
        let scanned = SourceLine.scan(text, language: language)
        guard let first = scanned.firstIndex(where: { !$0.isCommentOnly && !$0.isBlank }) else { return self }
        var copy = self
        copy.lines = Array(lines[first...])
        return copy
    }

    /// The identifiers of the item's code (strings and comments left out).
    var identifiers: [String] {
        codeLines.flatMap { CandidateCodeChecks.identifiers(in: $0).map(String.init) }
    }

    /// Whether the item defines a function named `name` (any function when `name` is nil).
    func definesFunction(named name: String?) -> Bool {
        guard case .definition(let defined, isType: false) = kind else { return false }
        return name == nil || defined == name
    }
}

extension WriteFunctionRequest {
    /// `code` as it goes into `text` at `site`: an instruction answer cut down by `InstructionAnswerFit`;
    /// fill-in-the-middle code as it is (it continues the file, the model saw everything around it).
    public func fitted(_ code: String, site: FunctionSite, in text: String) -> FittedAnswer {
        guard method == .instruction else { return FittedAnswer(code: code) }
        let start = text.index(text.startIndex, offsetBy: min(text.count, site.startOffset(in: text)))
        let nested = InstructionAnswerFit.isNested(after: text[..<start], indentation: site.indentation, language: language)
        return InstructionAnswerFit.fit(code, language: language, function: function ?? FunctionSignature.first(in: code, language: language),
                                        definedElsewhere: Set(site.functionsAround(in: text, language: language).map(\.name)),
                                        document: text, siteIsNested: nested,
                                        // A site without a signature is a comment, which the function goes under.
                                        documentHasComment: site.signatureOffset.map { site.startOffset(in: text) < $0 } ?? true)
    }
}
