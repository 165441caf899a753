"The int8 ONNX query path (nbs/03a_query_encoder): a saved index of a model with an export searches without importing torch."
import json, shutil, subprocess, sys
import numpy as np
import pytest
from conftest import ROOT

@pytest.fixture(scope='module')
def exported(tmp_path_factory):
    "A copy of all-MiniLM-L6-v2 (standing in for the fine-tuned model) with its export, and a saved index of the bundled library."
    from prompt_retrieval.models import resolve_model
    from prompt_retrieval.query_encoder import export_query_encoder
    from prompt_retrieval.index import PromptIndex
    d = tmp_path_factory.mktemp('onnx')
    shutil.copytree(resolve_model('all-MiniLM-L6-v2'), d/'model')
    export_query_encoder(d/'model')
    return d/'model', PromptIndex.build(None, str(d/'model')).save(d/'index')

def test_search_from_a_saved_index_needs_no_torch(exported):
    model, index = exported
    code = ("import sys, json, time; t = time.perf_counter(); from prompt_retrieval.index import PromptIndex; ix = PromptIndex.load(sys.argv[1]); "
            "r = ix.search('a ghost in a lighthouse', k=5, genre='Horror'); "
            "print(json.dumps({'ids': [x.prompt_id for x in r], 'heavy': [m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules]}))")
    out = subprocess.run([sys.executable, '-c', code, str(index)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout)
    assert res['heavy'] == [] and len(res['ids']) == 5

def test_int8_queries_agree_with_the_model(exported):
    from prompt_retrieval.retrievers import DenseRetriever
    from prompt_retrieval.models import load_model
    model, _ = exported
    qs = ['a cozy mystery in a bakery', 'sci-fi prompt about first contact', 'something hopeful about losing a parent', 'ghost']
    int8, torch_ = DenseRetriever(model), DenseRetriever(model, query_encoder='torch')
    assert int8.onnx_encoder() is not None and torch_.onnx_encoder() is None
    ref = load_model(model).encode(qs, normalize_embeddings=True)
    assert np.allclose(DenseRetriever(model, query_encoder='fp32').encode_queries(qs), ref, atol=1e-4)
    assert ((int8.encode_queries(qs) * ref).sum(1) > 0.98).all()
    assert np.allclose(torch_.encode_queries(qs), ref, atol=1e-5)

def test_a_stale_export_is_not_used(exported, tmp_path):
    from prompt_retrieval.query_encoder import find_export
    from prompt_retrieval.retrievers import DenseRetriever
    model, _ = exported
    copy = tmp_path/'m'; shutil.copytree(model, copy)
    assert find_export(copy) is None  # the export records the key of the weights it came from: another folder is another model
    with pytest.raises(Exception, match='export-onnx'): DenseRetriever(copy, query_encoder='int8').onnx_encoder()

def test_a_batch_spread_over_sessions_gives_the_same_vectors(exported):
    "A batch of several length groups, spread over single-threaded sessions, encodes exactly as one session does; an encoder with `threads` set does not spread."
    from prompt_retrieval.query_encoder import OnnxQueryEncoder, find_export, length_groups
    model, _ = exported; folder = find_export(model)
    qs = [q + ' and more' * i for i, q in enumerate(['a cozy mystery in a bakery', 'first contact', 'losing a parent'] * 8)]
    par, one = OnnxQueryEncoder(folder, batch_sessions=2), OnnxQueryEncoder(folder, batch_sessions=1)
    assert len(length_groups([len(e.ids) for e in par.tok.encode_batch(qs)])) > 1
    assert np.allclose(par(qs), one(qs), atol=1e-6)
    assert par._workers is not None and len(par._workers[0]) == 2 and one._workers is None
    assert OnnxQueryEncoder(folder, threads=1).batch_sessions == 1

def test_a_model_whose_tokenizer_gives_no_token_type_ids_exports(tmp_path):
    "MPNet- and RoBERTa-like tokenizers give no token_type_ids: the export takes, and the encoder feeds, only the inputs the tokenizer gives."
    from prompt_retrieval.models import resolve_model, load_model
    from prompt_retrieval.query_encoder import export_query_encoder, OnnxQueryEncoder
    shutil.copytree(resolve_model('all-MiniLM-L6-v2'), tmp_path/'model')
    cfg = tmp_path/'model'/'tokenizer_config.json'
    cfg.write_text(json.dumps(json.loads(cfg.read_text()) | {'model_input_names': ['input_ids', 'attention_mask']}))
    st = load_model(tmp_path/'model')
    qs = ['a cozy mystery in a bakery', 'ghost', 'something hopeful about losing a parent']
    assert 'token_type_ids' not in st[0].tokenizer(qs)  # the stand-in behaves like an MPNet tokenizer
    enc = OnnxQueryEncoder(export_query_encoder(tmp_path/'model'))
    assert enc.inputs == {'input_ids', 'attention_mask'}
    ref = st.encode(qs, normalize_embeddings=True)
    assert np.allclose(OnnxQueryEncoder(enc.folder, 'fp32')(qs), ref, atol=1e-4) and ((enc(qs) * ref).sum(1) > 0.98).all()

def test_an_unfaithful_int8_export_is_not_used(tmp_path, monkeypatch):
    "An export whose int8 file strays from the model on a probe is recorded so, and searches get its fp32 encoder instead."
    import prompt_retrieval.query_encoder as qe
    from prompt_retrieval.models import resolve_model
    shutil.copytree(resolve_model('all-MiniLM-L6-v2'), tmp_path/'model')
    info = json.loads((qe.export_query_encoder(tmp_path/'model')/qe.EXPORT_INFO).read_text())
    assert info['int8_faithful'] and info['int8_cosine']['min'] > 0.97  # all-MiniLM-L6-v2 quantizes well (0.978 at worst)
    assert qe.query_encoder(tmp_path/'model').precision == 'int8'
    monkeypatch.setattr(qe, 'INT8_MIN_COSINE', 1.01)  # as if int8 had strayed (all-mpnet-base-v2's does: mean cosine 0.88)
    with pytest.warns(UserWarning, match='not faithful'): folder = qe.export_query_encoder(tmp_path/'model')
    assert json.loads((folder/qe.EXPORT_INFO).read_text())['int8_faithful'] is False
    assert qe.query_encoder(tmp_path/'model').precision == 'fp32'
