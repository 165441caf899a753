"Canonical files: round trip, and clear errors for bad input."
import json
import pytest
from prompt_retrieval.corpus import CorpusError, Prompt, load_corpus, save_corpus

P = [Prompt('a', 'fiction', 'Fantasy', ['Magic'], 'The Accidental Alchemist', 'A clumsy apprentice baker finds her bread rises only when she lies.'),
     Prompt('b', 'nonfiction', 'Memoir', ['Family', 'Food'], 'Grandmother’s Kitchen', 'Recall the dish your grandmother never wrote down — and why.')]

def test_canonical_round_trip_is_byte_exact(tmp_path):
    f = save_corpus(P, tmp_path/'c.jsonl')
    assert load_corpus(f) == P
    before = f.read_bytes(); save_corpus(load_corpus(f), f)
    assert f.read_bytes() == before and 'Grandmother’s' in f.read_text(encoding='utf-8')

@pytest.mark.parametrize('line,msg', [
    ('{"prompt_id": "x"', 'not valid JSON'),
    ('["a"]', 'expected a JSON object'),
    ('{"prompt_id": "x", "kind": "fiction", "genre": "G", "themes": [], "title": "T"}', 'missing key(s) text'),
    ('{"prompt_id": "x", "kind": "fiction", "genre": "G", "themes": "Magic", "title": "T", "text": "t"}', "'themes' must be a list of strings"),
    ('{"prompt_id": "x", "kind": "fiction", "genre": "G", "themes": [], "title": "T", "text": "t", "year": 1}', 'unknown key(s) year'),
    ('{"prompt_id": "x", "kind": "poem", "genre": "G", "themes": [], "title": "T", "text": "some text"}', "unknown kind 'poem'"),
    ('{"prompt_id": "x", "kind": "fiction", "genre": "G", "themes": [], "title": "T", "text": ""}', 'empty text'),
])
def test_bad_canonical_lines_name_file_and_line(tmp_path, line, msg):
    f = tmp_path/'bad.jsonl'
    f.write_text(json.dumps({'prompt_id': 'ok', 'kind': 'fiction', 'genre': 'G', 'themes': [], 'title': 'T', 'text': 'fine text here'}) + '\n' + line + '\n')
    with pytest.raises(CorpusError) as e: load_corpus(f)
    assert msg in str(e.value) and 'bad.jsonl:2' in str(e.value)

def test_duplicates_are_refused(tmp_path):
    save_corpus([P[0], Prompt('a', 'fiction', 'Horror', [], 'Other', 'Entirely different words in this one.')], tmp_path/'ids.jsonl')
    with pytest.raises(CorpusError, match="duplicate prompt_id 'a'"): load_corpus(tmp_path/'ids.jsonl')
    save_corpus([P[0], Prompt('c', 'fiction', 'Horror', [], 'Copy', P[0].text.upper())], tmp_path/'texts.jsonl')
    with pytest.raises(CorpusError, match='duplicate prompt: same text'): load_corpus(tmp_path/'texts.jsonl')

def test_missing_file_and_unknown_extension(tmp_path):
    with pytest.raises(FileNotFoundError, match='no such file'): load_corpus(tmp_path/'nope.jsonl')
    (tmp_path/'c.csv').write_text('x')
    with pytest.raises(CorpusError, match="unsupported extension '.csv'"): load_corpus(tmp_path/'c.csv')
    with pytest.raises(CorpusError, match='is a folder'): load_corpus(tmp_path/'dir.txt') if (tmp_path/'dir.txt').mkdir() is None else None
