import Foundation

/// JSON-RPC 2.0 and LSP error codes.
public enum ErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let unknownErrorCode = -32001
    public static let requestFailed = -32803
    public static let serverCancelled = -32802
    public static let contentModified = -32801
    public static let requestCancelled = -32800
}

/// An error answer: a code from `ErrorCode` and a message a person can act on.
public struct ResponseError: Error, CustomStringConvertible {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }

    public static func invalidParams(_ message: String) -> ResponseError { ResponseError(code: ErrorCode.invalidParams, message: message) }
}

/// A request or notification id: a number or a string, as JSON-RPC allows.
public enum RequestID: Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    /// Reads an id from decoded JSON: a whole number or a string. A boolean or a number with a fraction
    /// (`true`, `1.0`) is no id, never read as 1.
    public init?(json: Any?) {
        if let s = json as? String { self = .string(s) } else if let n = JSONValues.integer(json) { self = .number(n) } else { return nil }
    }

    /// The id as a JSON value.
    public var json: Any {
        switch self {
        case .number(let n): return n
        case .string(let s): return s
        }
    }

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .string(let s): return "\"\(s)\""
        }
    }
}

/// A decoded incoming message.
public enum IncomingMessage {
    case request(id: RequestID, method: String, params: Any?)
    case notification(method: String, params: Any?)
    case response(id: RequestID?, result: Any?, error: Any?)

    /// Decodes a body: a parse error for bytes that are not JSON (or not UTF-8), an invalid request for JSON
    /// that is not a JSON-RPC message. The id of an invalid request is returned with the error when known.
    public static func decode(_ body: [UInt8]) -> Result<IncomingMessage, MessageDecodingFailure> {
        guard String(validatingUTF8Bytes: body) != nil else {
            return .failure(MessageDecodingFailure(error: ResponseError(code: ErrorCode.parseError, message: "the message body is not valid UTF-8"), id: nil))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            return .failure(MessageDecodingFailure(error: ResponseError(code: ErrorCode.parseError, message: "the message body is not valid JSON"), id: nil))
        }
        guard let dict = object as? [String: Any] else {
            return .failure(MessageDecodingFailure(error: ResponseError(code: ErrorCode.invalidRequest, message: "a message must be a JSON object"), id: nil))
        }
        let id = RequestID(json: dict["id"])
        if let method = dict["method"] {
            guard let name = method as? String else {
                return .failure(MessageDecodingFailure(error: ResponseError(code: ErrorCode.invalidRequest, message: "'method' must be a string"), id: id))
            }
            if let raw = dict["id"], id == nil {
                return .failure(MessageDecodingFailure(error: ResponseError(code: ErrorCode.invalidRequest, message: "'id' must be a whole number or a string (got \(JSONValues.describe(raw)))"), id: nil))
            }
            if let id { return .success(.request(id: id, method: name, params: dict["params"])) }
            return .success(.notification(method: name, params: dict["params"]))
        }
        if dict["result"] != nil || dict["error"] != nil {
            return .success(.response(id: id, result: dict["result"], error: dict["error"]))
        }
        return .failure(MessageDecodingFailure(error: ResponseError(code: ErrorCode.invalidRequest, message: "a message needs a 'method' (or is a response)"), id: id))
    }
}

/// A message that could not be decoded, with the request id when it could be read.
public struct MessageDecodingFailure: Error {
    public let error: ResponseError
    public let id: RequestID?
}

extension String {
    /// Nil when `bytes` are not valid UTF-8.
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = ""
    }
}
