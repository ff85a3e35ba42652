import os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Tests never read the shared development data: only what a fresh clone ships.
os.environ.setdefault('MEDCLUST_MODE', 'quick')
os.environ.setdefault('MPLBACKEND', 'Agg')
