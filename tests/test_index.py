"`PromptIndex`: filters, errors, save/load checks, add, bm25 and hybrid indexes."
import json
import numpy as np
import pytest
from conftest import FIXTURES
from prompt_retrieval.corpus import Prompt, load_corpus, corpus_hash
from prompt_retrieval import index as index_module
from prompt_retrieval import retrievers
from prompt_retrieval.index import PromptIndex, IndexMismatchError, SearchResult, RESULT_KEYS
from prompt_retrieval.models import default_search_model, finetuned_model_dir

SMOKE = FIXTURES/'smoke_corpus.txt'  # 60 prompts: Fantasy, Horror, Memoir, Food Writing

@pytest.fixture(scope='module')
def smoke(): return load_corpus(SMOKE)

@pytest.fixture(scope='module')
def dense(smoke): return PromptIndex.build(SMOKE, 'all-MiniLM-L6-v2')

def ids(results): return [r.prompt_id for r in results]

def test_build_from_path_list_and_prompts(smoke, dense):
    assert len(dense) == len(smoke) == 60 and dense.embeddings.shape == (60, 384)
    again = PromptIndex.build(list(smoke), 'all-MiniLM-L6-v2')
    q = 'a dragon who hoards books'
    assert [r.to_dict() for r in again.search(q)] == [r.to_dict() for r in dense.search(q)]
    assert len(PromptIndex.build([SMOKE, FIXTURES/'tiny_corpus.txt'], 'bm25')) > 60

def test_filters_return_k_when_k_pass(smoke, dense):
    for genre in ('Fantasy', 'Horror', 'Memoir', 'Food Writing'):
        n = sum(p.genre == genre for p in smoke)
        assert n >= 10
        res = dense.search('something about my grandmother', k=10, genre=genre)  # the query fits one genre only
        assert len(res) == 10 and all(r.genre == genre for r in res)
        assert len(dense.search('something about my grandmother', k=n + 5, genre=genre)) == n  # fewer only when fewer pass
    both = dense.search('a haunted house', k=30, genre=['Fantasy', 'Horror'])
    assert len(both) == 30 and {r.genre for r in both} == {'Fantasy', 'Horror'}
    fiction = dense.search('my childhood kitchen', k=20, kind='fiction')
    assert len(fiction) == 20 and {r.kind for r in fiction} == {'fiction'}

def test_themes_must_all_be_present(smoke, dense):
    pairs = {}
    for p in smoke:
        for a in p.themes:
            for b in p.themes:
                if a < b: pairs.setdefault((a, b), set()).add(p.prompt_id)
    (a, b), want = max(pairs.items(), key=lambda kv: len(kv[1]))
    only_a = {p.prompt_id for p in smoke if a in p.themes}
    assert len(only_a) > len(want)  # so that "any" and "all" differ
    got = dense.search('anything at all', k=len(smoke), themes=[a, b])
    assert set(ids(got)) == want
    assert set(ids(dense.search('anything at all', k=len(smoke), themes=a))) == only_a

def test_filters_ignore_case(dense):
    a = dense.search('a witch', k=5, genre='Fantasy', kind='fiction')
    b = dense.search('a witch', k=5, genre='  fANTASY ', kind='FICTION')
    assert ids(a) == ids(b) and len(a) == 5

def test_unknown_filter_values_and_bad_arguments(dense):
    with pytest.raises(ValueError, match="no prompt in this index has the genre 'Fantasyy'; did you mean 'Fantasy'"): dense.search('x', genre='Fantasyy')
    with pytest.raises(ValueError, match="genre 'Science Fiction'"): dense.search('x', genre=['Fantasy', 'Science Fiction'])
    with pytest.raises(ValueError, match="the theme 'Dragons'"): dense.search('x', themes='Dragons')
    with pytest.raises(ValueError, match="the kind 'poetry'"): dense.search('x', kind='poetry')
    for k in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match='k must be a whole number'): dense.search('x', k=k)
    for q in ('', '   ', None):
        with pytest.raises(ValueError, match='query is empty'): dense.search(q)
    with pytest.raises(ValueError, match='query at position 2 is empty'): dense.search_batch(['a', 'b', ''])

def test_result_dict_key_order(dense):
    r = dense.search('a ghost', k=1)[0]
    assert isinstance(r, SearchResult) and r.rank == 1 and isinstance(r.score, float)
    d = r.to_dict()
    assert list(d) == ['rank', 'score', 'prompt_id', 'title', 'genre', 'themes', 'kind', 'text'] == list(RESULT_KEYS)
    assert isinstance(d['themes'], list) and json.loads(json.dumps(d)) == d

def test_search_batch_matches_search(dense):
    qs = ['a ghost', 'cooking with my mother', 'a dragon', 'the smell of bread'] * 30  # > 100: progress bar path
    batch = dense.search_batch(qs, k=3, genre=['Horror', 'Memoir'], show_progress=False)
    assert len(batch) == len(qs)
    for q, got in zip(qs[:4], batch[:4]):
        one = dense.search(q, k=3, genre=['Horror', 'Memoir'])
        assert ids(got) == ids(one) and np.allclose([r.score for r in got], [r.score for r in one], atol=1e-5)

def test_save_load_round_trip(dense, tmp_path):
    folder = dense.save(tmp_path/'ix')
    assert sorted(f.name for f in folder.iterdir()) == ['corpus.jsonl', 'embeddings.npy', 'manifest.json']
    m = json.loads((folder/'manifest.json').read_text())
    for key in ('format_version', 'retriever', 'spec', 'model_label', 'model_key', 'settings_key', 'corpus_hash', 'n_prompts', 'created', 'package_version'): assert key in m
    assert m['retriever'] == dense.config.to_dict() and m['retriever']['field'] == 'tags+title+text'
    assert m['n_prompts'] == 60 and m['corpus_hash'] == corpus_hash(dense.prompts)
    back = PromptIndex.load(folder)
    for q, kw in [('a lonely ghost', {}), ('recipes from home', {'genre': 'Food Writing'}), ('fear', {'themes': 'Fear'})]:
        assert [r.to_dict() for r in back.search(q, k=8, **kw)] == [r.to_dict() for r in dense.search(q, k=8, **kw)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ['ix']  # no temporary folders left

def test_load_refuses_an_edited_corpus(dense, tmp_path):
    folder = dense.save(tmp_path/'ix')
    text = (folder/'corpus.jsonl').read_text()
    (folder/'corpus.jsonl').write_text(text.replace('"Horror"', '"Thriller"', 1))
    with pytest.raises(IndexMismatchError, match=r'corpus.jsonl was changed after the index was built.*rebuild'): PromptIndex.load(folder)

def test_load_refuses_a_changed_model(dense, tmp_path, monkeypatch):
    folder = dense.save(tmp_path/'ix')
    monkeypatch.setattr(index_module, 'model_key', lambda m: 'retrained000000')
    with pytest.raises(IndexMismatchError, match='the model all-MiniLM-L6-v2 has changed since this index was built'): PromptIndex.load(folder)
    monkeypatch.undo()
    m = json.loads((folder/'manifest.json').read_text())
    (folder/'manifest.json').write_text(json.dumps(m | {'model_key': 'ffffffffffffffff'}))
    with pytest.raises(IndexMismatchError, match='rebuild the index'): PromptIndex.load(folder)
    assert issubclass(IndexMismatchError, ValueError)

def test_load_refuses_mismatched_embeddings_and_unknown_format(dense, tmp_path):
    folder = dense.save(tmp_path/'ix')
    np.save(folder/'embeddings.npy', dense.embeddings[:10])
    with pytest.raises(IndexMismatchError, match=r'has shape \(10, 384\)'): PromptIndex.load(folder)
    dense.save(folder)
    m = json.loads((folder/'manifest.json').read_text())
    (folder/'manifest.json').write_text(json.dumps(m | {'format_version': 1}))
    with pytest.raises(IndexMismatchError, match='format version 1'): PromptIndex.load(folder)

def test_save_never_clobbers_other_folders(dense, tmp_path):
    (tmp_path/'mine').mkdir(); (tmp_path/'mine'/'notes.txt').write_text('keep me')
    with pytest.raises(FileExistsError, match='not a prompt index'): dense.save(tmp_path/'mine')
    assert (tmp_path/'mine'/'notes.txt').read_text() == 'keep me'

def test_interrupted_save_keeps_the_old_index(dense, tmp_path, monkeypatch):
    folder = dense.save(tmp_path/'ix')
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    def boom(*a, **k): raise KeyboardInterrupt
    monkeypatch.setattr(index_module, 'write_text_atomic', boom)
    with pytest.raises(KeyboardInterrupt): dense.save(folder)
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ['ix']

def test_add_encodes_only_new_prompts(smoke, tmp_path, monkeypatch):
    ix = PromptIndex.build(smoke[:50], 'all-MiniLM-L6-v2')
    seen = []
    original = retrievers.DenseRetriever.encode
    def counting(self, texts, *a, **k):
        seen.extend(texts); return original(self, texts, *a, **k)
    monkeypatch.setattr(retrievers.DenseRetriever, 'encode', counting)
    new = [Prompt('submarine-bakery', 'fiction', 'Fantasy', ['Food', 'The Sea'], 'Bread Beneath the Waves',
                  'A baker opens the only bakery at the bottom of the ocean and must learn to proof dough under pressure.')]
    ix.add(smoke[50:] + new)
    assert len(seen) == 11 and len(ix) == 61 and ix.embeddings.shape == (61, 384)
    assert ix.search('a bakery under the ocean', k=1)[0].prompt_id == 'submarine-bakery'
    assert ix.search('bread', k=3, themes=['Food', 'The Sea'])[0].prompt_id == 'submarine-bakery'  # filter tables updated
    with pytest.raises(ValueError, match="already in the index: 'submarine-bakery'"): ix.add(new)
    back = PromptIndex.load(ix.save(tmp_path/'ix'))
    assert json.loads((tmp_path/'ix'/'manifest.json').read_text())['n_prompts'] == 61
    assert back.search('a bakery under the ocean', k=1)[0].prompt_id == 'submarine-bakery'
    full = PromptIndex.build(smoke + new, 'all-MiniLM-L6-v2', cache=False)
    assert np.allclose(full.embeddings, ix.embeddings, atol=1e-5)

@pytest.mark.parametrize('spec', ['bm25', 'hybrid', 'hybrid:all-MiniLM-L6-v2'])
def test_bm25_and_hybrid_indexes(spec, smoke, tmp_path):
    ix = PromptIndex.build(smoke, spec)
    assert (ix.embeddings is None) == (spec == 'bm25')
    res = ix.search('dragon', k=7, genre='Fantasy')
    assert len(res) == 7 and all(r.genre == 'Fantasy' for r in res)
    assert [r.rank for r in res] == list(range(1, 8))
    back = PromptIndex.load(ix.save(tmp_path/'ix'))
    assert back.spec == ix.spec and (tmp_path/'ix'/'embeddings.npy').exists() == (spec != 'bm25')
    assert [r.to_dict() for r in back.search('haunted mirror', k=5)] == [r.to_dict() for r in ix.search('haunted mirror', k=5)]

def test_from_embeddings(smoke, dense):
    ix = PromptIndex.from_embeddings(smoke, dense.embeddings * 2, 'all-MiniLM-L6-v2')
    assert ids(ix.search('a ghost', k=5)) == ids(dense.search('a ghost', k=5))
    with pytest.raises(ValueError, match='a bm25 index has no embeddings'): PromptIndex.from_embeddings(smoke, dense.embeddings, 'bm25')

def test_default_search_model(tmp_path, monkeypatch):
    assert finetuned_model_dir().parts[-2:] == ('models', 'prompt-retriever-minilm')
    monkeypatch.setenv('PROMPT_RETRIEVAL_DATA', str(tmp_path/'data'))  # resolved when asked for, not at import
    ft = tmp_path/'models'/'prompt-retriever-minilm'
    assert finetuned_model_dir() == ft and default_search_model() == 'all-MiniLM-L6-v2'
    ft.mkdir(parents=True)
    assert default_search_model() == 'all-MiniLM-L6-v2'  # an empty folder is not a model
    (ft/'modules.json').write_text('[]')
    assert default_search_model() == str(ft)

def test_query_encoding_paths_agree_with_encode(dense):
    m = dense.retriever.model
    for qs in (['One query, with CAPITALS  '], ['two', 'queries here'], ['many queries'] * 12):
        assert np.allclose(dense.retriever.encode_queries(qs), m.encode(qs, normalize_embeddings=True), atol=1e-5)
    assert retrievers.direct_forward_ok(m)
    assert not retrievers._proven(m, lambda t: np.ones((3, 384), np.float32) / np.sqrt(384))  # a wrong path is never used
