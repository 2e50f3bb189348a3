import Foundation

/// The open documents, thread-safe.
public final class DocumentStore: @unchecked Sendable {
    private var documents: [String: DocumentSnapshot] = [:]
    private var order: [String] = []
    private let lock = NSLock()

    public init() {}

    public func open(uri: String, languageID: String, version: Int, text: String) {
        lock.withLock {
            documents[uri] = DocumentSnapshot(uri: uri, languageID: languageID, version: version, text: text)
            order.removeAll { $0 == uri }
            order.append(uri)
        }
    }

    /// Applies edits; on any invalid range nothing changes and the error says why.
    @discardableResult
    public func change(uri: String, version: Int, edits: [TextChange], encoding: PositionEncoding) throws -> DocumentSnapshot {
        try lock.withLock {
            guard let doc = documents[uri] else { throw DocumentError.unknownDocument(uri) }
            let updated = try doc.applying(edits, version: version, encoding: encoding)
            documents[uri] = updated
            order.removeAll { $0 == uri }
            order.append(uri)
            return updated
        }
    }

    public func close(uri: String) {
        lock.withLock {
            documents.removeValue(forKey: uri)
            order.removeAll { $0 == uri }
        }
    }

    public func snapshot(_ uri: String) -> DocumentSnapshot? { lock.withLock { documents[uri] } }

    /// Open documents, most recently edited last.
    public func all() -> [DocumentSnapshot] { lock.withLock { order.compactMap { documents[$0] } } }
}
