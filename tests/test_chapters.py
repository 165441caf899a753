"The chapters in nbs/ read as documentation: demo cells keep their outputs, with nothing machine-specific or noisy in them."
import json, re
from pathlib import Path
from conftest import ROOT

CHAPTERS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if p.name != 'index.ipynb')

def _visible(cell)->bool:
    "A code cell a reader sees: not hidden, exported, slow, eval: false or the parameters cell, and not only directives."
    src = ''.join(cell['source'])
    body = [l for l in src.splitlines() if l.strip() and not l.startswith('#|')]
    ds = ' '.join(l for l in src.splitlines() if l.startswith('#|'))
    hidden = re.search(r'#\|\s*(hide|export|exporti|exports|slow|eval: false)', ds) or 'parameters' in cell.get('metadata', {}).get('tags', [])
    return cell['cell_type'] == 'code' and bool(body) and not hidden

def _cells():
    return [(p.name, c) for p in CHAPTERS for c in json.loads(p.read_text())['cells'] if c['cell_type'] == 'code']

def test_most_visible_cells_keep_an_output():
    vis = [(n, c) for n, c in _cells() if _visible(c)]
    kept = [n for n, c in vis if c.get('outputs')]
    assert len(kept) >= 0.6 * len(vis), f"{len(kept)} of {len(vis)} visible chapter cells keep an output (at least 60% should)"

def test_outputs_are_clean():
    "No training logs, progress bars, widgets or errors, no absolute paths of this machine, and only in visible cells."
    for name, c in _cells():
        outs = c.get('outputs', [])
        if outs: assert _visible(c), (name, c['id'], 'a hidden or exported cell keeps an output')
        for o in outs:
            assert o.get('output_type') != 'error', (name, c['id'])
            assert not (o.get('output_type') == 'stream' and o.get('name') == 'stderr'), (name, c['id'], 'stderr (logs, progress bars) kept')
            assert not any('widget' in k for k in o.get('data', {})), (name, c['id'], 'a widget kept')
            text = json.dumps(o)
            assert not re.search(r'/(work|tmp|root|home)/', text), (name, c['id'], 'an absolute path in an output')
            assert o.get('execution_count') is None, (name, c['id'], 'execution counts are cleaned')
