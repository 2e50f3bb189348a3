import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one command for the example filter: in its own process group (so everything it starts can be
/// killed with it), in a given directory, with standard input from /dev/null, standard output and error
/// captured up to a cap (the rest is read and dropped, so a chatty program never blocks), and killed,
/// group and all, when its time is up.
struct TimedProcess {
    /// How a run ended.
    struct Outcome: Sendable {
        /// The exit status; nil when the command was killed (time limit) or could not start.
        var exitStatus: Int32?
        /// Standard output and error together, at most `outputCap` bytes.
        var output: String
        /// Whether the time limit killed it.
        var timedOut: Bool

        var succeeded: Bool { exitStatus == 0 }
    }

    var arguments: [String]
    var directory: String
    var environment: [String: String] = [:]
    var timeoutSeconds: Double
    var outputCap = 256 * 1024

    /// Runs the command to its end or to the time limit. `arguments[0]` is an absolute path.
    func run() -> Outcome {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return Outcome(exitStatus: nil, output: "cannot create a pipe", timedOut: false) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        // `sh` moves into the directory, then becomes the command: posix_spawn's chdir action is not portable.
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let env = merged.map { "\($0.key)=\($0.value)" }
        guard let pid = Self.spawn(argv, environment: env, output: writeEnd, closeInChild: readEnd) else {
            close(readEnd); close(writeEnd)
            return Outcome(exitStatus: nil, output: "cannot start \(arguments.first ?? "")", timedOut: false)
        }
        close(writeEnd)
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        defer { close(readEnd) }

        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        func drain() {
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                guard count > 0 else { return }
                if output.count < outputCap { output += buffer[0..<min(count, outputCap - output.count)] }
            }
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeoutSeconds * 1e9)
        var status: Int32 = 0
        var exited = false
        while !exited {
            // Wait for output (or 20 ms) rather than sleeping: the loop wakes as soon as there is something to read.
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 20)
            drain()
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { exited = true; break }
            if DispatchTime.now().uptimeNanoseconds >= deadline { break }
        }
        kill(-pid, SIGKILL)   // the whole group: a timed-out command, or whatever a finished one left running
        if !exited {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        drain()
        let text = String(decoding: output, as: UTF8.self)
        guard exited else { return Outcome(exitStatus: nil, output: text, timedOut: true) }
        let signalled = (status & 0x7F) != 0
        return Outcome(exitStatus: signalled ? nil : (status >> 8) & 0xFF, output: text, timedOut: false)
    }

    /// posix_spawn with the child leading a new process group, stdin from /dev/null, stdout and stderr to `output`.
    private static func spawn(_ arguments: [String], environment: [String], output: Int32, closeInChild: Int32) -> pid_t? {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        posix_spawn_file_actions_addclose(&actions, closeInChild)
        posix_spawn_file_actions_addclose(&actions, output)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        return result == 0 ? pid : nil
    }

    /// The absolute path of the first of `names` found on PATH (nil when none is installed).
    static func findTool(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}
