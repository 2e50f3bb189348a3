vim9script
# Infill for Vim 9: starts `infill serve` as a language server over Vim's own LSP channel mode, keeps it
# in sync with your buffers (incremental changes), shows `textDocument/inlineCompletion` as ghost text
# (text properties with virtual text), Tab accepts, and sets 'omnifunc' to `textDocument/completion`.
#
# Settings (before this file is loaded, e.g. in vimrc):
#   g:infill_command   the server command (default ['infill', 'serve'])
#   g:infill_settings  a Dict sent as initializationOptions: the keys of the README's configuration table
#   g:infill_filetypes file types to attach to (default: common programming languages)
#   g:infill_auto      ask while typing (default true); false: only on <M-\>
#   g:infill_delay     milliseconds of quiet after a keystroke before asking (default 150)
#   g:infill_log       a file to append the server's stderr (its log) to (default: none; :InfillLog shows
#                      the last lines kept in memory)

if !has('vim9script') || !has('job') || !has('channel') || !has('textprop')
  finish
endif
if exists('g:loaded_infill')
  finish
endif
g:loaded_infill = true

const defaultFiletypes = ['python', 'swift', 'c', 'cpp', 'java', 'javascript', 'typescript', 'go', 'rust',
  'ruby', 'lua', 'sh', 'vim']

var job: job = null_job
var channel: channel = null_channel
var ready = false
var opened: dict<bool> = {}        # bufnr -> didOpen sent
var versions: dict<number> = {}    # bufnr -> document version
var listeners: dict<number> = {}   # bufnr -> listener id
var pending: list<number> = []     # buffers to open once initialized
var logLines: list<string> = []
var timer = -1
var generation = 0
# The shown suggestion: buffer, line, column (bytes, 1-based) and the items with the shown index.
var shown: dict<any> = {}

if empty(prop_type_get('InfillGhost'))
  highlight default link InfillGhost Comment
  prop_type_add('InfillGhost', {highlight: 'InfillGhost'})
endif

def Log(line: string)
  add(logLines, line)
  if len(logLines) > 500
    remove(logLines, 0, 99)
  endif
  var file = get(g:, 'infill_log', '')
  if !empty(file)
    writefile([line], file, 'a')
  endif
enddef

def Uri(bufnr: number): string
  var path = fnamemodify(bufname(bufnr), ':p')
  return 'file://' .. substitute(path, '[^A-Za-z0-9/._~-]', (m) => printf('%%%02X', char2nr(m[0])), 'g')
enddef

def BufferText(bufnr: number): string
  return join(getbufline(bufnr, 1, '$'), "\n") .. "\n"
enddef

def Send(method: string, params: dict<any>)
  if ch_status(channel) == 'open'
    ch_sendexpr(channel, {method: method, params: params})
  endif
enddef

# Messages the server sends by itself: log and show messages go to the log.
def OnMessage(ch: channel, message: dict<any>)
  var method = get(message, 'method', '')
  if method == 'window/logMessage' || method == 'window/showMessage'
    Log(message.params.message)
    if method == 'window/showMessage' && get(message.params, 'type', 4) == 1
      echohl ErrorMsg | echomsg message.params.message | echohl None
    endif
  elseif has_key(message, 'id') && !empty(method)
    # A request from the server (none expected): answer so it does not wait.
    ch_sendexpr(channel, {id: message.id, result: null})
  endif
enddef

def OnStderr(ch: channel, line: string)
  Log(line)
enddef

def OnExit(j: job, status: number)
  Log('infill exited with status ' .. status)
  ready = false
  channel = null_channel
  opened = {}
  listeners = {}
enddef

# Starts the server once; buffers asked for before it answers `initialize` are opened afterwards.
export def Start()
  if job_status(job) == 'run'
    return
  endif
  var command = get(g:, 'infill_command', ['infill', 'serve'])
  job = job_start(command, {in_mode: 'lsp', out_mode: 'lsp', err_mode: 'nl',
    out_cb: OnMessage, err_cb: OnStderr, exit_cb: OnExit, noblock: true})
  if job_status(job) != 'run'
    echohl ErrorMsg | echomsg 'infill: cannot start ' .. string(command) | echohl None
    return
  endif
  channel = job_getchannel(job)
  var params = {
    processId: getpid(),
    clientInfo: {name: 'vim', version: string(v:version)},
    rootUri: 'file://' .. getcwd(),
    capabilities: {
      general: {positionEncodings: ['utf-8']},
      textDocument: {
        synchronization: {dynamicRegistration: false},
        completion: {completionItem: {snippetSupport: false, insertReplaceSupport: false}},
        inlineCompletion: {dynamicRegistration: false},
      },
    },
    initializationOptions: get(g:, 'infill_settings', {}),
  }
  ch_sendexpr(channel, {method: 'initialize', params: params}, {callback: OnInitialized})
enddef

def OnInitialized(ch: channel, response: dict<any>)
  if has_key(response, 'error')
    Log('initialize failed: ' .. string(response.error))
    return
  endif
  var encoding = get(get(response.result, 'capabilities', {}), 'positionEncoding', 'utf-16')
  if encoding != 'utf-8'
    Log('infill chose ' .. encoding .. ' positions; this plugin speaks utf-8 only')
  endif
  Send('initialized', {})
  ready = true
  for bufnr in pending
    Open(bufnr)
  endfor
  pending = []
enddef

# didOpen, and a listener that sends each batch of changes as one incremental change of whole lines.
export def Open(bufnr: number)
  if !ready
    if index(pending, bufnr) < 0
      add(pending, bufnr)
    endif
    Start()
    return
  endif
  if get(opened, bufnr, false) || !bufloaded(bufnr)
    return
  endif
  opened[bufnr] = true
  versions[bufnr] = 1
  Send('textDocument/didOpen', {textDocument: {uri: Uri(bufnr), languageId: getbufvar(bufnr, '&filetype'),
    version: 1, text: BufferText(bufnr)}})
  listeners[bufnr] = listener_add(OnChange, bufnr)
  setbufvar(bufnr, '&omnifunc', 'InfillOmnifunc')
enddef

def Close(bufnr: number)
  if !get(opened, bufnr, false)
    return
  endif
  if has_key(listeners, bufnr)
    listener_remove(listeners[bufnr])
    remove(listeners, bufnr)
  endif
  remove(opened, bufnr)
  Send('textDocument/didClose', {textDocument: {uri: Uri(bufnr)}})
enddef

# Vim reports each batch of changes as one span of whole lines: lines start..end-1 (1-based, before the
# change) became the buffer's lines start..end+added-1. It goes to the server as one incremental change.
def OnChange(bufnr: number, start: number, end: number, added: number, changes: list<dict<any>>)
  if !get(opened, bufnr, false)
    return
  endif
  var newEnd = end + added
  var lines = newEnd > start ? getbufline(bufnr, start, newEnd - 1) : []
  versions[bufnr] += 1
  Send('textDocument/didChange', {
    textDocument: {uri: Uri(bufnr), version: versions[bufnr]},
    contentChanges: [{
      range: {start: {line: start - 1, character: 0}, end: {line: end - 1, character: 0}},
      text: empty(lines) ? '' : join(lines, "\n") .. "\n",
    }],
  })
enddef

def Position(): dict<any>
  return {line: line('.') - 1, character: col('.') - 1}
enddef

# Ghost text.

export def Dismiss()
  if !empty(shown) && bufexists(shown.bufnr)
    prop_remove({type: 'InfillGhost', bufnr: shown.bufnr, all: true})
  endif
  shown = {}
enddef

def Show(bufnr: number, lnum: number, col: number, items: list<any>, index: number)
  Dismiss()
  if empty(items)
    return
  endif
  var item = items[index]
  var text = type(item.insertText) == v:t_string ? item.insertText : get(item.insertText, 'value', '')
  # The part of the item's range before the cursor is typed already; show what comes after it.
  if has_key(item, 'range') && item.range.start.line == lnum - 1
    text = strpart(text, max([0, col - 1 - item.range.start.character]))
  endif
  var lines = split(text, "\n", true)
  shown = {bufnr: bufnr, lnum: lnum, col: col, items: items, index: index}
  if !empty(lines[0])
    prop_add(lnum, col, {type: 'InfillGhost', bufnr: bufnr, text: lines[0]})
  endif
  for extra in lines[1 :]
    prop_add(lnum, 0, {type: 'InfillGhost', bufnr: bufnr, text: empty(extra) ? ' ' : extra, text_align: 'below'})
  endfor
enddef

export def Visible(): bool
  return !empty(shown) && shown.bufnr == bufnr() && shown.lnum == line('.') && shown.col == col('.')
enddef

# Asks for an inline suggestion at the cursor: kind 1 invoked (a key), 2 automatic (typing).
export def Suggest(kind: number = 1)
  var bufnr = bufnr()
  if !ready || !get(opened, bufnr, false)
    return
  endif
  listener_flush(bufnr)
  generation += 1
  var asked = generation
  var lnum = line('.')
  var col = col('.')
  var params = {textDocument: {uri: Uri(bufnr)}, position: Position(), context: {triggerKind: kind}}
  ch_sendexpr(channel, {method: 'textDocument/inlineCompletion', params: params},
    {callback: (ch, response) => {
      if asked != generation || bufnr() != bufnr || line('.') != lnum || col('.') != col
        return
      endif
      if has_key(response, 'error')
        Log('inlineCompletion: ' .. get(response.error, 'message', ''))
        return
      endif
      var result = get(response, 'result', {})
      var items = type(result) == v:t_list ? result : get(result ?? {}, 'items', [])
      Show(bufnr, lnum, col, items, 0)
    }})
enddef

export def Cycle(step: number)
  if Visible()
    Show(shown.bufnr, shown.lnum, shown.col, shown.items, (shown.index + step) % len(shown.items))
  endif
enddef

# Replaces the item's range with its text and puts the cursor after it.
export def Accept(): bool
  if !Visible()
    return false
  endif
  var item = shown.items[shown.index]
  Dismiss()
  var text = type(item.insertText) == v:t_string ? item.insertText : get(item.insertText, 'value', '')
  var range = get(item, 'range', {start: Position(), end: Position()})
  var startLine = range.start.line + 1
  var endLine = range['end'].line + 1
  var before = strpart(getline(startLine), 0, range.start.character)
  var after = strpart(getline(endLine), range['end'].character)
  var lines = split(before .. text, "\n", true)
  var cursorLine = startLine + len(lines) - 1
  var cursorCol = strlen(lines[-1]) + 1
  lines[-1] ..= after
  setline(startLine, lines[0])
  if endLine > startLine
    deletebufline('%', startLine + 1, endLine)
  endif
  if len(lines) > 1
    append(startLine, lines[1 :])
  endif
  cursor(cursorLine, cursorCol)
  return true
enddef

export def TabKey(): string
  return Visible() ? "\<Cmd>call InfillAccept()\<CR>" : "\<Tab>"
enddef

def Typed()
  Dismiss()
  if timer >= 0
    timer_stop(timer)
  endif
  if get(g:, 'infill_auto', true)
    timer = timer_start(get(g:, 'infill_delay', 150), (_) => Suggest(2))
  endif
enddef

# 'omnifunc': the items of `textDocument/completion`. As other clients do, the completion starts at the
# word typed before the cursor ('iskeyword') and keeps the items whose filterText starts with that word;
# an item's text replaces its range, so the word gets what lies between the word's start and the range.
var omniItems: list<any> = []
var omniStart = 0
def g:InfillOmnifunc(findstart: number, base: string): any
  if findstart == 1
    omniItems = []
    var bufnr = bufnr()
    if !ready || !get(opened, bufnr, false)
      return -3
    endif
    listener_flush(bufnr)
    var response = ch_evalexpr(channel, {method: 'textDocument/completion',
      params: {textDocument: {uri: Uri(bufnr)}, position: Position(), context: {triggerKind: 1}}},
      {timeout: get(g:, 'infill_omni_timeout', 60000)})
    var result = get(response, 'result', [])
    omniItems = type(result) == v:t_list ? result : get(result ?? {}, 'items', [])
    omniStart = match(strpart(getline('.'), 0, col('.') - 1), '\k*$')
    return empty(omniItems) ? -3 : omniStart
  endif
  var line = getline('.')
  var words = []
  for item in omniItems
    var edit = get(item, 'textEdit', {})
    var range = get(edit, 'range', get(edit, 'insert', {}))
    var text = get(edit, 'newText', get(item, 'insertText', item.label))
    if !empty(range) && range.start.character > omniStart
      text = strpart(line, omniStart, range.start.character - omniStart) .. text
    elseif !empty(range) && range.start.character < omniStart
      continue
    endif
    # A completion menu inserts one line; the rest of a multi-line item follows on CompleteDone.
    var lines = split(text, "\n", true)
    if stridx(get(item, 'filterText', text), base) == 0
      add(words, {word: lines[0], abbr: item.label, menu: get(item, 'detail', 'infill'), icase: 0, dup: 1,
        user_data: {infill: join(lines[1 :], "\n")}})
    endif
  endfor
  return words
enddef

# After the menu inserted an item's first line, the rest of a multi-line item.
def CompleteDone()
  var data = get(v:completed_item, 'user_data', {})
  if type(data) != v:t_dict || empty(get(data, 'infill', ''))
    return
  endif
  var lnum = line('.')
  var line = getline('.')
  var col = col('.') - 1
  var lines = split(strpart(line, 0, col) .. "\n" .. data.infill, "\n", true)
  var cursorCol = strlen(lines[-1]) + 1
  lines[-1] ..= strpart(line, col)
  setline(lnum, lines[0])
  append(lnum, lines[1 :])
  cursor(lnum + len(lines) - 1, cursorCol)
enddef

def g:InfillAccept()
  Accept()
enddef

def Attach(bufnr: number)
  if index(get(g:, 'infill_filetypes', defaultFiletypes), getbufvar(bufnr, '&filetype')) < 0
    return
  endif
  Open(bufnr)
  execute 'inoremap <buffer> <silent> <expr> <Tab> ' .. expand('<SID>') .. 'TabKey()'
  execute 'inoremap <buffer> <silent> <M-\> <Cmd>call ' .. expand('<SID>') .. 'Suggest(1)<CR>'
  execute 'inoremap <buffer> <silent> <M-]> <Cmd>call ' .. expand('<SID>') .. 'Cycle(1)<CR>'
  execute 'inoremap <buffer> <silent> <C-]> <Cmd>call ' .. expand('<SID>') .. 'Dismiss()<CR>'
enddef

command! InfillStart Start()
command! InfillSuggest Suggest(1)
def ShowLog()
  new
  setlocal buftype=nofile bufhidden=wipe
  setline(1, logLines)
enddef

command! InfillLog ShowLog()

augroup infill
  autocmd!
  autocmd FileType * Attach(str2nr(expand('<abuf>')))
  autocmd BufUnload * Close(str2nr(expand('<abuf>')))
  autocmd TextChangedI,TextChangedP * Typed()
  autocmd InsertLeave * Dismiss()
  autocmd CompleteDone * CompleteDone()
  autocmd CursorMovedI * if !Visible() | Dismiss() | endif
augroup END

# For scripts and tests: is the server up, what is shown.
export def Status(): dict<any>
  return {ready: ready, opened: keys(opened), shown: empty(shown) ? {} : {lnum: shown.lnum, col: shown.col,
    text: shown.items[shown.index].insertText}}
enddef
def g:InfillStatus(): dict<any>
  return Status()
enddef
def g:InfillSuggest(kind: number)
  Suggest(kind)
enddef
