"""`prompt-retrieval bench` at CI size: the bundled library and a generated library of 20,000 prompts, every path in one run."""
import json, shutil
import pytest
from conftest import cli
from prompt_retrieval.query_encoder import find_export

@pytest.fixture
def base_model_export():
    "An ONNX export of all-MiniLM-L6-v2 for this test only: other tests expect the base model to encode its queries with torch."
    had = find_export('all-MiniLM-L6-v2')
    r = cli('export-onnx', 'all-MiniLM-L6-v2', timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    yield find_export('all-MiniLM-L6-v2')
    if had is None: shutil.rmtree(find_export('all-MiniLM-L6-v2'), ignore_errors=True)

def test_bench_measures_every_path_at_20000_prompts(tmp_path, base_model_export):
    out = tmp_path/'bench.json'
    r = cli('bench', '--sizes', '0,20000', '--queries', '50', '--model', 'all-MiniLM-L6-v2', '--out', out, timeout=1200)
    assert r.returncode == 0, r.stderr[-3000:]
    assert '### 20,000 prompts (generated)' in r.stdout and 'sentence-transformers + numpy' in r.stdout
    report = json.loads(out.read_text())
    table = (tmp_path/'bench.md').read_text()  # the table is written beside the JSON
    assert table.startswith('# prompt-retrieval bench --sizes 0,20000') and '### 20,000 prompts (generated)' in table and 'prompt_retrieval ivf' in table
    assert [lib['prompts'] for lib in report['libraries']] == [1306, 20000]
    for lib in report['libraries']:
        rows = {row['path']: row for row in lib['rows']}
        assert list(rows) == ['sentence-transformers + numpy', 'prompt_retrieval exact', 'prompt_retrieval hnsw', 'prompt_retrieval int8', 'prompt_retrieval ivf']
        assert all(rows[p]['p50_ms'] > 0 and rows[p]['batched_qps'] > 0 for p in rows)
        recalls = [k for k in rows['prompt_retrieval exact'] if k.startswith('recall@10')]
        assert len(recalls) == 5  # unfiltered, the 1%, 10% and 50% filters and the rarer kind
        assert all(rows['prompt_retrieval exact'][k] == 1.0 for k in recalls)
        for b in ('hnsw', 'int8', 'ivf'):  # approximate, but filters stay exact and recall stays high
            assert all(rows[f'prompt_retrieval {b}'][k] >= 0.95 for k in recalls), rows[f'prompt_retrieval {b}']
        exact_mb = rows['prompt_retrieval exact']['memory_mb']
        for b in ('hnsw', 'int8', 'ivf'):  # measured as a user searches them, loaded: int8 codes (and the graph) in RAM, the floats mapped from disk
            assert rows[f'prompt_retrieval {b}']['memory_mb'] < exact_mb and rows[f'prompt_retrieval {b}']['mapped_mb'] == exact_mb, rows[f'prompt_retrieval {b}']
    r = cli('bench', '--sizes', 'many')
    assert r.returncode != 0 and '--sizes must be whole numbers' in r.stderr
