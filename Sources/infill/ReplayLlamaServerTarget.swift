import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The replay's editor for llama.cpp's server, behaving as llama.vim (ggml-org/llama.vim, `llama#fim`)
/// does with its defaults:
/// - `POST /infill` with `input_prefix` (up to 256 lines before the cursor's line), `prompt` (the cursor's
///   line up to the cursor; empty on a line of white space only), `input_suffix` (the rest of the line and
///   up to 64 lines after), `input_extra` (empty: llama.vim fills it from chunks it gathers while the user
///   is idle, which a steady typist never is), n_predict 256, n_indent, top-k 40, top-p 0.99, samplers
///   top_k/top_p/infill, `cache_prompt` true, t_max_prompt_ms 500, t_max_predict_ms 1500; plus a fixed seed
///   so that runs repeat.
/// - One request in flight at a time: a keystroke while one runs waits for it, and then the newest text is
///   asked for (llama.vim retries every 100 ms after the last keystroke), so the newest keystroke wins.
/// - Its local cache: a keystroke that types the start of an earlier answer (up to 10 characters back in
///   prefix and middle, the suffix the same) is answered from it at once.
/// - The shown text: trailing empty lines dropped; on a line of white space only, the suggestion's leading
///   white space that the line already has is dropped.
final class ReplayLlamaServerTarget: ReplayTarget, @unchecked Sendable {
    let name = "llama-server"
    var report: (@Sendable (ReplayEvent) -> Void)?

    private let endpoint: URL
    private let session: URLSession
    private let lock = NSLock()
    // Guarded by `lock`.
    private var text = ""
    private var cursor = 0
    private var state = 0
    private var lastKeystroke = 0.0
    private var inFlight = false
    private var waitingToSend = false
    private var sent = 0
    private var cache: [String: String] = [:]      // (text before the cursor, suffix) → content
    /// Set by `close()`: a retry scheduled before it must not use the invalidated session (that traps).
    private var closed = false

    /// A target for the server at `baseURL` (e.g. http://127.0.0.1:8012).
    init(baseURL: URL) {
        endpoint = baseURL.appendingPathComponent("infill")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 900     // a cold prompt on a loaded machine
        session = URLSession(configuration: configuration)
    }

    func open(text: String, cursor: Int, path: String, languageID: String) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<String?>(nil)
        let fields = LlamaInfillFields(text: text, cursor: cursor)
        post(fields) { content, error in
            if let error { failure.value = "llama-server at \(self.endpoint): \(error)" }
            if let content { self.lock.withLock { self.cache[fields.cacheKey] = content } }
            done.signal()
        }
        done.wait()
        if let message = failure.value { throw CommandError(message) }
        lock.withLock {
            self.text = text
            self.cursor = cursor
        }
    }

    func changed(inserted: String, at offset: Int, text: String, cursor: Int, state: Int) {
        let sendNow = lock.withLock { () -> Bool in
            self.text = text
            self.cursor = cursor
            self.state = state
            lastKeystroke = monotonicSeconds()
            if inFlight { waitingToSend = true; return false }
            return true
        }
        if sendNow { ask() }
    }

    var requestCount: Int { lock.withLock { sent } }

    func close() {
        lock.withLock {
            closed = true
            session.invalidateAndCancel()
        }
    }

    /// Asks for the newest text: from the local cache when it can, else from the server.
    private func ask() {
        let (fields, state, closed) = lock.withLock { (LlamaInfillFields(text: text, cursor: cursor), self.state, self.closed) }
        if closed { return }
        let now = monotonicSeconds()
        if let cached = cachedContent(for: fields) {
            lock.withLock { sent += 1 }
            report?(ReplayEvent(state: state, sentAt: now, arrivedAt: monotonicSeconds(), outcome: .suggestion(fields.shown(cached))))
            return
        }
        lock.withLock {
            inFlight = true
            sent += 1
        }
        post(fields) { [self] content, error in
            let arrivedAt = monotonicSeconds()
            if let content { lock.withLock { cache[fields.cacheKey] = content } }
            let outcome: ReplayEvent.Outcome = content.map { .suggestion(fields.shown($0)) } ?? .cancelled
            if let error { log("replay: llama-server request failed: \(error)") }
            report?(ReplayEvent(state: state, sentAt: now, arrivedAt: arrivedAt, outcome: outcome))
            let delay = lock.withLock { () -> Double? in
                inFlight = false
                guard waitingToSend else { return nil }
                waitingToSend = false
                inFlight = true                 // reserved for the retry below
                return max(0, lastKeystroke + 0.1 - monotonicSeconds())
            }
            if let delay {
                DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
                    lock.withLock { inFlight = false }
                    ask()
                }
            }
        }
    }

    /// llama.vim's cache: the answer for this text, or for the text up to 10 characters back when the
    /// characters typed since are the start of that answer.
    private func cachedContent(for fields: LlamaInfillFields) -> String? {
        lock.withLock {
            let before = fields.pastText
            for back in 0...10 where back <= before.count {
                let key = LlamaInfillFields.cacheKey(past: String(before.dropLast(back)), suffix: fields.suffix)
                guard let content = cache[key] else { continue }
                let typed = before.suffix(back)
                guard content.hasPrefix(typed) else { return nil }
                return String(content.dropFirst(back))
            }
            return nil
        }
    }

    private func post(_ fields: LlamaInfillFields, completion: @escaping @Sendable (String?, String?) -> Void) {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: fields.body)
        let task = lock.withLock { () -> URLSessionDataTask? in
            guard !closed else { return nil }
            return session.dataTask(with: request) { data, response, error in
                if let error { return completion(nil, "\(error)") }
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                guard status == 200, let data, let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                    return completion(nil, "HTTP \(status): \(String(decoding: data ?? Data(), as: UTF8.self).prefix(200))")
                }
                completion(object["content"] as? String ?? "", nil)
            }
        }
        guard let task else { return completion(nil, "the replay closed its connection to llama-server") }
        task.resume()
    }
}

/// The parts of a document llama.vim sends for a cursor, and how it shows the answer.
struct LlamaInfillFields: Sendable {
    var prefix: String
    var middle: String
    var suffix: String
    var indent: Int
    /// Whether the cursor's line holds only white space (then llama.vim sends none of it).
    var blankLine: Bool
    /// The cursor's line up to the cursor, as it is in the document.
    var lineBeforeCursor: String

    init(text: String, cursor: Int) {
        let bytes = Array(text.utf8)
        let split = min(max(0, cursor), bytes.count)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (lineIndex, _) = ReplayTyping.position(of: split, in: text)
        let lineStart = bytes[..<split].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let lineEnd = bytes[split...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        lineBeforeCursor = String(decoding: bytes[lineStart..<split], as: UTF8.self)
        var lineAfterCursor = String(decoding: bytes[split..<lineEnd], as: UTF8.self)
        blankLine = (lineBeforeCursor + lineAfterCursor).allSatisfy { $0 == " " || $0 == "\t" }
        middle = lineBeforeCursor
        indent = lineBeforeCursor.prefix { $0 == " " || $0 == "\t" }.count
        if blankLine {
            middle = ""
            lineAfterCursor = ""
            indent = 0
        }
        prefix = lines[max(0, lineIndex - 256)..<lineIndex].joined(separator: "\n") + "\n"
        let after = lines[min(lines.count, lineIndex + 1)..<min(lines.count, lineIndex + 1 + 64)]
        suffix = lineAfterCursor + "\n" + after.joined(separator: "\n") + "\n"
    }

    /// The JSON body of the `/infill` request.
    var body: [String: Any] {
        [
            "input_prefix": prefix, "input_suffix": suffix, "input_extra": [] as [Any], "prompt": middle,
            "n_predict": 256, "n_indent": indent, "top_k": 40, "top_p": 0.99, "stream": false,
            "samplers": ["top_k", "top_p", "infill"], "cache_prompt": true, "t_max_prompt_ms": 500,
            "t_max_predict_ms": 1500, "seed": 1,
        ]
    }

    /// What llama.vim's cache looks back through: the prefix, a separator, the middle.
    var pastText: String { prefix + "\u{1}" + middle }
    static func cacheKey(past: String, suffix: String) -> String { past + "\u{0}" + suffix }
    var cacheKey: String { Self.cacheKey(past: pastText, suffix: suffix) }

    /// The text the editor shows for the server's `content` (what taking it would insert at the cursor).
    func shown(_ content: String) -> String {
        var lines = content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { return "" }
        if blankLine {
            let lead = min(lines[0].prefix { $0 == " " || $0 == "\t" }.count, lineBeforeCursor.count)
            lines[0] = String(lines[0].dropFirst(lead))
        }
        return lines.joined(separator: "\n")
    }
}

/// A value shared with a callback.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
