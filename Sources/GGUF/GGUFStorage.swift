#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MappingGuard

/// The bytes of a GGUF file: either a read-only memory map of a file (no copy of the tensor data) or an
/// owned, aligned copy of an in-memory image. Unmaps or frees in `deinit`.
///
/// A mapped file keeps its descriptor open, so that `changeSinceMapping()` can ask the kernel about the very
/// file that is mapped (not whatever the path names now): a file truncated under a mapping makes every read
/// past its new end a SIGBUS, and the check lets callers refuse before reading. A truncation that lands while a
/// forward pass reads cannot be refused in advance: the mapping is registered with `MappingGuard`, whose SIGBUS
/// handler puts zeros where the vanished pages were and counts them, and the check reports those faults, so the
/// pass's caller throws its result away.
final class GGUFStorage: @unchecked Sendable {
    /// Start of the bytes; nil when there are none.
    let base: UnsafeRawPointer?
    /// Number of bytes.
    let count: Int
    /// The mapped file's path, descriptor and modification time when it was mapped; nil for an in-memory image.
    private let mapped: (path: String, descriptor: Int32, modified: FileTime)?
    /// The mapping's `MappingGuard` slot; -1 when unguarded (an in-memory image, or no slot was free).
    private let guardSlot: Int32

    /// Copies `bytes` into memory aligned to 64 bytes, so that aligned tensor offsets stay aligned in memory.
    init(copying bytes: [UInt8]) {
        count = bytes.count
        mapped = nil
        guardSlot = -1
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
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)   // a FIFO must not block the open
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.lastError()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw .cannotOpen(path: path, reason: Self.lastError())
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .cannotOpen(path: path, reason: "not a regular file")
        }
        guard let size = Int(exactly: info.st_size), size >= 0 else {
            close(fd)
            throw .cannotOpen(path: path, reason: "file size \(info.st_size) is not usable")
        }
        guard size > 0 else {
            close(fd)
            count = 0
            base = nil
            mapped = nil
            guardSlot = -1
            return
        }
        let memory = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let memory, memory != MAP_FAILED else {
            close(fd)
            throw .cannotOpen(path: path, reason: "mmap failed: " + Self.lastError())
        }
        count = size
        base = UnsafeRawPointer(memory)
        mapped = (path, fd, FileTime(modificationOf: info))
        guardSlot = infill_mapping_guard_register(memory, size)
    }

    deinit {
        guard let base else { return }
        if let mapped {
            infill_mapping_guard_unregister(guardSlot)
            munmap(UnsafeMutableRawPointer(mutating: base), count)
            close(mapped.descriptor)
        } else {
            base.deallocate()
        }
    }

    /// Why the mapped file can no longer be trusted, or nil while it has the size and modification time it
    /// had when it was mapped (always nil for an in-memory image). A file replaced by renaming another over
    /// its path is not a change: the mapping keeps the old file, which stays intact. Pages that vanished while
    /// mapped (read as zeros through `MappingGuard`) are a change for good, even if the file grows back.
    /// - Complexity: one `fstat` call.
    func changeSinceMapping() -> (path: String, reason: String)? {
        guard let mapped else { return nil }
        var info = stat()
        guard fstat(mapped.descriptor, &info) == 0 else { return (mapped.path, "it cannot be examined: " + Self.lastError()) }
        if info.st_size != count { return (mapped.path, "its size changed from \(count) to \(info.st_size) bytes") }
        if FileTime(modificationOf: info) != mapped.modified { return (mapped.path, "it was modified in place") }
        let vanished = vanishedPages
        if vanished > 0 { return (mapped.path, "\(vanished) of its pages vanished while it was mapped (it was truncated)") }
        return nil
    }

    /// How many pages of the mapping vanished while it was read (the file truncated under it) and were read as
    /// zeros instead of faulting; 0 for an in-memory image or an unguarded mapping.
    var vanishedPages: UInt64 {
        infill_mapping_guard_faults(guardSlot)
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// A file's modification time to the nanosecond, as `stat` reports it.
struct FileTime: Equatable {
    let seconds: Int
    let nanoseconds: Int

    init(modificationOf info: stat) {
        #if canImport(Darwin)
        seconds = Int(info.st_mtimespec.tv_sec)
        nanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
    }
}
