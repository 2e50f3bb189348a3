import Foundation
import TestSupport
import XCTest

/// A real editor drives the daemon: headless Neovim with the setup from editors/neovim opens a Python file,
/// asks for a completion at the cursor, and writes what it received to a file that this test reads.
final class NeovimEndToEndTests: XCTestCase {
    func testNeovimReceivesACompletion() throws {
        let nvim = try EditorHarness.requireExecutable("nvim", package: "neovim")
        let model = try TestModels.path(EditorHarness.model)
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

        try runHeadlessNeovim(nvim, script: script, in: work)

        let data = try Data(contentsOf: result)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["ready"] as? Bool, true, "the language server attached to the buffer: \(object)")
        let items = object["items"] as? [[String: Any]] ?? []
        let text = (items.first?["insertText"] as? String ?? "").replacingOccurrences(of: " ", with: "")
        XCTAssertTrue(text.hasPrefix("width*height") || text.hasPrefix("height*width"), "Neovim received: \(object)")
    }

    /// *Write function from comment* in a real Neovim 0.7 with the plugin's setup, nothing added: the code
    /// action is listed by `vim.lsp.buf.code_action()` (the test's `vim.ui.select` picks it), Neovim runs
    /// the command with `workspace/executeCommand`, applies the server's `workspace/applyEdit`, and the
    /// buffer holds the written body instead of the `pass` stub.
    func testNeovimWritesAFunctionThroughTheCodeAction() throws {
        let nvim = try EditorHarness.requireExecutable("nvim", package: "neovim")
        let model = try TestModels.path(EditorHarness.model)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("infill-nvim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("area.py")
        try "# Return the area of a width by height rectangle.\ndef rectangle_area(width, height):\n    pass\n".write(to: source, atomically: true, encoding: .utf8)
        let result = work.appendingPathComponent("result.json")
        let script = work.appendingPathComponent("drive.lua")
        try """
        local out = {}
        local ok, problem = pcall(function()
          vim.opt.runtimepath:append(\(luaString(PackageRoot.path + "/editors/neovim")))
          vim.cmd('filetype on')
          local infill = require('infill')
          local id = infill.setup({ cmd = { \(luaString(LSPClient.binaryPath)), 'serve' },
                                    init_options = { model = \(luaString(model)), threads = 2, taskMaxTokens = 64, taskCandidates = 1 },
                                    auto_trigger = false })
          vim.cmd('edit ' .. \(luaString(source.path)))
          out.ready = vim.wait(30000, function()
            local c = vim.lsp.get_client_by_id(id)
            return c ~= nil and c.server_capabilities ~= nil and vim.lsp.buf_is_attached(0, id)
          end, 50)
          if out.ready then
            out.titles = {}
            vim.ui.select = function(items, _, on_choice)
              for i, item in ipairs(items) do
                local action = item[2]
                table.insert(out.titles, action.title)
                if action.title == 'Write function from comment' then return on_choice(item, i) end
              end
              on_choice(nil)
            end
            vim.api.nvim_win_set_cursor(0, { 1, 5 })
            vim.lsp.buf.code_action()
            out.changed = vim.wait(180000, function()
              return not vim.tbl_contains(vim.api.nvim_buf_get_lines(0, 0, -1, false), '    pass')
            end, 100)
            out.lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
          end
        end)
        if not ok then out.error = tostring(problem) end
        local f = io.open(\(luaString(result.path)), 'w')
        f:write(vim.fn.json_encode(out))
        f:close()
        vim.cmd('qa!')
        """.write(to: script, atomically: true, encoding: .utf8)

        try runHeadlessNeovim(nvim, script: script, in: work)

        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: result)) as? [String: Any])
        XCTAssertEqual(object["ready"] as? Bool, true, "the language server attached to the buffer: \(object)")
        XCTAssertEqual(object["titles"] as? [String], ["Write function from comment"], "\(object)")
        XCTAssertEqual(object["changed"] as? Bool, true, "the edit reached the buffer: \(object)")
        let lines = object["lines"] as? [String] ?? []
        XCTAssertEqual(Array(lines.prefix(2)), ["# Return the area of a width by height rectangle.", "def rectangle_area(width, height):"])
        let body = lines.dropFirst(2).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        XCTAssertTrue(body.contains { $0.hasPrefix("    return") && $0.contains("width") && $0.contains("height") }, "the body: \(lines)")
        XCTAssertTrue(body.allSatisfy { $0.hasPrefix("    ") }, "indented as the function's body: \(lines)")
    }

    private func luaString(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Runs `nvim --headless --clean -S script` in `work` (no terminal), waiting up to five minutes.
    private func runHeadlessNeovim(_ nvim: String, script: URL, in work: URL) throws {
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
    }
}
