import Documents
import LanguageServerProtocol

/// The commands Infill's code actions carry (`workspace/executeCommand`), with their one argument, an
/// object: `infill.translate` {uri, range, targetLanguage}, `infill.writeFunction` {uri, position}.
enum CodeTaskCommand: Equatable {
    /// Translate `range` of `uri` to `targetLanguage` (a language name or extension: "rust", "rs").
    case translate(uri: String, range: TextRange, targetLanguage: String)
    /// Write the function whose comment, docstring or signature is on `position`'s line.
    case writeFunction(uri: String, position: TextPosition)

    static let translateName = "infill.translate"
    static let writeFunctionName = "infill.writeFunction"
    /// Every command, as advertised in `executeCommandProvider`.
    static let names = [translateName, writeFunctionName]

    /// Reads a command: an unknown one is `ServerError.unknownCommand`, bad arguments `InvalidParams`
    /// naming the field (`arguments[0].range.start.line must be …`).
    init(_ request: ExecuteCommandRequest) throws {
        let shape: String
        switch request.command {
        case Self.translateName: shape = "{uri, range, targetLanguage}"
        case Self.writeFunctionName: shape = "{uri, position}"
        default: throw ServerError.unknownCommand(request.command)
        }
        guard request.arguments.count == 1 else {
            throw InvalidParams("\(request.command) takes one argument, an object \(shape); got \(request.arguments.count) arguments")
        }
        let argument = request.arguments[0].reader(path: "arguments[0]")
        try argument.requireObject()
        let uri = try argument["uri"].string()
        if request.command == Self.translateName {
            self = .translate(uri: uri, range: try TextRange(json: argument["range"]), targetLanguage: try argument["targetLanguage"].string())
        } else {
            self = .writeFunction(uri: uri, position: try TextPosition(json: argument["position"]))
        }
    }

    /// The document the command works on.
    var uri: String {
        switch self {
        case .translate(let uri, _, _), .writeFunction(let uri, _): return uri
        }
    }

    /// The LSP command that runs this, titled `title`.
    func command(title: String) -> Command {
        switch self {
        case .translate(let uri, let range, let target):
            return Command(title: title, command: Self.translateName, arguments: [.object([
                "uri": .string(uri), "range": JSONValue(any: range.json), "targetLanguage": .string(target)])])
        case .writeFunction(let uri, let position):
            return Command(title: title, command: Self.writeFunctionName, arguments: [.object([
                "uri": .string(uri), "position": JSONValue(any: position.json)])])
        }
    }
}
