import Foundation

/// Python's build check (`LocalBuildChecker`): Python has no compiler to ask, so python3 reads the candidate
/// with its own parser (`ast.parse`; nothing in the candidate is executed or imported) and reports what would
/// fail the first time the function runs, whatever its input:
/// - a syntax error (an answer cut off at the token limit);
/// - a built-in name the function assigns and also calls (`str = str(n)`, then `str(total % 2)`): the
///   assignment makes the name local to the whole function, so the call raises `UnboundLocalError` or calls
///   the value. Translations from C, C++ and Java keep such variable names (`str`, `sum`, `max`);
/// - a local the function reads before it assigns it, where the first statement naming it is an assignment
///   that reads it, or an expression statement that reads it, and runs whenever the function gets there
///   (`gcd = gcd(a, b)` with no `gcd` before; `total += x` in a loop before any `total = 0`; a bare `m`, C++'s
///   declaration `int m;` kept, before the loop that sets `m`): `UnboundLocalError`;
/// - a `for` loop over `range` whose body assigns the loop's variable (C's `i -= 1` to repeat a turn, kept): the
///   next turn takes `range`'s next value all the same, so the loop runs as the source's did not. Python allows it
///   (pylint warns); added on 2026-12-07, it flags 13 of the 6,366 distinct Python candidates recorded in docs/data
///   before it, all failing (C++/Go→Python `factorize`, Java→Python `do_algebra`), and none that passes;
/// - a local the function sets to a zero number once and reads, which nothing else assigns (no `+=`, no second
///   assignment, no loop target): every read gives 0, the accumulation the source made is missing (C++→Python
///   `mean_absolute_deviation`'s `sum = 0` read by `avg = sum / len(numbers)`, the loop adding to it left out, in every
///   beam candidate). Added on 2026-12-07 (night), it flags 10 of the 6,318 distinct Python candidates recorded in
///   docs/data, all failing (Python/4, /141, /1), and none that passes; the finding names the line that reads the 0, so
///   a repair round (every candidate flagged) asks for the value before that line;
/// - a name the function reads that nothing defines: not a parameter or local, not defined, assigned or
///   imported at the top level, not a built-in (a forgotten `import math`, the source's `Comparator`).
///   Not checked in a file with a star import.
///
/// Each finding is a line `candidate.py:LINE: message`, so the repair prompt quotes the line
/// (`ExampleReport.buildMessages`); the exit status is 1 when there is one. Measured on the 652 recorded
/// first-round Python candidates of the translation and writing rows: 12 flagged, every one of them failed
/// its tests, none of the 389 passing ones flagged (docs/translate-and-write.md, "A Python scope check and
/// the whole C++→Python row"). The read-before-assigned rule, added later, flags 2 of the 4,303 distinct Python
/// candidates recorded up to 2026-12-06, both failing (`simplify`'s `gcd = gcd(...)`, ranked first; `intersection`'s
/// `inter1`), and none that passes. Its expression statements, added on 2026-12-07, flag none of the 6,366
/// distinct Python candidates recorded in docs/data before them and one of the faithful-system-turn run's
/// (docs/data/tasks-2026-12-07/zen5-system-turn, C++→Python `sort_array`'s bare `m`, ranked first, failing).
enum PythonScopeCheck {
    /// The file the harness writes the candidate into (first, so its line numbers are the candidate's).
    static let file = "candidate.py"

    /// The command that checks `file` with the python3 at `python`.
    static func command(python: String) -> [String] {
        [python, "-I", "-B", "-c", script, file]
    }

    /// The checker, run by `python3 -c` with the file's path as its argument.
    static let script = #"""
        import ast, builtins, sys

        BUILTINS = set(dir(builtins)) | {"__file__", "__doc__", "__name__", "__spec__", "__loader__", "__package__"}
        DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
        SCOPES = DEFS + (ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
        PATTERN_NAMES = tuple(getattr(ast, n) for n in ("MatchAs", "MatchStar") if hasattr(ast, n))

        def bound_names(node):
            # Names a statement or expression binds where it stands (not inside nested scopes).
            names = set()
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)
            elif isinstance(node, DEFS + (ast.ClassDef,)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                names.add(node.name)
            elif PATTERN_NAMES and isinstance(node, PATTERN_NAMES) and node.name:
                names.add(node.name)
            elif hasattr(ast, "MatchMapping") and isinstance(node, ast.MatchMapping) and node.rest:
                names.add(node.rest)
            return names

        def own_nodes(roots):
            # The nodes of one scope: nested functions, classes, lambdas and comprehensions are yielded, not entered.
            stack = list(roots)
            while stack:
                node = stack.pop()
                yield node
                if not isinstance(node, SCOPES):
                    stack.extend(ast.iter_child_nodes(node))

        def walrus_targets(node):
            # `:=` inside a comprehension binds in the enclosing function.
            return {n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name)}

        COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try) + ((ast.Match,) if hasattr(ast, "Match") else ())
        # Statements whose body runs on the way through them when it runs at all: loops and `with`, not branches.
        UNBRANCHED = (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)

        def header_names(statement):
            # The names a statement mentions where it stands: a compound statement's header only, not its body.
            if isinstance(statement, DEFS + (ast.ClassDef,)):
                return {statement.name}
            parts = [statement]
            if isinstance(statement, COMPOUND):
                parts = [getattr(statement, f) for f in ("target", "iter", "test", "subject") if getattr(statement, f, None) is not None]
                for item in getattr(statement, "items", None) or []:
                    parts += [item.context_expr] + ([item.optional_vars] if item.optional_vars is not None else [])
            return {n.id for part in parts for n in own_nodes([part]) if isinstance(n, ast.Name)}

        def first_mentions(statements, unconditional, first):
            # Each name's first statement in source order, and whether it runs whenever the function gets there
            # (the function's body, a loop's or `with`'s body within it; not a branch of `if`, `try` or `match`).
            for statement in statements:
                for name in header_names(statement) - set(first):
                    first[name] = (statement, unconditional)
                if isinstance(statement, DEFS + (ast.ClassDef,)):
                    continue
                if isinstance(statement, UNBRANCHED):
                    first_mentions(statement.body, unconditional, first)
                    first_mentions(getattr(statement, "orelse", None) or [], False, first)
                elif isinstance(statement, COMPOUND):
                    for block in [getattr(statement, f, None) or [] for f in ("body", "orelse", "finalbody")]:
                        first_mentions(block, False, first)
                    for inner in (getattr(statement, "handlers", None) or []) + (getattr(statement, "cases", None) or []):
                        first_mentions(inner.body, False, first)

        def reads_of(expression):
            # The names an expression reads where it stands (not inside nested scopes).
            return {n.id for n in own_nodes([expression]) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}

        def read_before_assigned(function, params, declared, local):
            # Locals whose first mention is an assignment that reads them (`gcd = gcd(a, b)` with nothing named
            # `gcd` before; `total += x` before any `total = 0`), or an expression statement that reads them (C's
            # declaration `int m;` kept as a bare `m`), reached unconditionally: UnboundLocalError.
            first = {}
            first_mentions(function.body, True, first)
            for name, (statement, unconditional) in first.items():
                if not unconditional or name in params or name in declared:
                    continue
                if isinstance(statement, ast.AugAssign):
                    if isinstance(statement.target, ast.Name) and statement.target.id == name:
                        yield statement.lineno, name
                elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
                    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                    stores = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
                    if name in stores and name in reads_of(statement.value):
                        yield statement.lineno, name
                elif isinstance(statement, ast.Expr) and name in local and name in reads_of(statement.value):
                    yield statement.lineno, name

        def loop_counters_assigned(function):
            # A `for` loop over `range` whose body assigns its variable (C's `for (...; i++) { ...; i -= 1; }` kept): the
            # assignment lasts only until the next turn, so the loop does not repeat or skip a turn as the source did.
            for node in own_nodes(function.body):
                if not (isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name)
                        and isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Name) and node.iter.func.id == "range"):
                    continue
                for inner in own_nodes(node.body):
                    targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target] if isinstance(inner, (ast.AugAssign, ast.AnnAssign)) else []
                    if any(isinstance(t, ast.Name) and t.id == node.target.id for t in targets):
                        yield inner.lineno, node.target.id

        def constant_zeros(function, params, declared, loaded):
            # Locals the function sets to a zero number once (`sum = 0`, `total: float = 0.0`) and reads, which nothing
            # else assigns: no `+=`, no second assignment, no loop or `with` target, no `:=`, no `nonlocal` in a nested
            # function. Every read gives 0: the accumulation the code meant (the source's loop) is missing. `loaded` is
            # `check`'s first line reading each name.
            stores, zeros = {}, {}
            for node in own_nodes(function.body):
                if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                    stores[node.id] = stores.get(node.id, 0) + 1
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    value = node.value
                    if (len(targets) == 1 and isinstance(targets[0], ast.Name) and isinstance(value, ast.Constant)
                            and type(value.value) in (int, float) and value.value == 0):
                        zeros.setdefault(targets[0].id, node.lineno)
                if isinstance(node, SCOPES) and node is not function:
                    for inner in ast.walk(node):
                        if isinstance(inner, ast.NamedExpr) and isinstance(inner.target, ast.Name):
                            stores[inner.target.id] = stores.get(inner.target.id, 0) + 1
                        if isinstance(inner, (ast.Nonlocal, ast.Global)):
                            declared = declared | set(inner.names)
            for name, line in zeros.items():
                if stores.get(name) == 1 and name in loaded and name not in params and name not in declared:
                    yield line, name, loaded[name]

        def check(function, outer, module, star, findings):
            args = function.args
            params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
            params |= {a.arg for a in (args.vararg, args.kwarg) if a}
            local, declared, called, loaded, callables, nested, assigned = set(params), set(), set(), {}, set(), [], {}
            for node in own_nodes(function.body):
                local |= bound_names(node)
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    assigned[node.id] = min(assigned.get(node.id, node.lineno), node.lineno)
                if isinstance(node, (ast.Global, ast.Nonlocal)):
                    declared.update(node.names)
                if isinstance(node, DEFS + (ast.ClassDef, ast.Import, ast.ImportFrom)):
                    callables |= bound_names(node)
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
                    callables |= {t.id for t in node.targets if isinstance(t, ast.Name)}
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    loaded[node.id] = min(loaded.get(node.id, node.lineno), node.lineno)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    called.add(node.func.id)
                if isinstance(node, SCOPES) and node is not function:
                    nested.append(node)
                    if not isinstance(node, DEFS + (ast.ClassDef, ast.Lambda)):
                        local |= walrus_targets(node)
            local -= declared
            shadowed = (local & BUILTINS & called & set(assigned)) - params - callables
            for name in sorted(shadowed):
                findings.append((assigned[name], f"assigning `{name}` in `{function.name}` makes `{name}` a local variable of the whole "
                                 f"function, so `{name}(...)` raises UnboundLocalError instead of calling the built-in; "
                                 f"give the variable another name"))
            for line, name in read_before_assigned(function, params, declared, local):
                if name not in shadowed:
                    findings.append((line, f"`{name}` is read before `{function.name}` assigns it (the assignment makes it a "
                                     f"local variable of the whole function), so this line raises UnboundLocalError: "
                                     f"give it a value first, or import or define what it names"))
            for line, name in loop_counters_assigned(function):
                findings.append((line, f"assigning `{name}`, the variable of the `for` loop over `range` around this line, does not "
                                 f"change its next turn (`range` gives the next value whatever the body did; C's `{name} -= 1` "
                                 f"repeats a turn, Python's does not): write a `while` loop that steps `{name}` itself"))
            for line, name, read in constant_zeros(function, params, declared, loaded):
                findings.append((line, f"`{name}` is set to 0 here and nothing in `{function.name}` changes it, so reading it "
                                 f"(line {read}) always gives 0: give it its value before line {read} reads it, as the source "
                                 f"does (a loop adding to it), or write the 0 itself"))
            known = local | declared | outer | module | BUILTINS
            if not star:
                for name, line in loaded.items():
                    if name not in known:
                        findings.append((line, f"`{name}` is not defined: import it or define it"))
            for node in nested:
                if isinstance(node, DEFS):
                    check(node, known, module, star, findings)
                elif not isinstance(node, ast.ClassDef) and not star:
                    inner = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
                    inner |= {n.arg for n in ast.walk(node) if isinstance(n, ast.arg)}
                    for n in ast.walk(node):
                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in known | inner:
                            findings.append((n.lineno, f"`{n.id}` is not defined: import it or define it"))

        def main(path):
            source = open(path, encoding="utf-8", errors="replace").read()
            try:
                tree = ast.parse(source)
            except SyntaxError as error:
                return [(error.lineno or 1, error.msg)]
            star = any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(tree))
            module = set()
            for statement in tree.body:
                for node in own_nodes([statement]):
                    module |= bound_names(node)
                    if isinstance(node, ast.ListComp) or isinstance(node, ast.GeneratorExp):
                        module |= walrus_targets(node)
            findings = []
            for statement in tree.body:
                if isinstance(statement, DEFS):
                    check(statement, set(), module, star, findings)
                elif isinstance(statement, ast.ClassDef):
                    for member in statement.body:
                        if isinstance(member, DEFS):
                            check(member, set(), module, star, findings)
            return findings

        findings = main(sys.argv[1])
        for line, message in sorted(set(findings)):
            print(f"{sys.argv[1]}:{line}: {message}")
        sys.exit(1 if findings else 0)
        """#
}
