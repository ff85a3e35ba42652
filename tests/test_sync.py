"""The exported library, the notebooks' cleanliness and README.md must all match what is committed.

Each check runs the tool on a copy in a temporary folder, so the working tree is never modified by the tests.
"""
import filecmp, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def _copy_project(dst):
    for name in ['settings.ini', 'setup.py', 'README.md']: shutil.copy(ROOT/name, dst/name)
    shutil.copytree(ROOT/'nbs', dst/'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
    shutil.copytree(ROOT/'medclust_nb', dst/'medclust_nb', ignore=shutil.ignore_patterns('__pycache__', 'samples'))

def _diff(a, b, pattern):
    "Files matching `pattern` that differ between folders `a` and `b`, or exist in only one."
    fa = {p.relative_to(a) for p in a.rglob(pattern) if '__pycache__' not in p.parts}
    fb = {p.relative_to(b) for p in b.rglob(pattern) if '__pycache__' not in p.parts}
    return sorted(str(p) for p in fa ^ fb) + sorted(str(p) for p in fa & fb if not filecmp.cmp(a/p, b/p, shallow=False))

def _run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{r.stdout}\n{r.stderr}"

def test_library_in_sync_with_notebooks(tmp_path):
    _copy_project(tmp_path)
    _run([BIN/'nbdev_export'], tmp_path)
    changed = _diff(ROOT/'medclust_nb', tmp_path/'medclust_nb', '*.py')
    assert not changed, ("The library is out of sync with the notebooks: run `nbdev_export` and commit. "
                         f"Files nbdev_export would change: {changed}")

def test_notebooks_clean(tmp_path):
    _copy_project(tmp_path)
    _run([BIN/'nbdev_clean', '--fname', str(tmp_path/'nbs')], tmp_path)
    changed = _diff(ROOT/'nbs', tmp_path/'nbs', '*.ipynb')
    assert not changed, f"Notebooks are not clean: run `nbdev_clean` and commit. Unclean: {changed}"

def test_readme_in_sync_with_index():
    r = subprocess.run([sys.executable, ROOT/'scripts'/'make_readme.py', '--check'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
