"The cross-encoder reranker end to end at smoke size: trained on the train split, measured on dev, used by `search --rerank`."
import json
from conftest import cli, FIXTURES
from prompt_retrieval.corpus import load_corpus
from prompt_retrieval.queries import build_dataset, write_dataset
from prompt_retrieval.rerank import RerankConfig, train_reranker

SMOKE = FIXTURES/'smoke_corpus.txt'

def test_trained_reranker_is_measured_on_dev_and_reorders_search_results(tmp_path):
    write_dataset(build_dataset(load_corpus([SMOKE]), seed=1), tmp_path/'golden')
    res = train_reranker(tmp_path/'golden', tmp_path/'reranker', RerankConfig(miner='all-MiniLM-L6-v2').smoke(), progress=False)
    info = json.loads((tmp_path/'reranker'/'reranker.json').read_text())
    assert info['counts']['steps_done'] == 4 and info['counts']['rows'] == 2 * info['counts']['pairs']  # one negative per pair at smoke size
    assert not (tmp_path/'reranker.checkpoints').exists()
    assert list(info['dev']) == ['dense']  # the miner has no tuned hybrid: only the dense first stage is measured
    d = res.dev['dense']; g = info['dev']['dense']['groups']['all']
    assert g['queries'] > 0 and 0 <= g['first'] <= 1 and 0 <= g['reranked'] <= 1
    assert abs(g['delta'] - (g['reranked'] - g['first'])) < 1e-9 and g['delta_ci95'][0] <= g['delta'] <= g['delta_ci95'][1]
    assert d['seconds_per_query'][d['reranked']] > d['seconds_per_query'][d['first_stage']]
    assert d['single_query_ms'][d['reranked']]['p50'] > 0 and d['single_query_ms'][d['first_stage']]['queries'] > 0

    q = 'a haunted house that remembers'
    plain = cli('search', q, '--corpus', SMOKE, '--model', 'bm25', '--k', '30', '--format', 'jsonl')
    rr = cli('search', q, '--corpus', SMOKE, '--model', 'bm25', '--k', '5', '--format', 'jsonl', '--rerank', '--reranker', tmp_path/'reranker')
    assert plain.returncode == 0 and rr.returncode == 0, rr.stderr
    first30 = [r['prompt_id'] for r in json.loads(plain.stdout)['results']]
    got = json.loads(rr.stdout)['results']
    assert len(got) == 5 and {r['prompt_id'] for r in got} <= set(first30)  # reordered candidates of the first stage
    scores = [r['score'] for r in got]; assert scores == sorted(scores, reverse=True)

def test_reranker_option_needs_rerank_and_an_existing_folder(tmp_path):
    r = cli('search', 'ghosts', '--corpus', SMOKE, '--model', 'bm25', '--reranker', tmp_path)
    assert r.returncode == 2 and 'add --rerank' in r.stderr
    r = cli('search', 'ghosts', '--corpus', SMOKE, '--model', 'bm25', '--rerank', '--reranker', tmp_path/'none')
    assert r.returncode == 2 and 'not a reranker folder' in r.stderr and 'train-reranker' in r.stderr
