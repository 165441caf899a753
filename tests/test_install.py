"A plain (non-editable) `pip install` of the package searches the bundled library: the data ships as package data."
import json, shutil, subprocess, sys, sysconfig, venv
from pathlib import Path
import pytest
from conftest import ROOT

def _tracked_copy(dst:Path)->Path:
    "The checkout's tracked files (what a clean clone has), copied to `dst`, so building the wheel leaves the checkout alone."
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, check=True).stdout.decode().split('\0')
    for f in filter(None, files):
        if (ROOT/f).is_file(): (dst/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT/f, dst/f)
    return dst

@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    "A fresh venv with the package installed from a copy of the checkout; dependencies (torch included) come from this environment."
    tmp = tmp_path_factory.mktemp('install')
    src, env = _tracked_copy(tmp/'src'), tmp/'venv'
    venv.create(env, with_pip=False)
    site = Path(subprocess.run([env/'bin'/'python', '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site/'_deps_from_ci.pth').write_text(sysconfig.get_paths()['purelib'] + '\n')  # reuse installed torch etc., not this checkout
    r = subprocess.run([sys.executable, '-m', 'pip', 'install', '--no-deps', '--no-compile', '--quiet',
                        '--target', str(site), str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    shutil.rmtree(src)  # the installed package must not need the source tree
    return env, site

def test_installed_package_finds_its_bundled_data(installed, tmp_path):
    env, site = installed
    code = ("import prompt_retrieval, json; from prompt_retrieval.corpus import data_dir, load_corpus, checkout_root; "
            "print(json.dumps([prompt_retrieval.__file__, str(data_dir()), checkout_root(), len(load_corpus())]))")
    r = subprocess.run([env/'bin'/'python', '-c', code], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    pkg, data, root, n = json.loads(r.stdout)
    assert Path(pkg).is_relative_to(site) and Path(data) == site/'prompt_retrieval'/'data' and root is None and n == 1306
    assert (site/'prompt_retrieval'/'data'/'golden'/'test'/'queries.jsonl').exists()

def test_installed_command_searches(installed, tmp_path):
    env, site = installed
    cmd = [env/'bin'/'python', '-c', 'import sys; from prompt_retrieval.cli import main; sys.exit(main())']
    r = subprocess.run([*cmd, 'search', 'a ghost in a lighthouse', '--model', 'bm25', '--format', 'jsonl', '--genre', 'Horror'],
                       capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)['results']
    assert len(res) == 5 and all(x['genre'] == 'Horror' for x in res)
    assert (site/'bin'/'prompt-retrieval').exists()  # the console script is installed too

def test_installed_service_serves_its_web_page(installed, tmp_path):
    "The web page ships with the package: the installed service answers / and the API without the checkout."
    env, site = installed
    code = ("from fastapi.testclient import TestClient; from prompt_retrieval.index import PromptIndex; from prompt_retrieval.service import make_app, web_dir; "
            "c = TestClient(make_app(PromptIndex.build(None, 'bm25'))); "
            "print(web_dir(), c.get('/').status_code, c.get('/static/app.js').status_code, c.get('/api/search', params={'q': 'ghost'}).status_code)")
    r = subprocess.run([env/'bin'/'python', '-c', code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    where, *codes = r.stdout.split()
    assert Path(where) == site/'prompt_retrieval'/'web' and codes == ['200', '200', '200']
