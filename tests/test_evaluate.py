"Evaluation: legacy metrics by hand, bad input, the evaluate command."
import json, math
import numpy as np
import pytest
from prompt_retrieval.corpus import CorpusError
from prompt_retrieval.evaluate import legacy_metrics, legacy_metrics_per_row, read_legacy_csv, evaluate_systems, per_query_scores
from prompt_retrieval.models import ModelNotAvailableError
from prompt_retrieval.queries import build_dataset, write_dataset
from prompt_retrieval.corpus import load_corpus
from prompt_retrieval.retrievers import make_retriever
from conftest import FIXTURES, cli

class Toy:
    "Texts -> fixed vectors: q is closest to A, then B, C, D."
    vec = {'q': [1, 0], 'A': [0.99, 0.141], 'B': [0.9, 0.436], 'C': [0.5, 0.866], 'D': [-1, 0.01]}
    def encode(self, texts, **kw):
        v = np.array([self.vec[t] for t in texts], float)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

def test_legacy_metrics_match_the_hand_computed_values():
    # ranks A=1, B=2, C=3, D=4; rows (A,1) (B,1) (C,0) (D,0): see nbs/04_evaluate.ipynb for the table
    want = {'precision@1': 3 / 4, 'precision@3': (1 / 3 + 1 / 3 + 0 + 1) / 4, 'precision@5': (1 / 5 + 1 / 5) / 4,
            'mrr@5': (1 + 1 / 2) / 4, 'ndcg@5': (1 + 1 / math.log2(3)) / 4}
    for fn in (legacy_metrics, legacy_metrics_per_row):
        got = fn(FIXTURES/'legacy_small.csv', Toy())
        for m, v in want.items(): assert got[m] == pytest.approx(v, abs=1e-12), (fn.__name__, m)
        assert got['rows'] == 4 and got['positive_rows'] == 2

def test_legacy_csv_errors_name_column_and_row(tmp_path):
    f = tmp_path/'x.csv'
    f.write_text('query,relevance\nq,1\n')
    with pytest.raises(CorpusError, match='missing column.s. context'): read_legacy_csv(f)
    f.write_text('query,context,relevance\nq,A,1\nq,B,-1\n')
    with pytest.raises(CorpusError, match=r"x.csv:3: relevance '-1' is not 0, 1 or 2"): read_legacy_csv(f)
    with pytest.raises(FileNotFoundError): read_legacy_csv(tmp_path/'nope.csv')

def test_unknown_model_lists_what_is_available():
    with pytest.raises(ModelNotAvailableError, match=r'known model \(all-MiniLM-L6-v2, all-mpnet-base-v2\)'): make_retriever('bert-base-nli-mean-tokens')

def test_queries_without_relevant_prompts_are_counted_not_dropped(tmp_path):
    write_dataset(build_dataset(load_corpus(FIXTURES/'smoke_corpus.txt'), seed=1), tmp_path)
    q = tmp_path/'test'/'queries.jsonl'
    q.write_text(q.read_text() + json.dumps({'_id': 'orphan', 'text': 'nothing matches', 'metadata': {'family': 'natural', 'phrasing': 'natural', 'origin': 'x'}}) + '\n')
    ev = evaluate_systems(tmp_path, 'test', ['bm25'])
    assert ev.no_relevant == ['orphan']
    assert 'orphan' not in ev.per_query['bm25'].index and len(ev.per_query['bm25']) == len(ev.queries) - 1

def test_empty_corpus_and_nothing_to_score():
    with pytest.raises(CorpusError, match='empty.txt: no prompts were read'): load_corpus(FIXTURES/'empty.txt')
    with pytest.raises(ValueError, match='no query has a relevant prompt'): per_query_scores({'q': {'a': 0}}, {'q': {'a': 1.0}})
    with pytest.raises(ValueError, match='empty corpus'): make_retriever('bm25').index([])

def test_evaluate_command_writes_a_report(tmp_path):
    write_dataset(build_dataset(load_corpus(FIXTURES/'smoke_corpus.txt'), seed=1), tmp_path/'golden')
    r = cli('evaluate', '--dataset', tmp_path/'golden', '--split', 'dev,test', '--model', 'bm25', '--model', 'all-MiniLM-L6-v2',
            '--out', tmp_path/'report', '--n_boot', 100, '--legacy-csv', tmp_path/'golden'/'prompt_evaluation_dataset.csv')
    assert r.returncode == 0, r.stderr
    assert 'test split, NDCG@10' in r.stdout and 'LEGACY metrics' in r.stdout
    m = json.loads((tmp_path/'report'/'metrics.json').read_text())
    assert set(m['splits']) == {'dev', 'test'} and set(m['splits']['test']) == {'bm25', 'all-MiniLM-L6-v2'}
    assert (tmp_path/'report'/'runs'/'test'/'bm25.trec').exists()

def test_evaluate_help_explains_every_option():
    r = cli('evaluate', '--help')
    assert r.returncode == 0
    for opt in ('--model', '--dataset', '--split', '--out', '--legacy-csv', '--field', '--skip-missing', '--n-boot'): assert opt in r.stdout
