import Foundation

/// A token-bucket rate limiter per client key: each key may make `capacity` requests at once and regains
/// one request every `refillInterval` seconds.
final class RateLimiter {
    struct Decision: Equatable {
        var allowed: Bool
        var remaining: Int
        var retryAfter: TimeInterval
    }

    private struct Bucket {
        var tokens: Double
        var updated: TimeInterval
    }

    let capacity: Int
    let refillInterval: TimeInterval
    private var buckets: [String: Bucket] = [:]
    private let lock = NSLock()
    private let clock: () -> TimeInterval

    init(capacity: Int, refillInterval: TimeInterval, clock: @escaping () -> TimeInterval = { Date().timeIntervalSince1970 }) {
        precondition(capacity > 0, "capacity must be positive")
        precondition(refillInterval > 0, "refill interval must be positive")
        self.capacity = capacity
        self.refillInterval = refillInterval
        self.clock = clock
    }

    /// Takes one token for `key` if there is one.
    func acquire(_ key: String) -> Decision {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        var bucket = buckets[key] ?? Bucket(tokens: Double(capacity), updated: now)
        let elapsed = max(0, now - bucket.updated)
        bucket.tokens = min(Double(capacity), bucket.tokens + elapsed / refillInterval)
        bucket.updated = now

        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            buckets[key] = bucket
            return Decision(allowed: true, remaining: Int(bucket.tokens), retryAfter: 0)
        }
        buckets[key] = bucket
        let missing = 1 - bucket.tokens
        return Decision(allowed: false, remaining: 0, retryAfter: missing * refillInterval)
    }

    /// Forgets buckets that are full again, so that the table does not grow without bound.
    func prune() {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        buckets = buckets.filter { _, bucket in
            let refilled = bucket.tokens + (now - bucket.updated) / refillInterval
            return refilled < Double(capacity)
        }
    }

    var trackedKeys: Int {
        lock.lock()
        defer { lock.unlock() }
        return buckets.count
    }
}

/// Headers a server sends with a rate-limited answer.
struct RateLimitHeaders {
    var limit: Int
    var remaining: Int
    var retryAfter: Int?

    init(decision: RateLimiter.Decision, limit: Int) {
        self.limit = limit
        self.remaining = decision.remaining
        self.retryAfter = decision.allowed ? nil : Int(decision.retryAfter.rounded(.up))
    }

    var fields: [String: String] {
        var result = [
            "X-RateLimit-Limit": String(limit),
            "X-RateLimit-Remaining": String(remaining),
        ]
        if let retryAfter {
            result["Retry-After"] = String(retryAfter)
        }
        return result
    }
}

/// Parses a client key from a request's headers: the API key when present, else the forwarded address.
func clientKey(headers: [String: String], remoteAddress: String) -> String {
    if let apiKey = headers["Authorization"], apiKey.hasPrefix("Bearer ") {
        return "key:" + apiKey.dropFirst("Bearer ".count)
    }
    if let forwarded = headers["X-Forwarded-For"] {
        let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        if let first, !first.isEmpty {
            return "ip:" + first
        }
    }
    return "ip:" + remoteAddress
}

/// Runs `handler` only when the client has tokens left; answers 429 otherwise.
func limited(_ limiter: RateLimiter, headers: [String: String], remoteAddress: String,
             handler: () -> (status: Int, body: String)) -> (status: Int, headers: [String: String], body: String) {
    let decision = limiter.acquire(clientKey(headers: headers, remoteAddress: remoteAddress))
    let rateHeaders = RateLimitHeaders(decision: decision, limit: limiter.capacity)
    guard decision.allowed else {
        return (429, rateHeaders.fields, "Too many requests; retry in \(rateHeaders.retryAfter ?? 1) s\n")
    }
    let answer = handler()
    return (answer.status, rateHeaders.fields, answer.body)
}
