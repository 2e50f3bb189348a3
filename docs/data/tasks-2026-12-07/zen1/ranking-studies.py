"""Four rankings of the recorded candidates of the rows into Python, measured and not taken (2026-12-07).

Run from docs/data:  python3 tasks-2026-12-07/zen1/ranking-studies.py
Reads only records already in docs/data (beam records of tasks-2026-12-07/zen5-beam, the ranked and anchor
records each row's README figure came from) and the HumanEval-X sources in Sources/Evaluation/Datasets.
It generates nothing; each candidate's `score` is the one the engine recorded.
"""
import collections, difflib, glob, gzip, json, math, re, subprocess

T, D, Z = 'tasks-2026-12-07/zen5-beam', 'tasks-2026-12-05', 'tasks-2026-12-06/zen5-rows'
GO_ANCHORS = subprocess.run("grep -rl '\"variant\":\"anchor\"' tasks-2026-12-0[1-6]* | xargs grep -l '\"eval\":\"translate go'"
                            " | grep -v 0.5b | sort", shell=True, capture_output=True, text=True).stdout.split()
ROWS = {  # source language -> record files (beam first; the first record of a task and variant counts)
    'cpp': [T + '/beam-cpp-s0.jsonl', T + '/beam-cpp-s1.jsonl'] + sorted(glob.glob('tasks-2026-12-06/zen5-cpp-python-whole/*.jsonl')),
    'js': [T + '/beam-js-s0.jsonl', T + '/beam-js-s1.jsonl', D + '/mends/t-js-python.jsonl', D + '/zen2-js-python-even/t-js-python-even.jsonl'],
    'java': [T + '/beam-java-s0.jsonl', T + '/beam-java-s1.jsonl'] + sorted(glob.glob(Z + '/t-java-python-*.jsonl'))
            + [D + '/zen2-java-python-even/t-java-python.jsonl'],
    'go': [T + '/beam-go-s0.jsonl', T + '/beam-go-s1.jsonl']
          + sorted(glob.glob(Z + '/t-go-python-*.jsonl') + glob.glob('tasks-2026-12-03/default-rows/*go*python*.jsonl')) + GO_ANCHORS,
}
SOURCES = {}
for language in ROWS:
    for line in gzip.open('../../Sources/Evaluation/Datasets/humaneval-x/humaneval_%s.jsonl.gz' % language, 'rt'):
        task = json.loads(line)
        SOURCES[(language, task['task_id'].split('/')[-1])] = task['prompt'] + task['canonical_solution']


def records(files):
    found = {}
    for path in files:
        for line in open(path):
            record = json.loads(line)
            if record.get('eval', '').endswith('python') and record.get('judged') is not None:
                found.setdefault((record['task'], record['variant']), record)
    return found


def operators(code, python):
    """Operator counts, comments and string literals removed; `x += 1`, `x++` count as `+`, `&&` as `and`."""
    if python:
        code = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|#[^\n]*', '', code)
        pattern = r'\band\b|\bor\b|\bnot\b|==|!=|<=|>=|//=|\+=|-=|\*=|/=|%=|//|\*\*|[<>+\-*/%]'
    else:
        code = re.sub(r'/\*.*?\*/|//[^\n]*', '', code, flags=re.S).replace('===', '==').replace('!==', '!=')
        pattern = r'&&|\|\||==|!=|<=|>=|\+\+|--|\+=|-=|\*=|/=|%=|[!<>+\-*/%]'
    code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', code)
    same = {'&&': 'and', '||': 'or', '!': 'not', '++': '+', '--': '-', '+=': '+', '-=': '-', '*=': '*', '/=': '/',
            '//=': '/', '%=': '%', '//': '/'}
    return collections.Counter(same.get(t, t) for t in re.findall(pattern, code))


def distance(a, b):
    return sum(abs(a[k] - b[k]) for k in set(a) | set(b))


def tokens(code):
    return re.findall(r'\w+|[^\w\s]', '\n'.join(l for l in code.split('\n') if l.strip() and not l.strip().startswith('#')))


def consensus(candidates):
    """Minimum Bayes risk by text: the candidate most like the others (token similarity), plus its score."""
    toks = [tokens(c['code']) for c in candidates]
    def value(i):
        others = [difflib.SequenceMatcher(None, toks[i], toks[j], autojunk=False).ratio() for j in range(len(toks)) if j != i]
        return sum(others) / max(1, len(others)) + candidates[i]['score']
    return candidates[max(range(len(candidates)), key=value)]


def passes(candidate):
    return candidate['result'] == 'passed'


studies = collections.defaultdict(list)
for language, files in ROWS.items():
    found = records(files)
    tally = collections.Counter()
    for task in sorted({t for t, _ in found}):
        beam, ranked = found[(task, 'beam')], found.get((task, 'ranked'))
        candidates = beam['judged']
        best = max(candidates, key=lambda c: c['score'])
        tally['beam (the default)'] += passes(best)
        source = operators(SOURCES[(language, task.split('/')[-1])], python=False)
        for weight in (0.001, 0.002, 0.004, 0.008):
            tally['operators kept, weight %g' % weight] += passes(max(candidates, key=lambda c: c['score'] - weight * distance(source, operators(c['code'], python=True))))
        greedy = [c for c in (ranked or {}).get('judged', []) if 0 in (c.get('samples') or [])]
        tally['beam and the greedy path'] += passes(max(candidates + greedy, key=lambda c: c['score']))
        flagged = best['score'] - best['features']['meanLogprob'] < -0.01   # every beam candidate carries a penalty
        more = (ranked or {}).get('judged', []) if flagged else []
        tally['samples too where the best beam is penalised'] += passes(max(candidates + more, key=lambda c: c['score']))
        tally['consensus (text MBR)'] += passes(consensus(candidates))
        if ranked:   # the same term on the samples of the ranked strategy (greedy + 3 samples): a check apart
            tally['samples ranked (before beam)'] += passes(max(ranked['judged'], key=lambda c: c['score']))
            for weight in (0.002, 0.004):
                tally['samples ranked, operators kept, weight %g' % weight] += passes(max(ranked['judged'], key=lambda c: c['score'] - weight * distance(source, operators(c['code'], python=True))))
    for study, passed in tally.items():
        studies[study].append(passed)
print('%-50s %5s %5s %5s %5s %6s' % ('ranking of the recorded candidates (1.5B, 164 tasks)', 'C++', 'JS', 'Java', 'Go', 'all'))
for study, row in studies.items():
    print('%-50s %5d %5d %5d %5d %6d' % ((study,) + tuple(row) + (sum(row),)))
