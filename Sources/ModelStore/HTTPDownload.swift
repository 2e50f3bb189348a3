import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP GETs through URLSession: small answers into memory, large files streamed to disk while hashed.
enum HTTPDownload {
    /// The body of a small resource (e.g. a PyPI JSON answer).
    static func data(from url: URL, timeout: Double) async throws -> Data {
        let delegate = StreamingDelegate(url: url, output: nil, progress: { _, _ in })
        try await delegate.run(timeout: timeout)
        return delegate.collected
    }

    /// Streams the body of `url` into the new file `path`, hashing it as it goes; returns size and SHA-256.
    /// `progress` receives (bytes so far, expected total or 0).
    static func file(from url: URL, to path: String, timeout: Double,
                     progress: @escaping @Sendable (Int, Int) -> Void) async throws -> (bytes: Int, sha256: String) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ModelStoreError.fileSystem(path: path, reason: "cannot create the file")
        }
        defer { try? handle.close() }
        let delegate = StreamingDelegate(url: url, output: handle, progress: progress)
        try await delegate.run(timeout: timeout)
        return (delegate.received, delegate.digest)
    }
}

/// Receives one request's callbacks on a private serial queue: checks the status, writes and hashes the
/// body (or collects it), and resumes the waiting task when the transfer ends.
///
/// `@unchecked Sendable`: all mutable state is touched only from the session's serial delegate queue,
/// and read by `run`'s caller only after the completion callback resumed it.
private final class StreamingDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let url: URL
    let output: FileHandle?
    let progress: @Sendable (Int, Int) -> Void
    private(set) var received = 0
    private(set) var collected = Data()
    private var expected = 0
    private var hasher = SHA256()
    private var failure: Error?
    private(set) var digest = ""
    private var continuation: CheckedContinuation<Void, Error>?

    init(url: URL, output: FileHandle?, progress: @escaping @Sendable (Int, Int) -> Void) {
        self.url = url
        self.output = output
        self.progress = progress
    }

    /// Performs the request; `timeout` bounds connecting and every wait for more data.
    func run(timeout: Double) async throws {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = 24 * 3600
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        request.setValue("infill-model-store", forHTTPHeaderField: "User-Agent")
        let task = session.dataTask(with: request)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            queue.addOperation {
                self.continuation = continuation
                task.resume()
            }
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            failure = ModelStoreError.network(url: url.absoluteString, reason: "HTTP status \(http.statusCode)")
            completionHandler(.cancel)
            return
        }
        expected = max(0, Int(response.expectedContentLength))
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard failure == nil else { return }
        if let output {
            do {
                try output.write(contentsOf: data)
            } catch {
                failure = ModelStoreError.fileSystem(path: url.lastPathComponent, reason: "write failed: \(error)")
                dataTask.cancel()
                return
            }
            data.withUnsafeBytes { hasher.update($0) }
        } else {
            collected.append(data)
        }
        received += data.count
        progress(received, expected)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if failure == nil, let error {
            failure = ModelStoreError.network(url: url.absoluteString, reason: Self.explain(error))
        }
        if failure == nil { digest = SHA256.hex(hasher.finalize()) }
        let continuation = self.continuation
        self.continuation = nil
        if let failure {
            continuation?.resume(throwing: failure)
        } else {
            continuation?.resume()
        }
    }

    private static func explain(_ error: Error) -> String {
        let nsError = error as NSError
        switch nsError.code {
        case NSURLErrorTimedOut: return "timed out (no answer)"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "host not found (no network access?)"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorNotConnectedToInternet: return "not connected to the internet"
        default: return nsError.localizedDescription + " (code \(nsError.code))"
        }
    }
}
