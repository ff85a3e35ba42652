import os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Tests never read the shared development data: only what a fresh clone ships.
os.environ.setdefault('MEDCLUST_MODE', 'quick')
os.environ.setdefault('MPLBACKEND', 'Agg')

import tempfile
# Notebooks run by the tests write their results files to a temporary folder, never into the clone's results/.
os.environ['MEDCLUST_RESULTS'] = tempfile.mkdtemp(prefix='medclust-test-results-')
# A private feature cache, so tests exercise the real extraction on a fresh machine as on CI.
os.environ.setdefault('MEDCLUST_CACHE', tempfile.mkdtemp(prefix='medclust-test-cache-'))
# Fresh training checkpoints: a test run trains from scratch instead of resuming an earlier run's checkpoint.
os.environ['MEDCLUST_CKPT'] = tempfile.mkdtemp(prefix='medclust-test-ckpt-')
