import Completion
import Foundation
import GGUF
import TestSupport
import Transformer

extension FuzzTarget {
    /// The GGUF reader on a whole file image, then the model loader on every image the reader accepts.
    ///
    /// Checks: every tensor the reader accepts lies inside the file, aligned, with the byte count its type
    /// and shape give; the file written again from what was read (by the test writer, which was written
    /// from the format description, not from the reader) reads back to the same header and tensor bytes;
    /// a model that loads from it runs a forward pass and gives one logit per vocabulary entry, for every
    /// token its tokenizer produces.
    static let gguf = FuzzTarget(
        name: "gguf",
        summary: "GGUF header, tensor directory and model loading: tensors inside the file; written again reads the same; a loaded model runs"
    ) { data in
        let file: GGUFFile
        do { file = try GGUFFile(bytes: data) } catch { return }
        checkTensors(file, fileBytes: data)
        let canonical = rewritten(file, from: data)
        guard let again = try? GGUFFile(bytes: canonical) else { return require(false, "a file written again from what was read does not read") }
        require(rewritten(again, from: canonical) == canonical, "a file written again reads back differently")
        for (a, b) in zip(file.tensors, again.tensors) {
            require(Array(file.data(for: a)) == Array(again.data(for: b)), "tensor \(a.name)'s bytes changed when written again")
        }
        if file.string("general.architecture") != nil { runModel(data) }
    }

    private static func checkTensors(_ file: GGUFFile, fileBytes: [UInt8]) {
        require(file.tensors.count == Set(file.tensors.map(\.name)).count, "two tensors share a name")
        for t in file.tensors {
            require(t.offset >= file.dataOffset && t.offset + t.byteCount <= fileBytes.count, "tensor \(t.name) lies outside the file")
            require((t.offset - file.dataOffset) % file.alignment == 0, "tensor \(t.name) is not aligned")
            require(t.type.byteCount(elements: t.elementCount) == t.byteCount, "tensor \(t.name)'s byte count does not match its type")
            require(t.dimensions.reduce(1, *) == t.elementCount, "tensor \(t.name)'s element count does not match its shape")
            require(file.data(for: t).count == t.byteCount, "tensor \(t.name)'s data is not its byte count")
        }
    }

    /// The file as the test writer writes it from what the reader read: metadata in file order, the tensor
    /// directory, the header padded to the alignment, then the data section unchanged.
    private static func rewritten(_ file: GGUFFile, from bytes: [UInt8]) -> [UInt8] {
        var writer = GGUFTestWriter()
        writer.version = file.version
        writer.alignment = file.alignment
        writer.metadata = file.metadataKeys.compactMap { key in file.metadata[key].map { (key, $0) } }
        writer.tensors = file.tensors.map {
            GGUFTestWriter.Tensor(name: $0.name, dimensions: $0.dimensions.map { UInt64($0) }, typeCode: $0.type.rawValue,
                                  relativeOffset: UInt64($0.offset - file.dataOffset))
        }
        writer.data = file.dataOffset < bytes.count ? Array(bytes[file.dataOffset...]) : []
        return writer.bytes()
    }

    /// Loads the image as a model (through a file: the loader maps files) and runs it on a few tokens.
    private static func runModel(_ data: [UInt8]) {
        let path = scratchModelPath
        guard FileManager.default.createFile(atPath: path, contents: Data(data)) else { return require(false, "cannot write \(path)") }
        let model: LoadedModel
        do { model = try LoadedModel(path: path, threads: 1) } catch { return }
        let vocabulary = model.transformer.configuration.vocabularySize
        require(model.tokenizer.vocabularySize == vocabulary, "a model loaded with \(model.tokenizer.vocabularySize) tokens but \(vocabulary) output rows")
        var tokens = Array(model.tokenizer.encode("def f(x):\n\treturn x", parseSpecial: false).prefix(4))
        require(tokens.allSatisfy { $0 >= 0 && Int($0) < vocabulary }, "the tokenizer produced an id outside the vocabulary")
        if tokens.isEmpty { tokens = [0] }
        do {
            let logits = try model.transformer.evaluate(tokens, cache: model.transformer.makeCache(maximumLength: 8))
            require(logits.count == vocabulary, "\(logits.count) logits for a vocabulary of \(vocabulary)")
        } catch {
            // A refusal with a reason (e.g. a context shorter than the tokens) is an answer, not a crash.
        }
    }

    private static let scratchModelPath: String = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (folder as NSString).appendingPathComponent("infill-fuzz-\(getpid()).gguf")
    }()
}
