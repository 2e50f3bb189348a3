import Foundation
import TestSupport
import XCTest

/// A real editor drives the daemon: headless Neovim with the setup from editors/neovim opens a Python file,
/// asks for a completion at the cursor, and writes what it received to a file that this test reads.
final class NeovimEndToEndTests: XCTestCase {
    func testNeovimReceivesACompletion() throws {
        guard let nvim = Self.findExecutable("nvim") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("nvim is not installed (.ci/run installs Debian's neovim)") }
            throw XCTSkip("nvim is not installed; `apt-get install neovim` to run the editor test")
        }
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("infill-nvim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("area.py")
        try "def rectangle_area(width, height):\n    \"\"\"Return the area of a width by height rectangle.\"\"\"\n    return \n".write(to: source, atomically: true, encoding: .utf8)
        let result = work.appendingPathComponent("result.json")
        let script = work.appendingPathComponent("drive.lua")
        try """
        local out = {}
        local ok, problem = pcall(function()
          vim.opt.runtimepath:append(\(luaString(PackageRoot.path + "/editors/neovim")))
          vim.cmd('filetype on')
          local infill = require('infill')
          local id = infill.setup({ cmd = { \(luaString(LSPClient.binaryPath)), 'serve' },
                                    init_options = { model = \(luaString(model)), threads = 2 }, auto_trigger = false })
          vim.cmd('edit ' .. \(luaString(source.path)))
          out.ready = vim.wait(30000, function()
            local c = vim.lsp.get_client_by_id(id)
            return c ~= nil and c.server_capabilities ~= nil and vim.lsp.buf_is_attached(0, id)
          end, 50)
          if out.ready then
            vim.api.nvim_win_set_cursor(0, { 3, 11 })
            local items, err = infill.request_sync(180000, 2)
            out.items = items or {}
            out.err = err and tostring(err) or nil
          end
        end)
        if not ok then out.error = tostring(problem) end
        local f = io.open(\(luaString(result.path)), 'w')
        f:write(vim.fn.json_encode(out))
        f:close()
        vim.cmd('qa!')
        """.write(to: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: nvim)
        process.arguments = ["--headless", "--clean", "-S", script.path]
        process.currentDirectoryURL = work
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate(); XCTFail("Neovim did not finish in time") }

        let data = try Data(contentsOf: result)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["ready"] as? Bool, true, "the language server attached to the buffer: \(object)")
        let items = object["items"] as? [[String: Any]] ?? []
        let text = (items.first?["insertText"] as? String ?? "").replacingOccurrences(of: " ", with: "")
        XCTAssertTrue(text.hasPrefix("width*height") || text.hasPrefix("height*width"), "Neovim received: \(object)")
    }

    private func luaString(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
