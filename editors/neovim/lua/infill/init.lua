-- Infill for Neovim: starts `infill serve` as a language server and shows its suggestions as ghost text.
--
-- Works with Neovim 0.7 and later (Debian's package). Neovim before 0.12 has no built-in inline
-- completion, so this module asks for `textDocument/inlineCompletion` itself and draws the first
-- candidate with extmarks. The same server also answers `textDocument/completion`, so omni completion
-- (<C-x><C-o>) lists the candidates too.
local M = {}

local ns = vim.api.nvim_create_namespace('infill')
local state = { client_id = nil, items = nil, bufnr = nil, row = nil, col = nil, timer = nil, generation = 0 }

M.config = {
  cmd = { 'infill', 'serve' },
  -- Sent as LSP initializationOptions; see the README's configuration table.
  init_options = {},
  filetypes = { 'python', 'swift', 'javascript', 'typescript', 'go', 'rust', 'c', 'cpp', 'java', 'lua', 'sh' },
  -- Ask automatically while typing (debounced by the server too); false: only on the key below.
  auto_trigger = true,
  debounce_ms = 150,
  keys = { request = '<M-\\>', accept = '<Tab>', dismiss = '<C-]>' },
}

local function client()
  return state.client_id and vim.lsp.get_client_by_id(state.client_id) or nil
end

--- Removes the ghost text.
function M.dismiss()
  if state.bufnr and vim.api.nvim_buf_is_valid(state.bufnr) then
    vim.api.nvim_buf_clear_namespace(state.bufnr, ns, 0, -1)
  end
  state.items = nil
end

local function show(bufnr, row, col, items)
  M.dismiss()
  if not items or #items == 0 then return end
  state.items, state.bufnr, state.row, state.col = items, bufnr, row, col
  local lines = vim.split(items[1].insertText or '', '\n', { plain = true })
  local opts = { virt_text = { { lines[1], 'Comment' } }, virt_text_pos = 'overlay', hl_mode = 'combine' }
  if #lines > 1 then
    local rest = {}
    for i = 2, #lines do rest[#rest + 1] = { { lines[i], 'Comment' } } end
    opts.virt_lines = rest
  end
  pcall(vim.api.nvim_buf_set_extmark, bufnr, ns, row, col, opts)
end

local function params(trigger_kind)
  local c = client()
  local p = vim.lsp.util.make_position_params(0, c and c.offset_encoding or 'utf-16')
  p.context = { triggerKind = trigger_kind }
  return p
end

--- Asks for a suggestion at the cursor and shows it. trigger_kind: 1 invoked (default), 2 automatic.
function M.request(trigger_kind)
  local c = client()
  if not c then return end
  local bufnr = vim.api.nvim_get_current_buf()
  local cursor = vim.api.nvim_win_get_cursor(0)
  state.generation = state.generation + 1
  local generation = state.generation
  c.request('textDocument/inlineCompletion', params(trigger_kind or 1), function(err, result)
    if err or generation ~= state.generation then return end
    local now = vim.api.nvim_win_get_cursor(0)
    if now[1] ~= cursor[1] or now[2] ~= cursor[2] then return end
    local items = result and (result.items or result) or {}
    show(bufnr, cursor[1] - 1, cursor[2], items)
  end, bufnr)
end

--- Synchronous request, for scripts and tests: returns the list of items (or nil and an error).
function M.request_sync(timeout_ms, trigger_kind)
  local c = client()
  if not c then return nil, 'infill is not running' end
  local response, err = c.request_sync('textDocument/inlineCompletion', params(trigger_kind or 1), timeout_ms or 30000, 0)
  if not response then return nil, err end
  if response.err then return nil, vim.inspect(response.err) end
  local result = response.result
  return result and (result.items or result) or {}
end

--- Inserts the shown suggestion. Returns false when there is none (so <Tab> can fall back).
function M.accept()
  local items = state.items
  if not items or #items == 0 then return false end
  local item = items[1]
  local c = client()
  local edit = { range = item.range, newText = item.insertText }
  if not edit.range then
    local pos = { line = state.row, character = state.col }
    edit.range = { start = pos, ['end'] = pos }
  end
  M.dismiss()
  vim.lsp.util.apply_text_edits({ edit }, state.bufnr, c and c.offset_encoding or 'utf-16')
  -- Put the cursor after the inserted text.
  local lines = vim.split(item.insertText, '\n', { plain = true })
  local start = edit.range.start
  local row = start.line + #lines
  local col = (#lines == 1) and (state.col + #lines[1]) or #lines[#lines]
  pcall(vim.api.nvim_win_set_cursor, 0, { row, col })
  return true
end

local function attach(bufnr)
  if not state.client_id then return end
  vim.lsp.buf_attach_client(bufnr, state.client_id)
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  local keys = M.config.keys
  vim.keymap.set('i', keys.request, function() M.request(1) end, { buffer = bufnr, desc = 'Infill: suggest' })
  vim.keymap.set('i', keys.dismiss, M.dismiss, { buffer = bufnr, desc = 'Infill: dismiss' })
  vim.keymap.set('i', keys.accept, function()
    if not M.accept() then
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys.accept, true, false, true), 'n', false)
    end
  end, { buffer = bufnr, desc = 'Infill: accept suggestion' })
end

--- Starts the server and attaches it to buffers of the configured file types.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  state.client_id = vim.lsp.start_client({
    name = 'infill',
    cmd = M.config.cmd,
    root_dir = vim.fn.getcwd(),
    init_options = M.config.init_options,
    capabilities = vim.lsp.protocol.make_client_capabilities(),
  })
  local group = vim.api.nvim_create_augroup('infill', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args) attach(args.buf) end,
  })
  vim.api.nvim_create_autocmd({ 'InsertLeave', 'BufLeave' }, { group = group, callback = M.dismiss })
  if M.config.auto_trigger then
    vim.api.nvim_create_autocmd('TextChangedI', {
      group = group,
      callback = function()
        M.dismiss()
        if state.timer then state.timer:stop() end
        state.timer = vim.defer_fn(function() M.request(2) end, M.config.debounce_ms)
      end,
    })
  end
  -- Buffers already open get attached too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      attach(bufnr)
    end
  end
  return state.client_id
end

return M
