"Nothing lost on a crash: processes killed with SIGKILL while they save leave the old or the new version, never a mixture."
import itertools, json, os, random, signal, subprocess, sys, threading, time
from pathlib import Path
import numpy as np
import pytest
from prompt_retrieval.corpus import recover_folder
from conftest import ROOT, FIXTURES, BIN

KILLS = 20  # per artifact

def _kill_at_random(save_forever, check, seed:int):
    "KILLS times: fork a process that runs `save_forever()`, SIGKILL it at a random moment, then `check()` what is on disk."
    rng = random.Random(seed)
    for _ in range(KILLS):
        pid = os.fork()
        if pid == 0:  # the saver: a separate process, killed without warning
            try: save_forever()
            finally: os._exit(1)
        time.sleep(rng.uniform(0.02, 0.8))
        os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
        check()

def _leftovers(folder:Path): return sorted(x.name for x in folder.parent.iterdir() if x.name.startswith(f'.{folder.name}.'))

def test_killed_index_save_leaves_old_or_new(tmp_path):
    from prompt_retrieval.index import PromptIndex
    from prompt_retrieval.corpus import load_corpus
    from prompt_retrieval.models import resolve_model
    folder = tmp_path/'index'
    ps = load_corpus()[:400]
    PromptIndex.from_embeddings(ps[:200], np.full((200, 384), 0.05, np.float32), str(resolve_model('all-MiniLM-L6-v2'))).save(folder)
    first, second = {p.prompt_id for p in ps[:200]}, {p.prompt_id for p in ps[200:]}
    def check():
        idx = PromptIndex.load(folder)  # recovers a half-done swap first
        ids = {p.prompt_id for p in idx.prompts}
        assert ids in (first, second)
        assert np.all(np.sign(idx.embeddings) == (1 if ids == first else -1))  # embeddings of the same version
        assert _leftovers(folder) == [], _leftovers(folder)  # nothing the next run trips over
    model = str(resolve_model('all-MiniLM-L6-v2'))
    versions = [(ps[:200], np.full((200, 384), 0.05, np.float32)), (ps[200:], np.full((200, 384), -0.05, np.float32))]
    def save_forever():
        for i in itertools.count(): PromptIndex.from_embeddings(versions[i % 2][0], versions[i % 2][1], model).save(folder)
    _kill_at_random(save_forever, check, seed=1)

class _Model:
    "Stands in for a SentenceTransformer: writes a model folder of the usual shape (4 MB of weights)."
    def __init__(self, v): self.v = v
    def save(self, path, create_model_card=False):
        p = Path(path); (p/'modules.json').write_text('[]'); (p/'config.json').write_text(json.dumps({'version': self.v}))
        (p/'model.safetensors').write_bytes(bytes([self.v]) * 4_000_000)

def _result(folder):
    from prompt_retrieval.finetune import FinetuneConfig, FinetuneResult
    counts = dict(dev_prompts=1, dev_queries=1, families={}, negatives={'hard': 1, 'random': 0, 'removed_candidates': 0}, pairs=1, steps_done=1,
                  stopped_by_time_budget=False, train_prompts=1, train_queries=1, fields={})
    fn = {'random_batches': {'pair_rate': 0.0}, 'sampler_batches': {'pair_rate': 0.0}}
    return FinetuneResult(folder, FinetuneConfig(), [], {'dev_cosine_ndcg@10': 0.5}, {'dev_cosine_ndcg@10': 0.6}, 1, {'training': 1.0, 'total': 1.0}, counts, fn)

def test_killed_model_save_leaves_old_or_new(tmp_path):
    from prompt_retrieval.models import resolve_model
    folder = tmp_path/'model'
    from prompt_retrieval.finetune import save_model
    save_model(_Model(1), _result(folder), ROOT/'data'/'golden')
    def save_forever():
        for i in itertools.count(): save_model(_Model(1 + i % 2), _result(folder), ROOT/'data'/'golden')
    def check():
        f = resolve_model(folder)  # recovers a half-done swap first
        v = json.loads((f/'config.json').read_text())['version']
        assert set((f/'model.safetensors').read_bytes()[:: 400_000]) == {v}  # weights of the same version, complete
        assert (f/'model.safetensors').stat().st_size == 4_000_000 and (f/'README.md').exists() and (f/'training.json').exists()
        assert json.loads((f/'training.json').read_text())['dataset'] == 'data/golden'  # recorded relative to the checkout
        assert _leftovers(folder) == []
    check()
    _kill_at_random(save_forever, check, seed=2)

def test_killed_dataset_write_leaves_old_or_new(tmp_path):
    from prompt_retrieval.corpus import load_corpus
    from prompt_retrieval.queries import SPLITS, build_dataset, load_split, write_dataset
    folder = tmp_path/'golden'
    ps = load_corpus(FIXTURES/'smoke_corpus.txt')
    versions = [build_dataset(ps, seed=s) for s in (1, 2)]
    write_dataset(versions[0], folder)
    want = [{s: ({p.prompt_id for p in v.split_prompts(s)}, {q.query_id for q in v.split_queries(s)}) for s in SPLITS} for v in versions]
    def check():
        got = {s: ({p.prompt_id for p in load_split(folder, s)[0]}, set(load_split(folder, s)[1])) for s in SPLITS}
        assert got in want  # every split from the same version
        assert _leftovers(folder) == []
    def save_forever():
        for i in itertools.count(): write_dataset(versions[i % 2], folder, overwrite=True)
    _kill_at_random(save_forever, check, seed=3)

# ---- damaged files: a typed error from the library, one clear line from the CLI
@pytest.fixture(scope='module')
def saved_index(tmp_path_factory):
    from prompt_retrieval.index import PromptIndex
    folder = tmp_path_factory.mktemp('idx')/'index'
    PromptIndex.build(FIXTURES/'tiny_corpus.txt', 'all-MiniLM-L6-v2').save(folder)
    return folder

def _copy(src:Path, dst:Path)->Path:
    import shutil; shutil.copytree(src, dst); return dst

def _cli_search(index:Path):
    return subprocess.run([str(BIN/'prompt-retrieval'), 'search', 'ghost', '--index', str(index)], capture_output=True, text=True, cwd=ROOT, timeout=300)

def _damage_cases(tmp_path, saved_index):
    cases = {}
    d = _copy(saved_index, tmp_path/'truncated'); b = (d/'embeddings.npy').read_bytes(); (d/'embeddings.npy').write_bytes(b[:len(b) // 2])
    cases['truncated embeddings.npy'] = (d, 'is damaged')
    d = _copy(saved_index, tmp_path/'dims'); m = json.loads((d/'manifest.json').read_text()); m['embedding_dim'] = 512
    (d/'manifest.json').write_text(json.dumps(m)); cases['manifest with wrong dimensions'] = (d, 'dimensions; rebuild the index')
    d = _copy(saved_index, tmp_path/'badjson'); lines = (d/'corpus.jsonl').read_text().splitlines(); lines[1] = lines[1][:-5]
    (d/'corpus.jsonl').write_text('\n'.join(lines) + '\n'); cases['corpus file with a bad JSON line'] = (d, 'corpus.jsonl was changed')
    return cases

def test_damaged_index_files_give_typed_errors(tmp_path, saved_index):
    from prompt_retrieval.index import IndexMismatchError, PromptIndex
    for name, (d, msg) in _damage_cases(tmp_path, saved_index).items():
        with pytest.raises(IndexMismatchError, match=msg): PromptIndex.load(d)
        r = _cli_search(d)
        assert r.returncode == 2 and 'Traceback' not in r.stderr and len(r.stderr.strip().splitlines()) == 1 and msg in r.stderr, (name, r.stderr)

def test_bad_json_line_in_a_corpus_file_names_file_and_line(tmp_path):
    from prompt_retrieval.corpus import CorpusError, load_corpus
    f = tmp_path/'mine.jsonl'
    good = (ROOT/'data'/'prompts.jsonl').read_text().splitlines()[:3]
    f.write_text('\n'.join([good[0], good[1][:-3], good[2]]) + '\n')
    with pytest.raises(CorpusError, match=r'mine.jsonl:2: not valid JSON'): load_corpus(f)
    r = subprocess.run([str(BIN/'prompt-retrieval'), 'search', 'ghost', '--corpus', str(f), '--model', 'bm25'], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 2 and 'mine.jsonl:2: not valid JSON' in r.stderr and 'Traceback' not in r.stderr

def test_model_folder_without_weights(tmp_path):
    from prompt_retrieval.models import ModelNotAvailableError, resolve_model
    import shutil
    d = tmp_path/'model'; shutil.copytree(resolve_model('all-MiniLM-L6-v2'), d)
    for w in d.rglob('*.safetensors'): w.unlink()
    with pytest.raises(ModelNotAvailableError, match='no .safetensors weights'): resolve_model(d)
    r = subprocess.run([str(BIN/'prompt-retrieval'), 'search', 'ghost', '--model', str(d), '--corpus', str(FIXTURES/'tiny_corpus.txt')], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 2 and 'no .safetensors weights' in r.stderr and 'Traceback' not in r.stderr

# ---- concurrency
def test_one_index_searched_from_8_threads(saved_index):
    from prompt_retrieval.index import PromptIndex
    idx = PromptIndex.load(saved_index)
    queries = ['ghost in a lighthouse', 'a cozy mystery', 'funny essay about food', 'first contact', 'grief', 'a letter', 'dragons', 'the sea'] * 4
    want = [[r.prompt_id for r in idx.search(q, k=5)] for q in queries]
    got, errors = [None] * len(queries), []
    def work(i):
        try: got[i] = [r.prompt_id for r in idx.search(queries[i], k=5)]
        except Exception as e: errors.append(e)
    threads = [threading.Thread(target=lambda j=j: [work(i) for i in range(j, len(queries), 8)]) for j in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    assert not errors and got == want

def test_two_runs_started_together_get_their_own_folders(tmp_path):
    from prompt_retrieval.pipeline import _new_run_dir
    out, barrier = [], threading.Barrier(8)
    def make(): barrier.wait(); out.append(_new_run_dir(tmp_path))
    threads = [threading.Thread(target=make) for _ in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    assert len(set(out)) == 8 and all(p.is_dir() for p in out)

# ---- reports and cards record paths relative to the checkout
def test_reports_record_no_absolute_checkout_paths():
    import re
    pat = re.compile(r'/[^\s"\'<>]*/(?:data/golden|models/prompt-|evaluation_results/|nbs/0)')
    found = []
    for f in sorted((ROOT/'evaluation_results').rglob('*')):
        if f.is_file() and f.suffix in ('.md', '.json', '.ipynb') and 'runs' not in f.relative_to(ROOT/'evaluation_results').parts:
            found += [f"{f.relative_to(ROOT)}: {m.group(0)}" for m in pat.finditer(f.read_text(encoding='utf-8'))]
    assert not found, found[:10]
