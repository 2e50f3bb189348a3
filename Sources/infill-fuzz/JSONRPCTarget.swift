import Foundation
import JSONRPC

extension FuzzTarget {
    /// The JSON-RPC envelope reader on one message body.
    ///
    /// Checks: bytes that are not UTF-8 are a parse error; a decoded request or notification, written back
    /// as JSON and decoded again, has the same id, method and params; the id of every answer the server would
    /// send (including error answers) is valid JSON.
    static let jsonrpc = FuzzTarget(
        name: "jsonrpc",
        summary: "JSON-RPC envelope: decode, write back, decode again gives the same id/method/params; error answers stay JSON"
    ) { data in
        let decoded = IncomingMessage.decode(data)
        switch decoded {
        case .failure(let failure):
            if String(validating: data, as: UTF8.self) == nil {
                require(failure.error.code == ErrorCode.parseError, "bytes that are not UTF-8 gave \(failure.error.code), not a parse error")
            }
            if let id = failure.id { requireAnswerable(id) }
        case .success(.request(let id, let method, let params)):
            requireAnswerable(id)
            var object: [String: Any] = ["jsonrpc": "2.0", "id": id.json, "method": method]
            if let params { object["params"] = params }
            guard case .success(.request(let id2, let method2, let params2)) = IncomingMessage.decode(serialized(object)) else {
                return require(false, "a request written back is no request")
            }
            require(id2 == id && method2 == method, "a request written back changed its id or method")
            require(sameJSON(params, params2), "a request written back changed its params")
        case .success(.notification(let method, let params)):
            var object: [String: Any] = ["jsonrpc": "2.0", "method": method]
            if let params { object["params"] = params }
            guard case .success(.notification(let method2, let params2)) = IncomingMessage.decode(serialized(object)) else {
                return require(false, "a notification written back is no notification")
            }
            require(method2 == method && sameJSON(params, params2), "a notification written back changed")
        case .success(.response(let id, _, _)):
            if let id { requireAnswerable(id) }
        }
    }

    /// The server answers every request, errors included, with its id: that answer must be valid JSON.
    private static func requireAnswerable(_ id: RequestID) {
        let answer: [String: Any] = ["jsonrpc": "2.0", "id": id.json, "error": ["code": ErrorCode.invalidRequest, "message": "m"]]
        require(JSONSerialization.isValidJSONObject(answer), "an answer to id \(id) is not valid JSON")
    }
}

/// `value` as JSON bytes (the value came from `JSONSerialization`, so it is representable).
func serialized(_ value: Any) -> [UInt8] {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else {
        require(false, "a decoded JSON value cannot be written back")
        return []
    }
    return [UInt8](data)
}

/// Whether two decoded JSON values are the same JSON (compared through their canonical serialization).
func sameJSON(_ a: Any?, _ b: Any?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (nil, _), (_, nil): return false
    case let (a?, b?):
        let options: JSONSerialization.WritingOptions = [.fragmentsAllowed, .sortedKeys]
        return (try? JSONSerialization.data(withJSONObject: a, options: options)) == (try? JSONSerialization.data(withJSONObject: b, options: options))
    }
}
