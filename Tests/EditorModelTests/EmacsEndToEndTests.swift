import Foundation
import TestSupport
import XCTest

/// Emacs (`emacs --batch`, Debian's emacs-nox with elpa-eglot) with editors/emacs/infill.el drives the real
/// binary: eglot's completion-at-point inserts Infill's suggestion, also in the middle of a word, and
/// `infill-inline-mode` shows a suggestion as an overlay that TAB accepts.
final class EmacsEndToEndTests: XCTestCase {
    /// completion-at-point (eglot's capf, `textDocument/completion`) completes `return ` to the area.
    func testCompletionAtPointInsertsTheSuggestion() throws {
        let findings = try runEmacs(source: EditorHarness.areaSource, line: 2, scenario: Self.completionAtPoint)
        let line = findings["line"] as? String ?? ""
        XCTAssertTrue(EditorHarness.squeezed(line).hasPrefix("returnwidth*height") || EditorHarness.squeezed(line).hasPrefix("returnheight*width"),
                      "the line after completion-at-point: \(findings)")
    }

    /// The issue's first bug: after `return "Fizz` eglot filters the items by the word `Fizz`; Infill's item
    /// must start at the word's start for eglot to keep and insert it.
    func testCompletionAtPointInTheMiddleOfAWord() throws {
        let findings = try runEmacs(source: EditorHarness.fizzSource, line: 3, scenario: Self.completionAtPoint)
        let line = (findings["line"] as? String ?? "").trimmingCharacters(in: .whitespaces)
        XCTAssertTrue(line.hasPrefix("return \"Fizz") && line.count > "return \"Fizz".count,
                      "eglot inserted nothing mid-word (\"No match\"): \(findings)")
        XCTAssertFalse(line.hasPrefix("return \"FizzFizz"), "the typed word is not repeated: \(findings)")
    }

    /// infill-inline-mode: M-\ (invoked) shows ghost text after the cursor; TAB inserts it.
    func testInlineModeShowsAndAcceptsASuggestion() throws {
        let findings = try runEmacs(source: EditorHarness.areaSource, line: 2, scenario: Self.inlineMode)
        let ghost = findings["ghost"] as? String ?? ""
        XCTAssertTrue(EditorHarness.squeezed(ghost).hasPrefix("width*height") || EditorHarness.squeezed(ghost).hasPrefix("height*width"),
                      "the overlay shown: \(findings)")
        XCTAssertEqual(findings["ghostAtPoint"] as? Bool, true, "the overlay sits at the cursor: \(findings)")
        XCTAssertEqual(findings["line"] as? String, "    return " + ghost.split(separator: "\n", omittingEmptySubsequences: false)[0],
                       "TAB inserted the shown text: \(findings)")
        XCTAssertEqual(findings["shownAfterAccept"] as? Bool, false, "the overlay is gone after TAB: \(findings)")
        XCTAssertEqual(findings["tabCommand"] as? String, "infill-inline-accept", "TAB is bound while a suggestion shows")
    }

    /// Lisp run after eglot is connected, with point at the end of the test line: `completion-at-point`
    /// until the line changes (the first requests may arrive while the model still loads).
    private static let completionAtPoint = #"""
    (let ((before (infill-test--line)) (deadline (+ (float-time) 300)))
      (while (and (< (float-time) deadline) (string= before (infill-test--line)))
        (completion-at-point)
        (when (string= before (infill-test--line)) (sleep-for 1)))
      (push (cons 'line (infill-test--line)) infill-test--findings))
    """#

    /// Lisp for the minor mode: ask (as M-\ does), wait for the overlay, then press TAB through the keymap.
    private static let inlineMode = #"""
    (infill-inline-mode 1)
    (let ((deadline (+ (float-time) 300)))
      (while (and (< (float-time) deadline) (not (infill--visible-p)))
        (call-interactively (key-binding (kbd "M-\\")))
        (let ((wait (+ (float-time) 60)))
          (while (and (< (float-time) wait) (not (infill--visible-p)))
            (accept-process-output nil 0.2))))
      (when (infill--visible-p)
        (push (cons 'ghost (substring-no-properties (overlay-get infill--overlay 'after-string))) infill-test--findings)
        (push (cons 'ghostAtPoint (if (= (overlay-start infill--overlay) (point)) t :json-false)) infill-test--findings)
        (let ((command (key-binding (kbd "TAB"))))
          (push (cons 'tabCommand (symbol-name command)) infill-test--findings)
          (call-interactively command))
        (push (cons 'line (infill-test--line)) infill-test--findings)
        (push (cons 'pointAtLineEnd (if (= (point) (line-end-position)) t :json-false)) infill-test--findings)
        (push (cons 'shownAfterAccept (if (infill--visible-p) t :json-false)) infill-test--findings)))
    """#

    /// Opens `source` as a Python file in Emacs with eglot + infill.el, puts point at the end of `line`
    /// (0-based), runs `scenario` and returns what it found.
    private func runEmacs(source: String, line: Int, scenario: String) throws -> [String: Any] {
        let emacs = try EditorHarness.requireExecutable("emacs", package: "emacs-nox elpa-eglot")
        let model = try TestModels.path(EditorHarness.model)
        let work = try EditorHarness.scratchDirectory("emacs")
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("example.py")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let findingsFile = work.appendingPathComponent("findings.json")
        let log = work.appendingPathComponent("emacs.log")
        let script = work.appendingPathComponent("drive.el")
        try """
        (setq debug-on-error nil)
        (add-to-list 'load-path \(lisp(EditorHarness.editorsDirectory("emacs"))))
        (require 'infill)
        (require 'json)
        (setq jsonrpc-default-request-timeout 300 eglot-sync-connect 300 eglot-connect-timeout 300)
        (setq infill-command (list \(lisp(LSPClient.binaryPath)) "serve"))
        (setq infill-settings (list :model \(lisp(model)) :threads 2 :candidates 1))
        (infill-eglot-setup)
        (defvar infill-test--findings nil)
        (defun infill-test--line () (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
        (condition-case problem
            (progn
              (find-file \(lisp(file.path)))
              (python-mode)
              (eglot '(python-mode) (cons 'transient \(lisp(work.path))) 'infill-eglot-server infill-command "python")
              (push (cons 'managed (if (eglot-managed-p) t :json-false)) infill-test--findings)
              (goto-char (point-min))
              (forward-line \(line))
              (end-of-line)
        \(scenario))
          (error (push (cons 'error (format "%S" problem)) infill-test--findings)))
        (with-temp-file \(lisp(findingsFile.path)) (insert (json-encode infill-test--findings)))
        (kill-emacs 0)
        """.write(to: script, atomically: true, encoding: .utf8)
        let status = try EditorHarness.run(emacs, ["--batch", "-l", script.path],
                                           in: work, log: log)
        let findings = try EditorHarness.findings(findingsFile, log: log)
        XCTAssertEqual(status, 0, "emacs ended: \(findings)")
        XCTAssertNil(findings["error"], "the Emacs session failed: \(findings)")
        XCTAssertEqual(findings["managed"] as? Bool, true, "eglot manages the buffer with Infill: \(findings)")
        return findings
    }

    private func lisp(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
