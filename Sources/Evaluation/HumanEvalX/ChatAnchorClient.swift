import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The eval's anchor: an OpenAI-compatible chat server (llama.cpp's `llama-server` with the same GGUF),
/// asked greedily with one user message, its code taken from the first fenced block by the caller.
public struct ChatAnchorClient: Sendable {
    /// e.g. `http://127.0.0.1:8080`.
    public var baseURL: String
    public var maxTokens: Int

    public init(baseURL: String, maxTokens: Int = 512) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.maxTokens = maxTokens
    }

    /// The assistant's reply to `user` (temperature 0, `top_k` 1) and the request's seconds.
    public func complete(user: String) async throws -> (content: String, seconds: Double) {
        guard let url = URL(string: baseURL + "/v1/chat/completions") else { throw AnchorError("bad anchor URL '\(baseURL)'") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = 600
        let body: [String: Any] = ["messages": [["role": "user", "content": user]], "temperature": 0, "top_k": 1,
                                   "max_tokens": maxTokens, "seed": 0, "cache_prompt": false,
                                   // Prose after the first code block is not read: stop at its closing fence.
                                   "stop": ["\n```\n"]]
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let start = Date()
        let (data, response) = try await URLSession.shared.data(for: request)
        let seconds = Date().timeIntervalSince(start)
        guard (response as? HTTPURLResponse)?.statusCode == 200,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any],
              let content = message["content"] as? String else {
            throw AnchorError("the anchor answered something else than a chat completion: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return (content, seconds)
    }
}

/// A failure talking to the anchor server.
public struct AnchorError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
