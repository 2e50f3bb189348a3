import Transformer

/// One KV cache per recently used document, bounded by a memory budget; the least recently used is dropped
/// first. A completion on a document reuses whatever prefix of its new prompt the document's cache holds.
///
/// Not thread-safe: owned by the one engine that runs completions.
final class DocumentCaches {
    private var entries: [String: KVCache] = [:]
    private var order: [String] = []          // least recently used first
    /// Bytes of cache rows all documents together may keep.
    var budgetBytes: Int

    init(budgetBytes: Int) {
        self.budgetBytes = budgetBytes
    }

    /// The cache of `key`, created with `make` when absent; marks it most recently used.
    func cache(for key: String, make: () -> KVCache) -> KVCache {
        order.removeAll { $0 == key }
        order.append(key)
        if let cache = entries[key] { return cache }
        let cache = make()
        entries[key] = cache
        return cache
    }

    /// Drops least recently used caches (never `keep`) until the total is within the budget.
    func evict(keeping keep: String) {
        var total = entries.values.reduce(0) { $0 + $1.residentBytes }
        for key in order where total > budgetBytes && key != keep {
            if let cache = entries.removeValue(forKey: key) { total -= cache.residentBytes }
            order.removeAll { $0 == key }
        }
    }

    /// Forgets one document (closed by the editor).
    func remove(_ key: String) {
        entries.removeValue(forKey: key)
        order.removeAll { $0 == key }
    }

    /// Forgets everything (another model was loaded).
    func removeAll() {
        entries.removeAll()
        order.removeAll()
    }

    /// Number of documents with a cache.
    var count: Int { entries.count }

    /// Total bytes of cache rows held.
    var residentBytes: Int { entries.values.reduce(0) { $0 + $1.residentBytes } }
}
