"Property-based tests of the tagged-line reader and writer (hypothesis, bounded so CI stays fast)."
import os, random, warnings
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from prompt_retrieval.corpus import (CorpusError, FICTION_GENRES, NONFICTION_GENRES, THEMES, Prompt, TaggedLineWarning,
                                     load_corpus, parse_tagged, read_tagged, to_tagged_line, write_tagged)

EXAMPLES = int(os.environ.get('PROPERTY_EXAMPLES', 150))  # per property; PROPERTY_EXAMPLES=2000 for a longer hunt
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
GENRES = list(FICTION_GENRES + NONFICTION_GENRES)
key = lambda p: (p.genre, tuple(p.themes), p.title, p.text)

# ---- 1. write_tagged -> read_tagged is the identity, or the writer refuses
# titles and themes with unicode, brackets, parentheses, ampersands, apostrophes and lookalikes of < and >
NAME_CHARS = st.characters(codec='utf-8', exclude_categories=('Cs', 'Cc'))
names = st.text(NAME_CHARS, min_size=1, max_size=25)
texts = st.text(NAME_CHARS, min_size=1, max_size=80)
prompts = st.builds(lambda g, th, ti, tx: Prompt('', 'fiction', g, th, ti, tx), names, st.lists(names, max_size=3), names, texts)

@SETTINGS
@given(st.lists(prompts, min_size=1, max_size=6))
def test_round_trip_or_clear_refusal(tmp_path, ps):
    f = tmp_path/'fiction.txt'
    try: write_tagged(ps, f)
    except CorpusError as e:
        assert 'cannot be written as a tagged line' in str(e)
        return
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # a file the writer accepted reads back without a single problem
        back = read_tagged(f)
    assert [key(p) for p in back] == [key(p) for p in ps]

def test_writer_refuses_what_the_format_cannot_carry():
    for bad in [dict(title='a <b>'), dict(text='a \ufeff mark'), dict(title=' padded'), dict(text='two  spaces'), dict(text=': starts with a colon'), dict(genre='')]:
        p = Prompt('x', 'fiction', bad.get('genre', 'Horror'), ['Fear'], bad.get('title', 'T'), bad.get('text', 'Some text.'))
        with pytest.raises(CorpusError, match='cannot be written as a tagged line'): to_tagged_line(p)
    ok = Prompt('x', 'fiction', 'Horror', ['Fear & Dread'], "The Colors of [A Place] (Part 2) — ‹it›", "Don't look; it's «there».")
    assert [key(p) for p in parse_tagged([to_tagged_line(ok)])[0]] == [key(ok)]

# ---- 2. injected defects never merge prompts, never change a text, and lose nothing recoverable
safe_names = st.text(st.characters(codec='utf-8', exclude_categories=('Cs', 'Cc', 'Z'), exclude_characters='<>\ufeff'), min_size=1, max_size=12)
words = st.lists(safe_names, min_size=1, max_size=3).map(' '.join).filter(lambda w: not w.startswith('/'))
valid = st.builds(lambda g, th, ti, tx: Prompt('', 'fiction', g, th, ti, tx),
                  st.sampled_from(GENRES), st.lists(st.sampled_from(THEMES), max_size=3, unique=True), words,
                  words.filter(lambda t: not t.startswith(':')))

def _break(line:str, rng)->list:
    "Split the tag run (everything before the text) at a random place: between tokens, or inside a tag name."
    kw = line.index(' prompt ')
    cuts = [i for i, c in enumerate(line[:kw + len(' prompt ')]) if c == ' ']  # between tokens, before and after 'prompt'
    if rng.random() < 0.25:  # inside a tag name (mid-word), never inside the 'prompt' keyword
        cuts = [i for i in range(1, kw) if line[i - 1].isalnum() and line[i].isalnum()] or cuts
    i = rng.choice(cuts)
    return [line[:i], line[i:]]

def _damage(lines:list, rng)->tuple:
    "Apply random defects; return (lines, index of every entry that was broken across lines)."
    out, broken = [], set()
    for n, line in enumerate(lines):
        if rng.random() < 0.3:  # mismatched closing tag
            first = line.index('</'); end = line.index('>', first)
            line = line[:first] + '</Wrong Name>' + line[end + 1:]
        parts = _break(line, rng) if rng.random() < 0.4 else [line]
        if len(parts) > 1: broken.add(n)
        for p in parts:
            if rng.random() < 0.2: out.append('')  # blank lines, also between the halves of a broken entry
            out.append(p + (' ' * rng.randint(1, 3) if rng.random() < 0.3 else ''))  # trailing spaces
    return out, broken

@SETTINGS
@given(st.lists(valid, min_size=1, max_size=8), st.integers(0, 10**6), st.booleans(), st.booleans())
def test_defects_are_repaired_or_reported(tmp_path, ps, seed, crlf, bom):
    rng = random.Random(seed)
    lines, _ = _damage([to_tagged_line(p) for p in ps], rng)
    data = ('\ufeff' if bom else '') + ('\r\n' if crlf else '\n').join(lines) + '\n'
    f = tmp_path/'mixed.txt'; f.write_bytes(data.encode('utf-8'))
    problems = []
    back = read_tagged(f, problems=problems)
    assert [key(p) for p in back] == [key(p) for p in ps], problems  # every entry is recoverable here, and comes back whole
    assert all(not p.skipped for p in problems)

@SETTINGS
@given(st.lists(valid, min_size=2, max_size=8), st.integers(0, 10**6))
def test_a_lost_line_never_merges_or_changes_prompts(ps, seed):
    rng = random.Random(seed)
    lines, broken = _damage([to_tagged_line(p) for p in ps], rng)
    drop = rng.randrange(len(lines)); lines = lines[:drop] + lines[drop + 1:]
    back, _ = parse_tagged(lines, 'f.txt')
    originals = [key(p) for p in ps]
    texts = [p.text for p in ps]
    for p in back: assert p.text in texts  # never a changed or merged text
    assert len({p.text for p in back}) == len(back) or len(set(texts)) < len(texts)  # one entry gives at most one prompt
    # every entry untouched by the lost line comes back exactly
    survivors = [k for k in originals if k in [key(p) for p in back]]
    assert len(survivors) >= len(ps) - 2

# ---- 3. arbitrary bytes raise only the documented errors
@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path, data):
    f = tmp_path/'any.txt'; f.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', TaggedLineWarning)
        try: read_tagged(f)
        except CorpusError as e: assert f"{f}:" in str(e)  # names the file and the line
    try: read_tagged(f, strict=True)
    except CorpusError as e: assert f"{f}:" in str(e)
    j = tmp_path/'any.jsonl'; j.write_bytes(data)
    try: load_corpus(j)
    except CorpusError as e: assert f"{j}:" in str(e)
