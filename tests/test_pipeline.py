"The smoke pipeline on a small tagged-line corpus, through `prompt-retrieval pipeline`: a failing step, resuming, outputs kept apart."
import hashlib, json
from pathlib import Path
from conftest import cli, FIXTURES, ROOT

def _digest(folder:Path)->str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob('*')):
        if p.is_file(): h.update(p.relative_to(folder).as_posix().encode()); h.update(p.read_bytes())
    return h.hexdigest()

def test_smoke_pipeline_stops_at_a_failing_step_and_resumes(tmp_path):
    protected = [ROOT/'data'/'golden', ROOT/'evaluation_results'/'baselines']
    before = [_digest(p) for p in protected]
    csv_before = (ROOT/'data'/'prompt_evaluation_dataset.csv').stat().st_mtime_ns
    runs = tmp_path/'runs'
    # a wrong model name makes the fine-tuning step fail: the run stops there, naming it, and keeps what came before
    r = cli('pipeline', '--smoke', '--corpus', FIXTURES/'smoke_corpus.txt', '--runs-dir', runs, '-p', 'finetune.base_model', 'no-such-model')
    assert r.returncode == 2, r.stdout + r.stderr
    err = [l for l in r.stderr.splitlines() if l.startswith('prompt-retrieval')]
    assert "step 'finetune' (06_finetune.ipynb) failed" in err[0] and 'Traceback' not in r.stderr, r.stderr
    run = next(runs.iterdir())
    rec = json.loads((run/'pipeline.json').read_text())
    assert [(s, v['status']) for s, v in rec['steps'].items()] == [('generate', 'done'), ('baselines', 'done'), ('finetune', 'failed')]
    assert (run/'02_generate.ipynb').exists() and (run/'05_baselines.ipynb').exists() and (run/'06_finetune.ipynb').exists()
    assert (run/'outputs'/'golden'/'test'/'corpus.jsonl').exists() and (run/'outputs'/'baselines'/'report.md').exists()
    # resume the same run with the right model: only the remaining steps run
    r = cli('pipeline', '--resume', run, '-p', 'finetune.base_model', 'all-MiniLM-L6-v2')
    assert r.returncode == 0, r.stdout + r.stderr
    rec = json.loads((run/'pipeline.json').read_text())
    assert all(v['status'] == 'done' for v in rec['steps'].values()) and list(rec['steps']) == ['generate', 'baselines', 'finetune', 'compare', 'index']
    assert '[1/3] finetune' in r.stdout and 'generate: 02_generate' not in r.stdout
    out = run/'outputs'
    assert (out/'model'/'modules.json').exists() and (out/'model'/'README.md').exists()
    assert (out/'comparison'/'report.md').exists() and (out/'comparison'/'deltas.png').exists()
    assert (out/'finetune'/'training_curve.png').exists() and (out/'index'/'manifest.json').exists()
    m = json.loads((out/'comparison'/'metrics.json').read_text())
    assert set(m['splits']['test']) - {'all-mpnet-base-v2'} == {'base (all-MiniLM-L6-v2)', 'fine-tuned', 'fine-tuned, fp32 queries', 'bm25', 'hybrid (fine-tuned + bm25)'}  # mpnet: when the extra is installed; fp32 queries: the model has its int8 export
    assert (out/'model'/'onnx'/'model_int8.onnx').exists() and 'int8_vs_fp32' in m
    # the summary: dataset counts, baselines, fine-tuned vs base, paths
    for s in ('dataset: prompts train', 'baselines, test NDCG@10', 'fine-tuned vs base, test NDCG@10', f"model: {out/'model'}", 'comparison:'):
        assert s in r.stdout, (s, r.stdout)
    assert (run/'summary.md').read_text().strip() in r.stdout
    # the fine-tuned model of the run is searchable from the CLI
    r = cli('search', 'a haunted house', '--corpus', FIXTURES/'smoke_corpus.txt', '--model', out/'model', '--k', '2', '--format', 'jsonl')
    assert r.returncode == 0 and len(json.loads(r.stdout)['results']) == 2, r.stderr
    # nothing of the bundled dataset or the reference results was touched
    assert [_digest(p) for p in protected] == before
    assert (ROOT/'data'/'prompt_evaluation_dataset.csv').stat().st_mtime_ns == csv_before
    # resuming a finished run does nothing
    r = cli('pipeline', '--resume', run)
    assert r.returncode == 0 and 'every step is already done' in r.stdout

def test_pipeline_bad_arguments(tmp_path):
    for args, msg in [(('pipeline', '--corpus', tmp_path/'none.txt', '--runs-dir', tmp_path), 'no such corpus file'),
                      (('pipeline', '--from', 'training', '--runs-dir', tmp_path), "unknown step 'training'"),
                      (('pipeline', '--smoke', '--from', 'compare', '--runs-dir', tmp_path), "cannot start at 'compare'"),
                      (('pipeline', '--smoke', '-p', 'nonsense', '1', '--runs-dir', tmp_path), "'nonsense' is not declared"),
                      (('pipeline', '--resume', tmp_path), 'not a pipeline run folder'),
                      (('pipeline', '--student', 'no-such-model', '--runs-dir', tmp_path/'runs'), 'no-such-model')]:
        r = cli(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        err = [l for l in r.stderr.splitlines() if l.startswith('prompt-retrieval')]
        assert len(err) == 1 and msg in err[0] and 'Traceback' not in r.stderr, (args, r.stderr)
    assert not (tmp_path/'runs').exists()  # an unknown student stops the run before it makes a folder
