"""Write README.md from nbs/index.ipynb (nbdev_readme needs quarto, which needs the network).

Markdown cells are copied; code cells become ```python blocks followed by their text output;
cells marked `#| hide` are left out and `#|` directive lines are dropped.
Usage: python .ci/readme.py [--check]   (--check: exit 1 if README.md is not current)
"""
import sys, pathlib, nbformat

root = pathlib.Path(__file__).resolve().parent.parent

def render(nb_path=root/'nbs'/'index.ipynb') -> str:
    nb = nbformat.read(nb_path, as_version=4)
    out = ["<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, then run `make export`. -->", ""]
    for cell in nb.cells:
        lines = cell.source.splitlines()
        directives = [l for l in lines if l.startswith('#|')]
        if any(d.replace(' ', '') in ('#|hide', '#|exporti', '#|export') for d in directives): continue
        body = '\n'.join(l for l in lines if not l.startswith('#|')).strip('\n')
        if cell.cell_type == 'markdown':
            out += [body, ""]
            continue
        if cell.cell_type != 'code' or not body: continue
        out += ["```python", body, "```", ""]
        text = ''.join(o.get('text', '') if o.output_type == 'stream' else o.get('data', {}).get('text/plain', '')
                       for o in cell.get('outputs', []) if o.output_type in ('stream', 'execute_result'))
        if text.strip(): out += ["```", text.rstrip('\n'), "```", ""]
    return '\n'.join(out).rstrip('\n') + '\n'

if __name__ == '__main__':
    text, readme = render(), root/'README.md'
    if '--check' in sys.argv[1:]:
        if not readme.exists() or readme.read_text(encoding='utf-8') != text:
            sys.exit("README.md is not current with nbs/index.ipynb: run `make export` (or python .ci/readme.py) and commit it")
        print("README.md is current")
    else:
        readme.write_text(text, encoding='utf-8'); print("wrote README.md")
