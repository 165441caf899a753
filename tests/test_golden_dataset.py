"The golden dataset: leak-free splits, complete judgments, determinism, bad input."
import collections, json, os, subprocess, sys
from pathlib import Path
import pytest
from prompt_retrieval.corpus import CorpusError, Prompt, load_corpus
from prompt_retrieval.queries import (SPLITS, build_dataset, dataset_files, load_natural_queries, load_split, split_by_prompt, write_dataset)
from conftest import ROOT, FIXTURES, BIN

GOLDEN = ROOT/'data'/'golden'

@pytest.fixture(scope='module')
def bundled():
    return {s: load_split(GOLDEN, s) for s in SPLITS}

def test_no_prompt_shared_between_splits(bundled):
    ids = {s: {p.prompt_id for p in bundled[s][0]} for s in SPLITS}
    assert not (ids['train'] & ids['dev']) and not (ids['train'] & ids['test']) and not (ids['dev'] & ids['test'])
    assert sum(map(len, ids.values())) == len(load_corpus())
    for s in SPLITS:  # every judged prompt of a split's query is in that split, also in the CSV
        assert {pid for q in bundled[s][2].values() for pid in q} <= ids[s]
    import pandas as pd
    csv = pd.read_csv(ROOT/'data'/'prompt_evaluation_dataset.csv')
    assert list(csv.columns) == ['query', 'context', 'relevance', 'query_id', 'prompt_id', 'family', 'split', 'grade']
    for s, grp in csv.groupby('split'): assert set(grp.prompt_id) <= ids[s], s

def test_genre_and_theme_judgments_are_complete(bundled):
    for s in SPLITS:
        prompts, queries, qrels = bundled[s]
        for qid, q in queries.items():
            if q['family'] == 'genre': want = {p.prompt_id for p in prompts if p.genre == q['origin']}
            elif q['family'] == 'theme': want = {p.prompt_id for p in prompts if q['origin'] in p.themes}
            elif q['family'] == 'genre+theme':
                g, t = q['origin'].rsplit(' / ', 1)
                want = {p.prompt_id for p in prompts if p.genre == g and t in p.themes}
            else: continue
            assert set(qrels[qid]) == want, (s, qid, q)

def test_every_family_in_every_split_and_heldout_phrasings_only_in_test(bundled):
    for s in SPLITS:
        fams = collections.Counter(q['family'] for q in bundled[s][1].values())
        assert set(fams) == {'genre', 'genre+theme', 'theme', 'keyword', 'title', 'natural'}, (s, fams)
    seen_texts = {q['text'] for s in ('train', 'dev') for q in bundled[s][1].values()}
    test = bundled['test'][1].values()
    held = [q for q in test if q['phrasing'] == 'heldout']
    assert len(held) > 100 and not {q['text'] for q in held if q['family'] in ('genre', 'theme')} & seen_texts
    assert all(q['phrasing'] != 'heldout' for s in ('train', 'dev') for q in bundled[s][1].values())
    natural = [q for q in test if q['family'] == 'natural']
    assert sum(q['origin'] == 'thematic' for q in natural) >= 100

def test_committed_dataset_is_what_the_generator_writes(tmp_path):
    ds = build_dataset(load_corpus(), seed=42, natural=load_natural_queries())
    files = write_dataset(ds, tmp_path, csv_path=tmp_path/'prompt_evaluation_dataset.csv')
    for f in files:
        committed = ROOT/'data'/'prompt_evaluation_dataset.csv' if f.name.endswith('.csv') else GOLDEN/f.relative_to(tmp_path)
        assert f.read_bytes() == committed.read_bytes(), f"{committed} is stale: rerun nbs/02_generate.ipynb"

def _papermill(out_nb, *params):
    args = [str(BIN/'papermill'), '-k', 'python3', str(ROOT/'nbs'/'02_generate.ipynb'), str(out_nb)]
    for k, v in zip(params[::2], params[1::2]): args += ['-p', k, str(v)]
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)

def test_papermill_twice_same_seed_gives_identical_files(tmp_path):
    outs = []
    for name in ('a', 'b'):
        r = _papermill(tmp_path/f'{name}.ipynb', 'corpus', FIXTURES/'smoke_corpus.txt', 'out_dir', tmp_path/name, 'seed', 3)
        assert r.returncode == 0, r.stderr[-3000:]
        outs.append({f.relative_to(tmp_path/name): f.read_bytes() for f in dataset_files(tmp_path/name)})
    assert outs[0] == outs[1] and len(outs[0]) == len(dataset_files('x'))  # a custom corpus: no library folder
    summary = json.loads(outs[0][Path('summary.json')])
    assert summary['seed'] == 3 and summary['prompts'] == {'train': 40, 'dev': 8, 'test': 12}

def test_own_corpus_never_overwrites_the_bundled_dataset(tmp_path):
    before = (GOLDEN/'summary.json').read_bytes()
    r = _papermill(tmp_path/'x.ipynb', 'corpus', FIXTURES/'smoke_corpus.txt')
    assert r.returncode != 0 and 'must not overwrite the bundled dataset' in r.stderr
    assert (GOLDEN/'summary.json').read_bytes() == before

def test_bad_input(tmp_path):
    with pytest.raises(CorpusError, match='empty.txt: no prompts were read'): load_corpus(FIXTURES/'empty.txt')
    tiny = load_corpus(FIXTURES/'tiny_corpus.txt')
    with pytest.raises(CorpusError, match='has 5 prompts; splitting into train/dev/test needs at least 10'): build_dataset(tiny)
    with pytest.raises(ValueError, match='fractions must be three positive numbers'): split_by_prompt(load_corpus(FIXTURES/'smoke_corpus.txt'), (0.9, 0.1, 0))
    # genres too small for three splits are pooled into one stratum (documented), not an error
    smoke = load_corpus(FIXTURES/'smoke_corpus.txt')
    odd = smoke + [Prompt('lonely', 'fiction', 'Western', ['Justice'], 'A Lonely Western', 'The only western in this corpus: a sheriff without a town.')]
    assert split_by_prompt(odd)['lonely'] in SPLITS
    # a missing output folder is created; existing files are refused unless overwrite=True
    ds = build_dataset(smoke, seed=1)
    files = write_dataset(ds, tmp_path/'new'/'deeper')
    assert all(f.exists() for f in files)
    with pytest.raises(FileExistsError, match='pass overwrite=True'): write_dataset(ds, tmp_path/'new'/'deeper')

def test_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    ds = build_dataset(load_corpus(FIXTURES/'smoke_corpus.txt'), seed=1)
    files = write_dataset(ds, tmp_path)
    before = {f: f.read_bytes() for f in files}
    import prompt_retrieval.queries as q
    calls = {'n': 0}
    real = q.write_text_atomic
    def flaky(path, text):
        calls['n'] += 1
        if calls['n'] == 3: raise KeyboardInterrupt('simulated interruption')
        return real(path, text)
    monkeypatch.setattr(q, 'write_text_atomic', flaky)
    with pytest.raises(KeyboardInterrupt): write_dataset(build_dataset(load_corpus(FIXTURES/'smoke_corpus.txt'), seed=2), tmp_path, overwrite=True)
    for f in files:  # every file is either the old or a complete new version; no temporary files remain
        assert f.exists() and f.read_bytes()
    assert not list(tmp_path.rglob('*.tmp'))
    assert files[-1].read_bytes() == before[files[-1]]  # not reached: untouched

def test_library_splits_hold_their_own_natural_queries():
    "library-dev / library-test: the dev and test natural queries over the whole library, each split with its own queries and judgments."
    from prompt_retrieval.queries import load_judged
    dev, test = load_split(GOLDEN, 'library-dev'), load_split(GOLDEN, 'library-test')
    assert len(dev[0]) == len(test[0]) == len(load_corpus())
    assert set(dev[1]) == set(dev[2]) and set(test[1]) == set(test[2]) and not set(dev[1]) & set(test[1])
    assert set(load_judged(GOLDEN, 'library-test')) == set(test[1]) and all(q['family'] == 'natural' for q in test[1].values())
    split_dev = load_split(GOLDEN, 'dev')[1]
    assert {q for q, v in split_dev.items() if v['family'] == 'natural'} <= set(dev[1])  # every dev natural query is also searched over the library
