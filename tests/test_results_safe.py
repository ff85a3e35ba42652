"""A quick run, as a user runs it in a clone with the design card's `nbdev_test`, leaves every committed file untouched.

The committed `results/*.json` come from full-mode runs; the documented test command runs quick mode. Before this test,
`nbdev_test --path nbs/01_features.ipynb` in a clone rewrote `results/01_features.json` with quick-mode numbers.
"""
import json, os, shutil, subprocess, sys
from pathlib import Path
import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def _git(cwd, *args):
    return subprocess.run(['git', '-C', str(cwd), *args], capture_output=True, text=True, check=True).stdout

def _clone(dst:Path)->Path:
    "The working tree's tracked and not-ignored files (the bundled samples aside) as a fresh git repository: a clone."
    files = _git(ROOT, 'ls-files', '-co', '--exclude-standard').splitlines()
    for f in files:
        if f.startswith('medclust_nb/samples/') or not (ROOT/f).is_file(): continue
        (dst/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT/f, dst/f)
    _git(dst, 'init', '-q'); _git(dst, 'add', '-A')
    _git(dst, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'clone')
    return dst

def test_quick_run_never_touches_committed_results(tmp_path):
    clone = _clone(tmp_path/'clone')
    committed = {p.name: p.read_bytes() for p in (clone/'results').glob('*.json')}
    # a notebook that saves its results the way every paper notebook does, under a name whose full results are committed
    name = next(p.stem for p in sorted((clone/'results').glob('*.json')) if json.loads(p.read_text())['mode'] == 'full')
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from medclust_nb.core import save_results, metric\n"
        f"print(save_results({name!r}, [metric('accuracy', 0.123, baseline=0.5)], data='probe'))")])
    nbformat.write(nb, clone/'nbs'/'zz_probe.ipynb')
    env = {k: v for k, v in os.environ.items() if k not in ('MEDCLUST_RESULTS', 'MEDCLUST_MODE')}   # as a user's shell: no redirect
    r = subprocess.run([BIN/'nbdev_test', '--path', 'nbs/zz_probe.ipynb'], cwd=clone, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    status = [l for l in _git(clone, 'status', '--porcelain').splitlines() if 'zz_probe' not in l]
    assert status == [], f"a quick nbdev_test run changed the clone: {status}"
    now = {p.name: p.read_bytes() for p in (clone/'results').glob('*.json')}
    assert now == committed, f"committed results changed: {[n for n in committed if now.get(n) != committed[n]]}"
    quick = json.loads((clone/'results'/'quick'/f'{name}.json').read_text())    # the quick results went where git ignores them
    assert quick['mode'] == 'quick' and quick['metrics'][0]['ours'] == 0.123, quick
