-- Infill as a server for Neovim 0.11+'s `vim.lsp.config` / `vim.lsp.enable('infill')` (found on the
-- runtimepath under lsp/). With Neovim 0.12+ turn on the built-in inline completion to see its
-- `textDocument/inlineCompletion` suggestions as ghost text: see README.md. Override any field with
-- vim.lsp.config('infill', { ... }), e.g. init_options (the README's configuration table).
return {
  cmd = { 'infill', 'serve' },
  filetypes = { 'python', 'swift', 'javascript', 'typescript', 'go', 'rust', 'c', 'cpp', 'java', 'lua', 'sh' },
  root_markers = { '.git' },
  init_options = {},
}
