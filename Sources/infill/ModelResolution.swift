import Completion
import Foundation
import ModelStore

/// The catalogue name used when no `--model` is given.
let defaultModelName = ModelCatalog.defaultModelName

/// A catalogue name or a `.gguf` path turned into a local file path, downloading (with progress on stderr)
/// and verifying a catalogue model that is not there yet.
func resolveModelPath(_ nameOrPath: String) async throws -> String {
    try await ModelStore().resolve(nameOrPath, progress: { progress in
        ProgressLine.shared.show(progress)
    })
}

/// Resolves and loads a model.
func loadModel(_ nameOrPath: String, threads: Int) async throws -> LoadedModel {
    let path = try await resolveModelPath(nameOrPath)
    do {
        return try LoadedModel(path: path, threads: threads)
    } catch {
        throw CommandError("cannot load the model '\(path)': \(error)")
    }
}
