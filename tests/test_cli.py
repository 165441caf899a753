"The installed `prompt-retrieval` command, as a user runs it."
import subprocess, sys
from conftest import cli, FIXTURES, ROOT, BIN

def test_help_lists_commands():
    r = cli('--help')
    assert r.returncode == 0 and 'describe' in r.stdout and 'models' in r.stdout

def test_describe_bundled_library():
    r = cli('describe')
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('1306 prompts:') and 'Flash Fiction' in r.stdout

def test_describe_tagged_file_and_plot(tmp_path):
    png = tmp_path/'chart.png'
    r = cli('describe', '--corpus', FIXTURES/'tiny_corpus.txt', '--corpus', FIXTURES/'title_with_brackets.txt', '--plot', png)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('7 prompts: 5 fiction, 2 nonfiction')
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'

def test_bad_input_is_one_clear_line_not_a_traceback(tmp_path):
    for args, msg in [(('describe', '--corpus', tmp_path/'missing.txt'), 'no such file'),
                      (('describe', '--corpus', FIXTURES/'latin1.txt'), 'not UTF-8'),
                      (('describe', '--corpus', FIXTURES/'unreadable_lines.txt', '--strict'), '5 problem(s) (strict=True)'),
                      (('frobnicate',), "unknown command 'frobnicate'")]:
        r = cli(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert 'Traceback' not in r.stderr and msg in r.stderr.splitlines()[0], r.stderr

def test_models_and_python_dash_m():
    r = subprocess.run([sys.executable, '-m', 'prompt_retrieval', 'models'], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert 'all-MiniLM-L6-v2     available' in r.stdout

def test_reporting_a_user_error_does_not_load_the_model_libraries():
    "A bad argument is answered at once: reporting it must not import sentence-transformers (about 9 s)."
    code = ("import sys; from prompt_retrieval.cli import main; rc = main(['pipeline', '--from', 'training']); "
            "assert rc == 2 and 'sentence_transformers' not in sys.modules and 'torch' not in sys.modules, sorted(m for m in sys.modules if 'torch' in m)[:3]")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "unknown step 'training'" in r.stderr, r.stderr
