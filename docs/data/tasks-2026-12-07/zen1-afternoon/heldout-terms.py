"""Two "keep the source's shape" ranking terms on the translation records they were not designed on (2026-12-07).

Run from docs/data:  python3 tasks-2026-12-07/zen1-afternoon/heldout-terms.py
Reads every translation record in docs/data that has judged candidates (the first record of each eval, model,
task and variant, in path order) and the HumanEval-X sources in Sources/Evaluation/Datasets; generates nothing.
Each candidate keeps the score the engine recorded; a term subtracts weight x distance from it:
- operators kept: the distance between the counts of arithmetic, comparison and logical operators in the source's
  solution and in the candidate (as in ../zen1/ranking-studies.py, which designed it on C++->Python's losses);
- literals kept: how many distinct string literals and numbers other than 0 and 1 only one of them has.
"Designed on" = the rows into Python of the 1.5B (where the operator term was read off the losses); "held out" =
every other row (translations from Python, into Rust and Swift, the 0.5B's). Only tasks whose candidates differ in
result can move; the script prints, per group and weight, the tasks the term wins and loses.
"""
import collections, glob, gzip, json, re

SOURCES = {}
for language in ['python', 'cpp', 'js', 'java', 'go']:
    for line in gzip.open('../../Sources/Evaluation/Datasets/humaneval-x/humaneval_%s.jsonl.gz' % language, 'rt'):
        task = json.loads(line)
        SOURCES[(language, task['task_id'].split('/')[-1])] = task['canonical_solution']


def without_comments(code, python):
    if python:
        return re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|#[^\n]*', '', code)
    return re.sub(r'/\*.*?\*/|//[^\n]*', '', code, flags=re.S)


def operators(code, python):
    code = without_comments(code, python)
    if python:
        pattern = r'\band\b|\bor\b|\bnot\b|==|!=|<=|>=|//=|\+=|-=|\*=|/=|%=|//|\*\*|[<>+\-*/%]'
    else:
        code = code.replace('===', '==').replace('!==', '!=')
        pattern = r'&&|\|\||==|!=|<=|>=|\+\+|--|\+=|-=|\*=|/=|%=|[!<>+\-*/%]'
    code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', code)
    same = {'&&': 'and', '||': 'or', '!': 'not', '++': '+', '--': '-', '+=': '+', '-=': '-', '*=': '*', '/=': '/',
            '//=': '/', '%=': '%', '//': '/'}
    return collections.Counter(same.get(t, t) for t in re.findall(pattern, code))


def operator_distance(source, candidate, source_python, candidate_python):
    a, b = operators(source, source_python), operators(candidate, candidate_python)
    return sum(abs(a[k] - b[k]) for k in set(a) | set(b))


def literals(code, python):
    code = without_comments(code, python)
    found = set()
    for match in re.finditer(r'"((?:\\.|[^"\\])*)"|\'((?:\\.|[^\'\\])*)\'', code):
        found.add('s:' + (match.group(1) if match.group(1) is not None else match.group(2)))
    code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', code)
    for match in re.finditer(r'(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])', code):
        if match.group(1) not in ('0', '1'):
            found.add('n:%g' % float(match.group(1)))
    return found


def literal_distance(source, candidate, source_python, candidate_python):
    return len(literals(source, source_python) ^ literals(candidate, candidate_python))


TERMS = {'operators kept': (operator_distance, (0.002, 0.004)), 'literals kept': (literal_distance, (0.002, 0.005, 0.01))}
found = {}
for path in sorted(glob.glob('**/*.jsonl', recursive=True)):
    for line in open(path):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get('eval', '').startswith('translate') and record.get('judged'):
            found.setdefault((record['eval'], record.get('model'), record['task'], record['variant']), record)
tally = collections.Counter()
for (evaluation, model, task, variant), record in sorted(found.items(), key=str):
    source_language, target = evaluation.split(' ')[1].split('→')
    if (source_language, '0') not in SOURCES:
        continue
    candidates = record['judged']
    if len({c['result'] for c in candidates}) < 2:
        continue
    group = 'designed on' if target == 'python' and '1.5b' in model else 'held out'
    tally[(group, 'tasks that can move')] += 1
    source = SOURCES[(source_language, task.split('/')[-1])]
    before = max(candidates, key=lambda c: c['score'])['result'] == 'passed'
    for name, (distance, weights) in TERMS.items():
        for weight in weights:
            best = max(candidates, key=lambda c: c['score'] - weight * distance(source, c['code'], source_language == 'python', target == 'python'))
            after = best['result'] == 'passed'
            if after != before:
                tally[(group, '%s, weight %g' % (name, weight), 'won' if after else 'lost')] += 1
for group in ('designed on', 'held out'):
    print('%s: %d tasks whose candidates differ in result' % (group, tally[(group, 'tasks that can move')]))
    for name, (_, weights) in TERMS.items():
        for weight in weights:
            label = '%s, weight %g' % (name, weight)
            print('  %-32s won %2d, lost %2d' % (label, tally[(group, label, 'won')], tally[(group, label, 'lost')]))
