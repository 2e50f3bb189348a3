import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-terminal pair for a child process's stderr, so that the child sees a terminal (`isatty` is true) and
/// the test reads what it wrote there.
final class PseudoTerminal {
    private let leader: Int32
    /// The terminal end given to the child (`Process.standardError`).
    private(set) var follower: FileHandle

    init() throws {
        let (leader, name) = try Self.openLeader()
        self.leader = leader
        let followerDescriptor = open(name, O_RDWR | O_NOCTTY)
        guard followerDescriptor >= 0 else { throw Self.failure("cannot open \(name): errno \(errno)") }
        var settings = termios()   // raw: the bytes the child wrote, no "\n" made "\r\n"
        tcgetattr(followerDescriptor, &settings)
        cfmakeraw(&settings)
        tcsetattr(followerDescriptor, TCSANOW, &settings)
        follower = FileHandle(fileDescriptor: followerDescriptor, closeOnDealloc: true)
    }

    deinit { close(leader) }

    #if os(Linux)
    /// `/dev/ptmx` unlocked, and its follower's path. (Glibc's `posix_openpt`, `grantpt` and `ptsname` are not visible
    /// to Swift without `_XOPEN_SOURCE`; these are the two ioctls they make, from the kernel's `asm-generic/ioctls.h`.)
    private static func openLeader() throws -> (Int32, String) {
        let leader = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard leader >= 0 else { throw failure("cannot open /dev/ptmx: errno \(errno)") }
        let setLock: UInt = 0x4004_5431, getNumber: UInt = 0x8004_5430   // TIOCSPTLCK, TIOCGPTN
        var unlocked: Int32 = 0, number: Int32 = 0
        guard ioctl(leader, setLock, &unlocked) == 0, ioctl(leader, getNumber, &number) == 0 else {
            close(leader)
            throw failure("cannot unlock /dev/ptmx: errno \(errno)")
        }
        return (leader, "/dev/pts/\(number)")
    }
    #else
    private static func openLeader() throws -> (Int32, String) {
        let leader = posix_openpt(O_RDWR | O_NOCTTY)
        guard leader >= 0, grantpt(leader) == 0, unlockpt(leader) == 0, let name = ptsname(leader) else {
            throw failure("no pseudo-terminal: errno \(errno)")
        }
        return (leader, String(cString: name))
    }
    #endif

    private static func failure(_ message: String) -> Error {
        CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: message])
    }

    /// Closes this process's copy of the follower, once the child has its own: reading then ends when the child exits.
    func closeFollower() throws { try follower.close() }

    /// Everything written to the terminal until every follower is closed (Linux then reports EIO; macOS, end of file).
    func readAll() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(leader, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
