"One engine: what evaluation measures is what search returns, with the settings that travel with a model."
import json, shutil
import numpy as np
import pytest
from conftest import ROOT
from prompt_retrieval.evaluate import evaluate_systems
from prompt_retrieval.index import PromptIndex
from prompt_retrieval.models import finetuned_model_dir, resolve_model
from prompt_retrieval.queries import load_split
from prompt_retrieval.retrievers import (BM25Settings, FusionSettings, RetrieverConfig, make_retriever, model_settings,
                                         parse_spec, save_model_settings)

GOLDEN = ROOT/'data'/'golden'

@pytest.fixture(scope='module')
def tuned_model(tmp_path_factory):
    "A model folder carrying tuned settings, as the comparison step leaves the fine-tuned model."
    m = tmp_path_factory.mktemp('model')/'tuned'
    shutil.copytree(resolve_model('all-MiniLM-L6-v2'), m)
    cfg = RetrieverConfig('hybrid', str(m), bm25=BM25Settings(stopwords=None), fusion=FusionSettings('score', 0.1))
    save_model_settings(m, cfg, chosen_on='dev')
    return m, cfg

def test_search_returns_what_evaluation_measured(tuned_model, tmp_path):
    m, cfg = tuned_model
    prompts, queries, _ = load_split(GOLDEN, 'test')
    ev = evaluate_systems(GOLDEN, 'test', [f'hybrid:{m}'], families=['natural', 'keyword'])  # the families where fusion matters most
    qids = sorted(ev.queries)[::3]
    (name, run), = ev.runs.items()
    ix = PromptIndex.build(prompts, f'hybrid:{m}')
    assert ix.config == cfg and ix.label == name  # the spec brings the model's tuned BM25 and fusion
    back = PromptIndex.load(ix.save(tmp_path/'ix'))
    assert back.config == cfg
    found = back.search_batch([queries[q]['text'] for q in qids], k=10)
    for q, res in zip(qids, found):
        top = sorted(run[q].items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        assert [r.prompt_id for r in res] == [p for p, _ in top], q
        assert np.allclose([r.score for r in res], [s for _, s in top], atol=1e-5)

def test_filtered_search_is_the_engine_with_a_mask(tuned_model):
    m, _ = tuned_model
    prompts, queries, _ = load_split(GOLDEN, 'dev')
    ix, r = PromptIndex.build(prompts, f'hybrid:{m}'), make_retriever(f'hybrid:{m}').index(prompts)
    texts = [queries[q]['text'] for q in sorted(queries)[:40]]
    mask = ix.filter_mask(kind='nonfiction')
    for t, res in zip(texts, ix.search_batch(texts, k=10, kind='nonfiction')):
        assert [x.prompt_id for x in res] == [p for p, _ in r.search(t, 10, mask)[0]]

def test_the_reports_hybrid_is_what_the_model_folder_builds():
    "The committed comparison recorded its hybrid's settings; the model folder (when trained here) builds the same."
    rec = json.loads((ROOT/'evaluation_results'/'comparison'/'metrics.json').read_text())['hybrid_config']
    sel = json.loads((ROOT/'evaluation_results'/'baselines'/'selected_model.json').read_text())
    assert rec['bm25'] == sel['bm25'] and rec['field'] == sel['field']  # the BM25 the baselines chose is the hybrid's
    ft = finetuned_model_dir()
    if not (ft/'prompt_retrieval.json').exists(): pytest.skip('no fine-tuned model in this checkout (run the pipeline)')
    got = parse_spec(f'hybrid:{ft}').to_dict()
    assert {k: got[k] for k in rec if k != 'model'} == {k: v for k, v in rec.items() if k != 'model'}  # (a report older than backends has no backend key)
    assert got['backend'] == rec.get('backend', 'exact')
    assert model_settings(ft)['fusion'] == rec['fusion']
