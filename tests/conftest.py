import os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Tests never read the shared development data: only what a fresh clone ships.
os.environ.setdefault('MEDCLUST_MODE', 'quick')
os.environ.setdefault('MPLBACKEND', 'Agg')

import atexit, shutil, tempfile
def _scratch(prefix:str)->str:
    "A temporary folder of this test run, removed when the run ends (a run's checkpoints take 1.6 GB: left behind, they filled the disk)."
    d = tempfile.mkdtemp(prefix=prefix); atexit.register(shutil.rmtree, d, ignore_errors=True); return d
# Notebooks run by the tests write their results files to a temporary folder, never into the clone's results/.
os.environ['MEDCLUST_RESULTS'] = _scratch('medclust-test-results-')
# A private feature cache, so tests exercise the real extraction on a fresh machine as on CI.
if 'MEDCLUST_CACHE' not in os.environ: os.environ['MEDCLUST_CACHE'] = _scratch('medclust-test-cache-')
# Fresh training checkpoints: a test run trains from scratch instead of resuming an earlier run's checkpoint.
os.environ['MEDCLUST_CKPT'] = _scratch('medclust-test-ckpt-')
