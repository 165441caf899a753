import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT/'tests'/'fixtures'
BIN = Path(sys.executable).parent
os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('MPLBACKEND', 'Agg')

def cli(*args, cwd=ROOT, timeout=600):
    "Run the installed `prompt-retrieval` command; return the CompletedProcess."
    return subprocess.run([str(BIN/'prompt-retrieval'), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout)

@pytest.fixture
def fixtures(): return FIXTURES
