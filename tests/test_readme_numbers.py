"""Every number in README.md's tables comes from the results file the table names: each table with decimals must name
its source (`results/NAME.json` or `reproduce NAME` in the lines around it), and a decimal that no value of that file
rounds to fails the test (tables typed by hand drift; generated ones cannot)."""
import json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NUM = re.compile(r'(?<![\w.])-?\d+\.\d+(?![\w.])')
SRC = re.compile(r'results/([\w.-]+)\.json|reproduce ((?:\d\d_\w+ ?)+)')
GEN = '<!-- generated from results/'

def _values(x):
    "Every number in a JSON value, recursively."
    if isinstance(x, bool): return
    if isinstance(x, (int, float)): yield float(x)
    elif isinstance(x, dict):
        for v in x.values(): yield from _values(v)
    elif isinstance(x, list):
        for v in x: yield from _values(v)

def tables(text:str, before:int=8, after:int=3)->list:
    "([results files named near it], [(row, number as written)]) for each markdown table typed by hand (code spans left out)."
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        if not lines[i].startswith('|'): i += 1; continue
        j = i
        while j < len(lines) and lines[j].startswith('|'): j += 1
        near = '\n'.join(lines[max(0, i - before):i] + lines[j:j + after])
        names = [n for a, b in SRC.findall(near) for n in ([a] if a else b.split())]
        generated = any(l.startswith(GEN) for l in lines[max(0, i - 2):i])      # made from the file by make_readme: cannot drift
        nums = [] if generated else [(r, m) for r in lines[i:j] if not set(r) <= set('|-: ') for m in NUM.findall(re.sub(r'`[^`]*`', '', r))]
        out.append((sorted(set(names)), nums)); i = j
    return out

def missing(nums:list, values:set)->list:
    "The numbers that no value rounds to (at the decimals shown; percentages as fractions too)."
    bad = []
    for row, s in nums:
        d, v = len(s.split('.')[1]), float(s)
        if not any(round(x, d) == v or round(100 * x, d) == v for x in values): bad.append((s, row[:100]))
    return bad

def test_missing_finds_a_typed_number():
    (src, nums), = tables('From `results/x.json`:\n\n| a | b |\n|---|---|\n| 0.776 | 0.777 `--k 2.5` |\n')
    assert src == ['x'] and [s for _, s in nums] == ['0.776', '0.777']
    assert missing(nums, {0.7761, 0.625}) == [('0.777', '| 0.776 | 0.777 `--k 2.5` |')]       # typed, not in the results
    assert tables(GEN + 'x.json -->\n| 0.5 |\n')[0][1] == []                                   # a generated table is not re-checked

def test_readme_tables_come_from_results():
    bad = []
    for src, nums in tables((ROOT/'README.md').read_text(encoding='utf-8')):
        if not nums: continue
        files = [ROOT/'results'/f'{s}.json' for s in src]
        if not files or not all(f.exists() for f in files): bad.append((src, 'names no results file', nums[0][1])); continue
        bad += [(src, *b) for b in missing(nums, {v for f in files for v in _values(json.loads(f.read_text()))})]
    assert not bad, f"{len(bad)} numbers in README.md's tables are not in the results file they name: {bad[:15]}"

def test_results_md_is_generated_from_the_results_files(tmp_path):
    "results/RESULTS.md is what `collect_results` writes from results/*.json now: a results file changed without it fails."
    from medclust_nb.cli import collect_results
    for f in (ROOT/'results').glob('*.json'): (tmp_path/f.name).symlink_to(f)
    for d in ('runs', 'figures'): (tmp_path/d).symlink_to(ROOT/'results'/d, target_is_directory=True)
    made = collect_results(tmp_path).read_text(encoding='utf-8')
    committed = (ROOT/'results'/'RESULTS.md').read_text(encoding='utf-8')
    assert made == committed, "results/RESULTS.md is stale: run `python -c \"from medclust_nb.cli import collect_results; collect_results()\"`"
    rec = json.loads((ROOT/'results'/'06_gradcam_masks.json').read_text())   # and it holds the numbers (a table per notebook)
    assert f"| {rec['metrics'][0]['name']} | - | {rec['metrics'][0]['ours']:.3f} |" in committed
