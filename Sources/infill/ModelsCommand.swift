import Foundation
import ModelStore

/// `infill models list|pull NAME|path NAME`: the model catalogue and the local cache.
enum ModelsCommand {
    static let usage = """
    infill models list              the catalogue, and which models are downloaded
    infill models pull NAME...      download and verify models (progress on stderr)
    infill models path NAME         print the local path of a model (pulling it when missing)
      Files live in $INFILL_HOME/models (default ~/.cache/infill/models).
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        try arguments.finish(allowPositionals: 64)
        let words = arguments.positionals
        let store = ModelStore()
        let catalog = ModelCatalog.builtIn()
        switch words.first {
        case "list", nil:
            guard words.count <= 1 else { throw UsageError("'models list' takes no arguments") }
            var out = "name                  size      installed  file\n"
            for m in catalog.models {
                let mark = store.isInstalled(m) ? "yes" : "no"
                let size = String(format: "%.0f MiB", Double(m.bytes) / 1_048_576)
                let name = m.name + (m.name == ModelCatalog.defaultModelName ? " *" : "")
                out += "\(name.padding(toLength: 21, withPad: " ", startingAt: 0)) \(size.padding(toLength: 9, withPad: " ", startingAt: 0)) \(mark.padding(toLength: 10, withPad: " ", startingAt: 0)) \(m.fileName)\n"
            }
            out += "(* the default model; files are kept in \(store.modelsDirectory))\n"
            FileHandle.standardOutput.write(Data(out.utf8))
        case "pull":
            guard words.count >= 2 else { throw UsageError("'models pull' needs a model name (see 'infill models list')") }
            for name in words.dropFirst() {
                guard let entry = catalog.entry(named: name) else {
                    throw CommandError("unknown model '\(name)'; known: \(catalog.models.map(\.name).joined(separator: ", "))")
                }
                let path = try await store.pull(entry) { ProgressLine.shared.show($0) }
                ProgressLine.shared.finish()
                FileHandle.standardOutput.write(Data("\(path)\n".utf8))
            }
        case "path":
            guard words.count == 2 else { throw UsageError("'models path' takes one model name") }
            let path = try await resolveModelPath(words[1])
            FileHandle.standardOutput.write(Data("\(path)\n".utf8))
        default:
            throw UsageError("unknown 'models' action '\(words[0])' (list, pull, path)")
        }
        return 0
    }
}
