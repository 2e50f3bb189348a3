#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a GGUF file: either a read-only memory map of a file (no copy of the tensor data) or an
/// owned, aligned copy of an in-memory image. Unmaps or frees in `deinit`.
final class GGUFStorage: @unchecked Sendable {
    /// Start of the bytes; nil when there are none.
    let base: UnsafeRawPointer?
    /// Number of bytes.
    let count: Int
    private let isMapped: Bool

    /// Copies `bytes` into memory aligned to 64 bytes, so that aligned tensor offsets stay aligned in memory.
    init(copying bytes: [UInt8]) {
        count = bytes.count
        isMapped = false
        guard !bytes.isEmpty else {
            base = nil
            return
        }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 64)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        base = UnsafeRawPointer(memory)
    }

    /// Maps the file at `path` read-only.
    init(mapping path: String) throws(GGUFError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.lastError()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(path: path, reason: Self.lastError()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .cannotOpen(path: path, reason: "not a regular file")
        }
        guard let size = Int(exactly: info.st_size), size >= 0 else {
            throw .cannotOpen(path: path, reason: "file size \(info.st_size) is not usable")
        }
        count = size
        isMapped = size > 0
        guard size > 0 else {
            base = nil
            return
        }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw .cannotOpen(path: path, reason: "mmap failed: " + Self.lastError())
        }
        base = UnsafeRawPointer(mapped)
    }

    deinit {
        guard let base else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            base.deallocate()
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
