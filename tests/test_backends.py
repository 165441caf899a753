"""Every vector backend (exact, hnsw, int8, ivf, and milvus against Milvus Lite) behind `PromptIndex`: the same filters, save/load, add and mismatch refusal.

The vectors are random (384 dimensions, one per prompt of the bundled library) and queries are mapped to
vectors by a seeded hash, so the tests need no model and measure the backends alone; random vectors are a
harder case for a graph than real embeddings, which cluster."""
import hashlib, json
import numpy as np
import pytest
from prompt_retrieval import retrievers
from prompt_retrieval.backends import BACKENDS
from prompt_retrieval.corpus import Prompt, load_corpus
from prompt_retrieval.index import PromptIndex, IndexMismatchError

DIM = 384

def unit(x): return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)

def vector(text:str)->np.ndarray:
    return unit(np.random.default_rng(int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)).normal(size=DIM))

@pytest.fixture(autouse=True)
def no_model(monkeypatch, tmp_path):
    "Queries and new prompts are encoded by `vector`, never by the model; Milvus Lite keeps its collections in a file of this test's own."
    monkeypatch.setenv('PROMPT_RETRIEVAL_MILVUS_URI', str(tmp_path/'milvus.db'))
    monkeypatch.setattr(retrievers.DenseRetriever, 'encode_queries', lambda self, qs: np.stack([vector(q) for q in qs]))
    monkeypatch.setattr(retrievers.DenseRetriever, 'encode', lambda self, texts, show_progress=False: np.stack([vector(t) for t in texts]))

@pytest.fixture(scope='module')
def library(): return load_corpus()

@pytest.fixture(scope='module')
def vectors(library): return unit(np.random.default_rng(0).normal(size=(len(library), DIM)))

def make(library, vectors, backend): return PromptIndex.from_embeddings(library, vectors, 'all-MiniLM-L6-v2', backend=backend)

QUERIES = ['a cozy mystery in a bakery', 'first contact', 'grief and hope', 'a heist', 'the sea', 'letters from home', 'a haunted lighthouse', 'robots']

def filters(index):
    "No filter, a wide one (a kind), a middling one (the largest genre) and selective ones (a rare theme; two filters together)."
    genre = max(index.genres, key=index.genres.get); theme = min(index.themes, key=index.themes.get)
    return [{}, {'kind': 'fiction'}, {'genre': genre}, {'themes': theme}, {'genre': genre, 'themes': max(index.themes, key=index.themes.get)}]

@pytest.mark.parametrize('backend', list(BACKENDS))
def test_filters_are_exact_and_results_agree_with_exact_search(library, vectors, backend):
    exact, index = make(library, vectors, 'exact'), make(library, vectors, backend)
    assert index.config.backend == backend and index.retriever.vectors.name == backend
    for f in filters(exact):
        allowed = exact.filter_mask(**f)
        n_allowed = len(library) if allowed is None else int(allowed.sum())
        overlap = []
        for q in QUERIES:
            want, got = exact.search(q, 10, **f), index.search(q, 10, **f)
            assert len(got) == min(10, n_allowed), (f, q)
            assert allowed is None or all(allowed[index.retriever.ids.index(r.prompt_id)] for r in got), (f, q)
            assert [r.score for r in got] == sorted((r.score for r in got), reverse=True)
            overlap.append(len({r.prompt_id for r in got} & {r.prompt_id for r in want}) / len(want))
        assert np.mean(overlap) >= 0.9, (backend, f, overlap)
        if n_allowed < 0.02 * len(library): assert np.mean(overlap) == 1.0, (backend, f)  # a selective filter is searched exactly

@pytest.mark.parametrize('backend', list(BACKENDS))
def test_save_load_round_trip_and_mismatch_refusal(library, vectors, backend, tmp_path):
    index = make(library, vectors, backend)
    folder = index.save(tmp_path/'ix')
    manifest = json.loads((folder/'manifest.json').read_text())
    assert manifest['retriever']['backend'] == backend
    graphs = ['hnsw_values', 'hnsw_rows0', 'hnsw0', 'hnsw_rows1', 'hnsw1']  # one graph per kind
    assert sorted(manifest['arrays']) == sorted(['embeddings'] + {'hnsw': graphs, 'int8': ['faiss'], 'ivf': ['ivf']}.get(backend, []))
    again = PromptIndex.load(folder)
    assert again.config.backend == backend
    for q in QUERIES: assert [r.prompt_id for r in again.search(q, 10)] == [r.prompt_id for r in index.search(q, 10)]
    if backend not in ('hnsw', 'int8', 'ivf'): return  # exact keeps nothing but the vectors; milvus finds its collection by their fingerprint
    name = {'hnsw': 'hnsw0', 'int8': 'faiss', 'ivf': 'ivf'}[backend]
    other = make(library[:100], vectors[:100], backend).retriever.arrays()[name]
    np.save(folder/f'{name}.npy', other)  # a graph of another corpus
    with pytest.raises(IndexMismatchError, match=r'holds \d+ vectors'): PromptIndex.load(folder)
    (folder/f'{name}.npy').unlink()
    with pytest.raises(IndexMismatchError, match=f'no {name}.npy'): PromptIndex.load(folder)

@pytest.mark.parametrize('backend', list(BACKENDS))
def test_add_finds_the_new_prompts_with_and_without_filters(library, vectors, backend):
    index = make(library[:400], vectors[:400], backend)
    new = Prompt(prompt_id='new-1', kind='fiction', genre='Westerns of the Moon', themes=('dust',), title='Moon Ranch', text='Cattle on the moon.')
    index.add([new])
    text = retrievers.prompt_text(new, index.config.field)
    assert index.search(text, 1)[0].prompt_id == 'new-1'  # its own vector is the query
    assert [r.prompt_id for r in index.search('anything', 5, genre='Westerns of the Moon')] == ['new-1']

def test_bm25_has_no_backend(library):
    with pytest.raises(ValueError, match='bm25 has no vectors'): PromptIndex.build(library[:50], 'bm25', backend='hnsw')
    with pytest.raises(ValueError, match='unknown backend'): make(library, np.eye(len(library), DIM, dtype=np.float32), 'annoy')

def test_milvus_gets_the_same_top_10_as_exact_search_with_every_filter(library, vectors):
    "The issue's test: an index exported to a Milvus Lite collection answers every filter with exact search's top 10."
    exact, mil = make(library, vectors, 'exact'), make(library, vectors, 'milvus')
    assert mil.retriever.vectors.client.get_collection_stats(mil.retriever.vectors.collection)['row_count'] == len(library)
    for f in filters(exact) + [{'genre': [g for g in list(exact.genres)[:2]], 'kind': 'nonfiction'}]:
        for q in QUERIES:
            assert [r.prompt_id for r in mil.search(q, 10, **f)] == [r.prompt_id for r in exact.search(q, 10, **f)], (f, q)
    assert 'token' not in repr(mil.retriever.vectors).lower()

def test_milvus_filters_inside_milvus(library, vectors, monkeypatch):
    "A filter from `PromptIndex` reaches Milvus as an expression; only a bare mask falls back to exact search here."
    from prompt_retrieval import backends
    mil = make(library, vectors, 'milvus')
    seen = []
    search = type(mil.retriever.vectors.client).search
    monkeypatch.setattr(type(mil.retriever.vectors.client), 'search', lambda self, *a, **k: seen.append(k['filter']) or search(self, *a, **k))
    monkeypatch.setattr(backends, 'exact_top', lambda *a: pytest.fail('exact search was used'))
    genre = list(mil.genres)[0]
    mil.search('ghosts', 5, genre=genre, kind='fiction')
    assert seen == [f'genre in ["{genre.lower()}"] and kind in ["fiction"]']
