"""Check the widget browsers in a real browser: JupyterLab on localhost, driven by Chromium through Playwright.

    python scripts/browser_check.py [--out results/figures/browser] [--chromium /usr/bin/chromium]

Needs `jupyterlab` and `ipywidgets>=8` (JupyterLab 4 does not render ipywidgets 7), `pip install playwright`, and a
Chromium (Debian: `apt install chromium`; elsewhere `playwright install chromium` and --chromium ''). It writes a
small notebook into a temporary folder, opens it in JupyterLab, runs all its cells, and checks that:
- `ClusterBrowser` lays its thumbnails out in several columns that fill the output width;
- choosing another cluster, and the next page, show other images (their file names, read from the captions);
- no caption runs out of its thumbnail's cell, and the export button's label is not cut;
- `MaskBrowser` shows its panel and its slider moves to another image.
Screenshots of both go to --out. Exit status 0 when every check passes.
"""
import argparse, json, os, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

CELLS = [
    "from medclust_nb.data import ImageFolder, sample, load_image\n"
    "from medclust_nb.features import extract_features, kmeans, l2_normalize, medoids, ClusterBrowser\n"
    "import numpy as np\n"
    "ds = ImageFolder(sample('chest_xray_folder'))\n"
    "f = extract_features(ds, 'efficientnet-lite0', cache=False, progress=False)\n"
    "Z = l2_normalize(f.X); km = kmeans(Z, 3, seed=0)\n"
    "dist = np.linalg.norm(Z - km.centroids[km.labels], axis=1)\n"
    "reps = {k: ds.image(i) for k, i in medoids(Z, km.labels).items()}",
    "cb = ClusterBrowser(ds.image, km.labels, dist, ds.label_names, [p.name for p, _ in ds.items], per_page=8, representatives=reps)\ncb",
    "from medclust_nb.gradcam_masks import MaskBrowser, disc_mask\n"
    "kv = ImageFolder(sample('kvasir_seg') / 'images', labels=None)\n"
    "ims = np.stack([(np.asarray(kv.image(i)) * 255).astype(np.uint8) for i in range(4)])\n"
    "truth = np.stack([np.asarray(load_image(sample('kvasir_seg') / 'masks' / p.name).image)[..., 0] > 0.5 for p, _ in kv.items[:4]])\n"
    "disc = np.broadcast_to(disc_mask(truth.shape[1:], 0.15), truth.shape)\n"
    "MaskBrowser(ims, truth, {'disc': disc.astype(float)}, {'disc': disc}, titles=[p.stem[:10] for p, _ in kv.items[:4]])",
]

def notebook(path:Path):
    cells = [dict(cell_type='code', execution_count=None, id=f'c{i}', metadata={}, outputs=[], source=s) for i, s in enumerate(CELLS)]
    path.write_text(json.dumps(dict(cells=cells, metadata=dict(kernelspec=dict(name='python3', display_name='Python 3', language='python')),
                                    nbformat=4, nbformat_minor=5)))

def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def start_lab(root:Path, port:int, token:str):
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}', '--ServerApp.ip=127.0.0.1', f'--IdentityProvider.token={token}',
           f'--ServerApp.root_dir={root}', '--ServerApp.disable_check_xsrf=True'] + (['--allow-root'] if os.geteuid() == 0 else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(root/'lab.log', 'w'))
    for _ in range(120):
        try:
            urllib.request.urlopen(f'http://127.0.0.1:{port}/api/status?token={token}', timeout=2); return proc
        except OSError: time.sleep(0.5)
    proc.kill(); raise RuntimeError(f"JupyterLab did not start; see {root/'lab.log'}")

GRID_JS = """() => { const g = document.querySelector('.widget-gridbox'); if (!g) return null;
  const cells = [...g.children]; const lefts = new Set(cells.map(c => Math.round(c.getBoundingClientRect().left)));
  const names = cells.map(c => (c.querySelector('.widget-html-content [title]') || {}).title || null);
  const gr = g.getBoundingClientRect().right; const overflow = cells.filter(c => c.getBoundingClientRect().right > gr + 1).length;
  const clipped = cells.filter(c => [...c.querySelectorAll('div')].some(d => d.getBoundingClientRect().right > c.getBoundingClientRect().right + 1)).length;
  const errors = document.querySelectorAll('.jupyter-widgets.jupyter-widgets-error-widget, .widget-error').length;
  const out = g.closest('.jp-OutputArea-output') || g.parentElement;
  return {columns: lefts.size, overflow, n: cells.length, names, clipped, grid_width: g.getBoundingClientRect().width, errors, out_width: out.getBoundingClientRect().width}; }"""

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='results/figures/browser', help='folder for the screenshots')
    ap.add_argument('--chromium', default='/usr/bin/chromium', help="Chromium executable ('' : Playwright's own)")
    ap.add_argument('--timeout', type=float, default=180, help='seconds to wait for the notebook to run')
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix='medclust_browser_')); notebook(root/'check.ipynb')
    port, token = free_port(), 'medclust'
    lab = start_lab(root, port, token); fails = []
    check = lambda ok, what: (print(('ok   ' if ok else 'FAIL ') + what), None if ok else fails.append(what))
    try:
        with sync_playwright() as p:
            br = p.chromium.launch(executable_path=a.chromium or None, args=['--no-sandbox'])
            page = br.new_page(viewport=dict(width=1000, height=1000)); console = []
            page.on('console', lambda m: console.append(m.text) if m.type == 'error' else None)
            page.goto(f'http://127.0.0.1:{port}/lab/tree/check.ipynb?token={token}')
            page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=60_000)
            try: page.get_by_role('button', name='Select', exact=True).click(timeout=10_000)   # the kernel dialog, when it asks
            except Exception: pass
            page.get_by_role('menuitem', name='Run', exact=True).click()
            page.get_by_text('Run All Cells', exact=True).click()
            try: page.wait_for_selector('.widget-gridbox .widget-image', timeout=a.timeout * 1000)
            except Exception:
                page.screenshot(path=str(out/'error.png'), full_page=True)
                errs = page.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
                raise RuntimeError(f"the browser did not appear; screenshot in {out/'error.png'}; cell errors: {[e[-500:] for e in errs]}; console: {console[-5:]}")
            page.wait_for_selector('.widget-slider', timeout=a.timeout * 1000)
            time.sleep(1)
            g = page.evaluate(GRID_JS)
            check(g['errors'] == 0 and None not in g['names'], f"every thumbnail renders, with its name on hover ({g['errors']} widget errors)")
            check(3 <= g['columns'] < g['n'] and g['overflow'] == 0,
                  f"ClusterBrowser grid: {g['columns']} columns for {g['n']} thumbnails, wrapping into rows ({g['overflow']} past the right edge)")
            check(g['grid_width'] > 0.8 * g['out_width'], f"the grid fills the output: {g['grid_width']:.0f} of {g['out_width']:.0f} px")
            check(g['clipped'] == 0, f"captions inside their cells ({g['clipped']} outside)")
            btn = page.get_by_role('button', name='export assignments')
            check(btn.evaluate('b => b.scrollWidth <= b.clientWidth + 1'), "the export button's label is not cut")
            cb = page.locator('.jp-OutputArea-output').filter(has=page.locator('.widget-gridbox')).first
            cb.screenshot(path=str(out/'cluster_browser.png'))
            first = g['names']
            page.locator('.widget-dropdown select').first.select_option(index=1); time.sleep(1.5)
            g2 = page.evaluate(GRID_JS)
            check(set(g2['names']).isdisjoint(first), f"another cluster shows other images ({g2['names'][:2]}... vs {first[:2]}...)")
            page.get_by_role('button', name='next ▶').first.click(); time.sleep(1.5)
            g3 = page.evaluate(GRID_JS); label = page.locator('.widget-label').filter(has_text='page').first.inner_text()
            check(set(g3['names']).isdisjoint(g2['names']) and label.startswith('page 2'), f"the next page shows other images ({label})")
            cb.screenshot(path=str(out/'cluster_browser_page2.png'))
            mb = page.locator('.jp-OutputArea-output').filter(has=page.locator('.widget-slider')).first
            cap0 = mb.locator('.widget-html').first.inner_text()
            mb.screenshot(path=str(out/'mask_browser.png'))
            handle = mb.locator('.widget-slider .noUi-handle, .widget-slider .ui-slider-handle').first
            handle.focus(); page.keyboard.press('ArrowRight'); time.sleep(1.5)
            cap1 = mb.locator('.widget-html').first.inner_text()
            check(cap0 != cap1 and cap1.startswith('2 /'), f"MaskBrowser's slider moves to another image ({cap0[:20]!r} -> {cap1[:20]!r})")
            br.close()
    finally:
        lab.terminate(); lab.wait(10)
    print(f"screenshots in {out.resolve()}; {'all checks passed' if not fails else f'{len(fails)} failed'}")
    return 1 if fails else 0

if __name__ == '__main__': sys.exit(main())
