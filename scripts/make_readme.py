#!/usr/bin/env python
"""Make README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which we do not assume).

Markdown cells are copied as they are, code cells become ```python blocks (cells marked `#| hide` are left out),
and text outputs, when a cell has them, follow as plain blocks. `--check` exits 1 when README.md differs.
"""
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def render(nb_path=ROOT/'nbs'/'index.ipynb')->str:
    nb = json.loads(Path(nb_path).read_text(encoding='utf-8'))
    parts = ['<!-- Generated from nbs/index.ipynb by scripts/make_readme.py: edit the notebook, not this file. -->']
    for c in nb['cells']:
        src = ''.join(c['source']).strip('\n')
        if not src: continue
        if c['cell_type'] == 'markdown': parts.append(src)
        elif c['cell_type'] == 'code':
            lines = src.split('\n')
            if any(l.strip().replace(' ', '') in ('#|hide', '#|exporti') for l in lines): continue
            lines = [l for l in lines if not l.startswith('#|')]
            parts.append('```python\n' + '\n'.join(lines).strip('\n') + '\n```')
            out = ''.join(''.join(o.get('text', '')) for o in c.get('outputs', []) if o.get('output_type') == 'stream')
            if out.strip(): parts.append('```\n' + out.strip('\n') + '\n```')
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text, readme = render(), ROOT/'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text(encoding='utf-8') != text:
            print('README.md is out of sync with nbs/index.ipynb: run `python scripts/make_readme.py`.'); sys.exit(1)
        print('README.md is in sync with nbs/index.ipynb.')
    else:
        readme.write_text(text, encoding='utf-8'); print(f'wrote {readme}')
