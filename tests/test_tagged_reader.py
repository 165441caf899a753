"The tagged-line reader on fixture files, one per defect seen in real files."
import warnings
import pytest
from prompt_retrieval.corpus import CorpusError, TaggedLineWarning, load_corpus, read_tagged
from conftest import FIXTURES

def read(name, **kw):
    problems = []
    return read_tagged(FIXTURES/name, problems=problems, **kw), problems

def test_mismatched_closing_tag_keeps_opening_name():
    ps, probs = read('mismatched_closing_tag.txt')
    assert [(p.genre, p.themes, p.title) for p in ps] == [('Fantasy', ['Discovery'], 'The Hidden Valley')]
    assert len(probs) == 1 and probs[0].line == 1 and not probs[0].skipped
    assert '</Adventure> does not match <Discovery>' in probs[0].reason

def test_malformed_title_tags_are_repaired_and_reported():
    ps, probs = read('malformed_title.txt')
    assert [p.title for p in ps] == ['My Title', 'Missing Bracket']
    assert ps[1].text == 'The locksmith finds a key that fits no door in town.'
    assert [(p.line, p.skipped) for p in probs] == [(1, False), (2, False)]
    assert "has no '>'" in probs[0].reason and "has no '>'" in probs[1].reason

def test_brackets_and_parentheses_in_titles():
    ps, probs = read('title_with_brackets.txt')
    assert [p.title for p in ps] == ['The Colors of [A Place]', 'Rain (Again)']
    assert [p.prompt_id for p in ps] == ['the-colors-of-a-place', 'rain-again']
    assert probs == []

def test_entry_broken_across_two_lines_is_joined_not_merged():
    ps, probs = read('broken_across_lines.txt')
    assert [(p.title, p.text) for p in ps] == [
        ('Signal From Ceres', 'A mining crew on Ceres receives a message in their own voices.'),
        ('The Late Train', 'Two strangers keep missing the same late train.')]
    assert ps[0].source.endswith('broken_across_lines.txt:1')
    assert len(probs) == 1 and 'broken across lines 1-2' in probs[0].reason

def test_bom_crlf_blank_lines_and_trailing_spaces_are_silent():
    ps, probs = read('bom_crlf_blank_trailing.txt')
    assert [(p.kind, p.genre, p.title, p.text) for p in ps] == [
        ('nonfiction', 'Memoir', 'Sunday Table', 'Recall the table where your family argued every Sunday.'),
        ('fiction', 'Humor', 'The Souffle Incident', 'A dinner party goes wrong one dessert at a time.')]
    assert probs == []

def test_unreadable_lines_are_skipped_and_reported_with_line_numbers():
    ps, probs = read('unreadable_lines.txt')
    assert [p.title for p in ps] == ['Dust on the Badge', 'The Night Shift']
    skipped = [(p.line, p.reason) for p in probs if p.skipped]
    assert [l for l, _ in skipped] == [2, 3, 4, 5, 6]
    assert 'not a tagged-line entry' in skipped[0][1]
    assert "'prompt' text with no tags" in skipped[1][1]
    assert 'genre tag and a title tag' in skipped[2][1]
    assert 'never closed' in skipped[3][1] or 'no closing' in skipped[3][1] or "no '>'" in skipped[3][1]
    assert "no 'prompt' text" in skipped[4][1]
    assert all(str(FIXTURES/'unreadable_lines.txt') in str(p) for p in probs)

def test_strict_turns_reports_into_errors():
    with pytest.raises(CorpusError, match=r'unreadable_lines.txt: 5 problem\(s\) \(strict=True\)'):
        read_tagged(FIXTURES/'unreadable_lines.txt', strict=True)
    assert len(read_tagged(FIXTURES/'title_with_brackets.txt', strict=True)) == 2  # a clean file passes

def test_default_is_a_warning_naming_file_and_line():
    with pytest.warns(TaggedLineWarning, match=r'unreadable_lines.txt:2: not a tagged-line entry'):
        read_tagged(FIXTURES/'unreadable_lines.txt')

def test_non_utf8_file_is_refused_with_line():
    with pytest.raises(CorpusError, match=r'latin1.txt:2: not UTF-8 \(byte 0xe9\)'):
        load_corpus(FIXTURES/'latin1.txt')

def test_empty_file_is_an_empty_corpus_error():
    with pytest.raises(CorpusError, match=r'empty.txt: no prompts were read'):
        load_corpus(FIXTURES/'empty.txt')

def test_several_files_load_together_with_unique_ids():
    ps = load_corpus([FIXTURES/'tiny_corpus.txt', FIXTURES/'title_with_brackets.txt'], strict=True)
    assert len(ps) == 7 and len({p.prompt_id for p in ps}) == 7
    assert [p.kind for p in ps].count('nonfiction') == 2  # Memoir and Travel Writing are non-fiction forms
