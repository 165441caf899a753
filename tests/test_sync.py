"CI's sync check passes on this tree and fails when a notebook and the package disagree."
import shutil, subprocess
import pytest
from conftest import ROOT, BIN

def _copy_repo(dst):
    for name in ['nbs', 'prompt_retrieval', '.ci', 'settings.ini', 'README.md']:
        src = ROOT/name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dst/name)
    shutil.rmtree(dst/'prompt_retrieval'/'__pycache__', ignore_errors=True)
    git = lambda *a: subprocess.run(['git', *a], cwd=dst, check=True, capture_output=True)
    git('init', '-q'); git('add', '-A'); git('-c', 'user.email=ci@example.org', '-c', 'user.name=ci', 'commit', '-qm', 'copy')

def _check(d):
    return subprocess.run(['bash', '.ci/check_sync'], cwd=d, capture_output=True, text=True, env={'BIN': str(BIN), 'PATH': '/usr/bin:/bin'})

@pytest.fixture
def repo(tmp_path):
    _copy_repo(tmp_path); return tmp_path

def test_in_sync_tree_passes(repo):
    r = _check(repo)
    assert r.returncode == 0, r.stdout + r.stderr

def test_hand_edited_package_fails(repo):
    with open(repo/'prompt_retrieval'/'corpus.py', 'a') as f: f.write('\nHAND_EDIT = 1\n')
    subprocess.run(['git', '-c', 'user.email=x@y', '-c', 'user.name=x', 'commit', '-qam', 'edit'], cwd=repo, check=True)
    r = _check(repo)
    assert r.returncode != 0 and 'package differs from what the notebooks export' in r.stdout

def test_notebook_edited_without_export_fails(repo):
    nb = repo/'nbs'/'00_corpus.ipynb'
    nb.write_text(nb.read_text().replace("KINDS = ('fiction', 'nonfiction')", "KINDS = ('fiction', 'nonfiction', 'poetry')"))
    subprocess.run(['git', '-c', 'user.email=x@y', '-c', 'user.name=x', 'commit', '-qam', 'edit'], cwd=repo, check=True)
    r = _check(repo)
    assert r.returncode != 0 and 'prompt_retrieval/corpus.py' in r.stdout

def test_stale_readme_fails(repo):
    (repo/'README.md').write_text('# old readme\n')
    subprocess.run(['git', '-c', 'user.email=x@y', '-c', 'user.name=x', 'commit', '-qam', 'edit'], cwd=repo, check=True)
    r = _check(repo)
    assert r.returncode != 0 and 'README.md is not current' in (r.stdout + r.stderr)
