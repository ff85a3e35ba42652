"""Each notebook in nbs/ is one pytest test, executed by nbdev's own runner.

Cells flagged with a `tst_flags` flag (settings.ini: `notest slow`) are skipped unless forced:
`MEDCLUST_TEST_FLAGS="slow" pytest tests` runs the slow cells too (same as `nbdev_test --flags slow`).
"""
import os
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_nb  # renamed so that pytest does not collect it

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_'))

def _flags():
    cfg = get_config(path=ROOT)
    skip = cfg.get('tst_flags', '').split()
    force = os.environ.get('MEDCLUST_TEST_FLAGS', '').split()
    return skip, force

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    skip, force = _flags()
    ok, secs = run_nb(nb, skip_flags=skip, force_flags=force, basepath=ROOT)
    assert ok, f"{nb.name} failed (its traceback is in the captured stderr above)"

def test_found_notebooks():
    assert len(NBS) >= 2, f"no notebooks found in {ROOT/'nbs'}"
