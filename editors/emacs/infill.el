;;; infill.el --- Infill code completion through eglot, with inline ghost text  -*- lexical-binding: t; -*-

;; Works with Emacs 28 and eglot 1.9 (Debian 12: emacs, elpa-eglot) and later.

;;; Commentary:

;; Two parts:
;;
;; 1. `infill-eglot-setup' registers `infill serve' as eglot's language server for the modes in
;;    `infill-modes'.  `M-x eglot' (or `eglot-ensure' in a mode hook) then starts it, and
;;    `completion-at-point' (C-M-i, or company/corfu) lists Infill's suggestions through
;;    `textDocument/completion'.  `infill-settings' is sent as initializationOptions.
;;
;; 2. `infill-inline-mode', a buffer-local minor mode, asks `textDocument/inlineCompletion' over the
;;    same eglot connection while you type (and on M-\) and shows the suggestion as grey ghost text
;;    after the cursor: TAB accepts, M-] and M-[ show the next and previous candidate, C-g dismisses.
;;
;; Eglot runs one server per buffer, so the inline mode needs Infill to be the buffer's eglot server.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)

(defgroup infill nil
  "Local code completion with Infill."
  :group 'tools
  :prefix "infill-")

(defcustom infill-command '("infill" "serve")
  "Command that starts the Infill language server."
  :type '(repeat string))

(defcustom infill-settings '(:model "qwen2.5-coder-0.5b")
  "Settings sent to Infill as initializationOptions, a plist.
Keys are those of the configuration table in Infill's README, e.g.
  (:model \"qwen2.5-coder-1.5b\" :threads 4 :maxTokens 64 :candidates 3
   :strategy (:automatic \"greedy\" :invoked \"beam:4\")
   :debounceMs 75 :logLevel \"debug\" :logFile \"/tmp/infill.log\")"
  :type 'plist)

(defcustom infill-modes
  '(python-mode c-mode c++-mode java-mode js-mode typescript-mode go-mode rust-mode
    swift-mode ruby-mode sh-mode lua-mode)
  "Major modes for which `infill-eglot-setup' registers Infill with eglot."
  :type '(repeat symbol))

(defcustom infill-inline-delay 0.15
  "Idle seconds after a keystroke before `infill-inline-mode' asks again."
  :type 'number)

(defface infill-ghost-face '((t :inherit shadow))
  "Face of the suggestion shown after the cursor.")

;;; The eglot server entry

(defclass infill-eglot-server (eglot-lsp-server) ()
  :documentation "Infill, a local code-completion language server.")

(cl-defmethod eglot-initialization-options ((_server infill-eglot-server))
  "Send `infill-settings'."
  (or infill-settings eglot--{}))

;;;###autoload
(defun infill-eglot-setup ()
  "Register Infill as eglot's server for `infill-modes'."
  (add-to-list 'eglot-server-programs
               (cons infill-modes (cons 'infill-eglot-server infill-command))))

;;; Inline suggestions

(defvar-local infill--overlay nil "Overlay showing the current suggestion.")
(defvar-local infill--items nil "Inline completion items of the last answer (a list of plists).")
(defvar-local infill--index 0 "Which of `infill--items' is shown.")
(defvar-local infill--timer nil "Idle timer of the next automatic request.")
(defvar-local infill--generation 0 "Counts requests; only the newest answer is shown.")

(defun infill--visible-p ()
  "Non-nil when a suggestion is on screen."
  (and infill--overlay (overlay-buffer infill--overlay)))

(defun infill--when-visible (command)
  "Key filter: COMMAND while a suggestion is shown, else the key's usual binding."
  (when (infill--visible-p) command))

(defvar infill-inline-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "M-\\") #'infill-inline-suggest)
    (dolist (binding '(("TAB" . infill-inline-accept) ("<tab>" . infill-inline-accept)
                       ("M-]" . infill-inline-next) ("M-[" . infill-inline-previous)
                       ("C-g" . infill-inline-dismiss)))
      (define-key map (kbd (car binding))
        `(menu-item "" ,(cdr binding) :filter infill--when-visible)))
    map)
  "Keys of `infill-inline-mode'.")

;;;###autoload
(define-minor-mode infill-inline-mode
  "Show Infill's inline suggestions as ghost text (needs an Infill eglot session)."
  :lighter " Infill"
  :keymap infill-inline-mode-map
  (if infill-inline-mode
      (add-hook 'post-command-hook #'infill--post-command nil t)
    (remove-hook 'post-command-hook #'infill--post-command t)
    (infill-inline-dismiss)))

(defun infill-inline-dismiss ()
  "Remove the suggestion."
  (interactive)
  (when infill--overlay (delete-overlay infill--overlay))
  (setq infill--overlay nil infill--items nil infill--index 0))

(defun infill--item-text (item)
  "The text ITEM inserts (its insertText; a snippet's is shown as it is)."
  (let ((text (plist-get item :insertText)))
    (if (stringp text) text (or (plist-get text :value) ""))))

(defun infill--show ()
  "Draw `infill--items' at `infill--index' after point."
  (when infill--overlay (delete-overlay infill--overlay))
  (let* ((item (nth infill--index infill--items))
         (range (plist-get item :range))
         ;; Text the item replaces before the cursor (the typed part of a word) is already on screen.
         (typed (if range
                    (max 0 (- (point) (eglot--lsp-position-to-point (plist-get range :start))))
                  0))
         (text (infill--item-text item))
         (shown (substring text (min typed (length text)))))
    (if (string-empty-p shown)
        (setq infill--overlay nil)
      (setq shown (propertize shown 'face 'infill-ghost-face))
      (put-text-property 0 1 'cursor t shown)
      (setq infill--overlay (make-overlay (point) (point) nil nil t))
      (overlay-put infill--overlay 'after-string shown)
      (overlay-put infill--overlay 'infill-item item))))

(defun infill-inline-suggest (&optional trigger-kind)
  "Ask Infill for a suggestion at point and show it.
TRIGGER-KIND is 1 when asked for (the default, interactively)
and 2 while typing."
  (interactive)
  (let ((server (eglot-current-server))
        (buffer (current-buffer))
        (point (point))
        (tick (buffer-chars-modified-tick))
        (generation (cl-incf infill--generation)))
    (when server
      ;; Eglot batches edits; send them first so the server sees the text on screen.
      (eglot--signal-textDocument/didChange)
      (jsonrpc-async-request
       server :textDocument/inlineCompletion
       (append (eglot--TextDocumentPositionParams)
               (list :context (list :triggerKind (or trigger-kind 1))))
       :success-fn
       (lambda (result)
         (when (buffer-live-p buffer)
           (with-current-buffer buffer
             (when (and (= generation infill--generation) (= point (point))
                        (= tick (buffer-chars-modified-tick)))
               (let ((items (if (vectorp result) result (plist-get result :items))))
                 (infill-inline-dismiss)
                 (setq infill--items (append items nil))
                 (when infill--items (infill--show)))))))
       :error-fn (lambda (_error) nil)
       :timeout-fn #'ignore))))

(defun infill--cycle (step)
  "Show the candidate STEP away from the current one."
  (when infill--items
    (setq infill--index (mod (+ infill--index step) (length infill--items)))
    (infill--show)))

(defun infill-inline-next ()
  "Show the next candidate."
  (interactive)
  (infill--cycle 1))

(defun infill-inline-previous ()
  "Show the previous candidate."
  (interactive)
  (infill--cycle -1))

(defun infill-inline-accept ()
  "Insert the shown suggestion; point ends after it."
  (interactive)
  (when (infill--visible-p)
    (let* ((item (overlay-get infill--overlay 'infill-item))
           (range (plist-get item :range))
           (text (infill--item-text item))
           (start (if range (eglot--lsp-position-to-point (plist-get range :start)) (point)))
           (end (if range (eglot--lsp-position-to-point (plist-get range :end)) (point))))
      (infill-inline-dismiss)
      (delete-region start end)
      (goto-char start)
      (insert text))))

(defun infill--post-command ()
  "Dismiss on other commands; ask again after typing."
  (unless (memq this-command '(infill-inline-next infill-inline-previous infill-inline-suggest))
    (infill-inline-dismiss))
  (when infill--timer (cancel-timer infill--timer) (setq infill--timer nil))
  (when (memq this-command '(self-insert-command newline delete-backward-char backward-delete-char-untabify))
    (let ((buffer (current-buffer)))
      (setq infill--timer
            (run-with-idle-timer infill-inline-delay nil
                                 (lambda ()
                                   (when (buffer-live-p buffer)
                                     (with-current-buffer buffer
                                       (setq infill--timer nil)
                                       (infill-inline-suggest 2)))))))))

(provide 'infill)
;;; infill.el ends here
