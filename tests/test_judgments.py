"Natural-query numbers can be trusted only where the judgments cover what the systems return (see nbs/04a_judging)."
import json
import pytest
from prompt_retrieval.corpus import load_corpus
from prompt_retrieval.judging import find_holes, agreement
from prompt_retrieval.queries import load_natural_queries, read_qrels, split_by_prompt
from conftest import ROOT

FLOOR = 0.97  # judged@10 every compared system must reach on dev and test natural queries

@pytest.mark.parametrize('report', ['baselines', 'comparison'])
def test_committed_reports_have_judged_natural_results(report):
    "Every system a committed report compares has judged@10 >= 0.97 on natural queries, on the split corpora and on the whole library."
    m = json.loads((ROOT/'evaluation_results'/report/'metrics.json').read_text())
    splits = m['splits']
    assert {'dev', 'test', 'library-dev', 'library-test'} <= set(splits), sorted(splits)
    for split in ('dev', 'test', 'library-dev', 'library-test'):
        for system, fams in splits[split].items():
            assert fams['natural']['judged@10']['mean'] >= FLOOR, (report, split, system, fams['natural']['judged@10'])
            assert any(f.startswith('natural/') for f in fams), (split, system)  # broken down by type and style

@pytest.fixture(scope='module')
def bundled():
    prompts = load_corpus()
    return load_natural_queries(), prompts, split_by_prompt(prompts)

@pytest.mark.parametrize('system', ['bm25', 'all-MiniLM-L6-v2'])
@pytest.mark.parametrize('split,corpus', [('test', 'split'), ('dev', 'split'), ('test', 'library')])
def test_shipped_systems_have_no_holes(bundled, system, split, corpus):
    "The holes check itself, live, for the systems CI can run."
    h = find_holes(system, *bundled, split=split, corpus=corpus)
    assert h.attrs['judged@10'] >= FLOOR, (system, split, corpus, h.attrs, h.head())

def test_agreement_is_reproducible():
    "The second judge's grades and the kappa in data/agreement.json agree with the judgments."
    second = read_qrels(ROOT/'data'/'natural_qrels_second.tsv')
    first = read_qrels(ROOT/'data'/'natural_qrels.tsv')
    pairs = [(q, p) for q, r in second.items() for p in r]
    assert len(pairs) >= 600 and all(p in first[q] for q, p in pairs)
    saved = json.loads((ROOT/'data'/'agreement.json').read_text())
    a = agreement([saved['first_grades'][f'{q} {p}'] for q, p in pairs], [second[q][p] for q, p in pairs])
    assert abs(a['kappa_linear'] - saved['kappa_linear']) < 1e-9 and a['pairs'] == saved['pairs']
