import Foundation

/// The git revision of the source checkout this binary was built from, for `infill --version`.
///
/// Decision: read at run time from the checkout's `.git` (found from `#filePath` of this file), not
/// stamped in at build time. Stamping needs a build-tool plugin or a generated file that every build
/// must refresh; SwiftPM plugins cannot run `git` without extra permissions, and a stale generated file
/// would lie. Reading `.git` needs no tool and no network. The cost: a binary copied elsewhere whose
/// checkout was removed prints "unknown", and after a `git pull` without a rebuild it names the newer
/// commit (so `--version` also says which checkout it read).
enum GitRevision {
    /// The root of the source checkout (`Sources/infill/GitRevision.swift` → two folders up).
    static var checkout: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The full commit hash checked out in `root`, or nil when it has no readable `.git`.
    static func commit(inCheckout root: URL = checkout) -> String? {
        guard let gitDirectory = gitDirectory(of: root),
              let head = read(gitDirectory.appendingPathComponent("HEAD")) else { return nil }
        guard head.hasPrefix("ref: ") else { return isHash(head) ? head : nil }
        let reference = String(head.dropFirst("ref: ".count))
        let common = commonDirectory(of: gitDirectory)
        for directory in [gitDirectory, common] {
            if let hash = read(directory.appendingPathComponent(reference)), isHash(hash) { return hash }
        }
        // Packed references: lines "<hash> <ref>".
        for line in (read(common.appendingPathComponent("packed-refs")) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[1] == reference, isHash(String(parts[0])) { return String(parts[0]) }
        }
        return nil
    }

    /// `.git` as a folder, or the folder a `.git` file points to (`gitdir: …`, as in worktrees and submodules).
    private static func gitDirectory(of root: URL) -> URL? {
        let dotGit = root.appendingPathComponent(".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        guard let text = read(dotGit), text.hasPrefix("gitdir: ") else { return nil }
        let target = String(text.dropFirst("gitdir: ".count))
        return target.hasPrefix("/") ? URL(fileURLWithPath: target) : root.appendingPathComponent(target).standardized
    }

    /// Where shared references live: `commondir` of a worktree's git folder, else the folder itself.
    private static func commonDirectory(of gitDirectory: URL) -> URL {
        guard let relative = read(gitDirectory.appendingPathComponent("commondir")) else { return gitDirectory }
        return relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
            : gitDirectory.appendingPathComponent(relative).standardized
    }

    private static func read(_ url: URL) -> String? {
        (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isHash(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}
