"`prompt-retrieval search` as a user runs it: every option, the JSONL shape, the filters, and bad arguments."
import csv, io, json
from conftest import cli, FIXTURES

SMOKE = FIXTURES/'smoke_corpus.txt'
KEYS = ['rank', 'score', 'prompt_id', 'title', 'genre', 'themes', 'kind', 'text']

def test_one_query_readable_table_with_the_default_model():
    r = cli('search', 'a dwarf auditor searching a dragon hoard for one missing copper coin', '--corpus', SMOKE, '--k', '2')
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == 'query: a dwarf auditor searching a dragon hoard for one missing copper coin'
    assert lines[1].startswith("   1. The Dragon's Missing Copper Piece  [Fantasy; Money, Humour]  score ")
    assert sum(l.lstrip().startswith(('1. ', '2. ')) for l in lines) == 2

def test_queries_tsv_jsonl_shape_and_genre_filter(tmp_path):
    q = tmp_path/'queries.tsv'
    q.write_text('query_id\tquery\nspooky-1\ta haunted house that remembers\nfood-2\tcooking with my grandmother\n')
    r = cli('search', '--queries', q, '--corpus', SMOKE, '--model', 'bm25', '--genre', 'horror', '--k', '3', '--format', 'jsonl')
    assert r.returncode == 0, r.stderr
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert [x['query_id'] for x in rows] == ['spooky-1', 'food-2'] and rows[1]['query'] == 'cooking with my grandmother'
    for x in rows:
        assert list(x) == ['query_id', 'query', 'results'] and len(x['results']) == 3
        assert [list(res) for res in x['results']] == [KEYS] * 3
        assert [res['rank'] for res in x['results']] == [1, 2, 3]
        assert all(res['genre'] == 'Horror' and isinstance(res['themes'], list) and res['kind'] == 'fiction' for res in x['results'])
        scores = [res['score'] for res in x['results']]; assert scores == sorted(scores, reverse=True)

def test_filters_apply_before_ranking_so_k_results_come_back_when_k_exist():
    r = cli('search', 'a kitchen memory', '--corpus', SMOKE, '--model', 'bm25', '--genre', 'Memoir', '--k', '15', '--format', 'csv')
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.returncode == 0 and len(rows) == 15 and {x['genre'] for x in rows} == {'Memoir'}
    r = cli('search', 'a kitchen memory', '--corpus', SMOKE, '--model', 'bm25', '--genre', 'Memoir', '--k', '40', '--format', 'csv')
    assert len(list(csv.DictReader(io.StringIO(r.stdout)))) == 15  # only 15 Memoir prompts exist

def test_theme_filters_need_all_themes_and_kind(tmp_path):
    r = cli('search', 'money', '--corpus', SMOKE, '--model', 'bm25', '--theme', 'Humour', '--theme', 'money', '--kind', 'fiction',
            '--k', '50', '--format', 'csv')
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and all({'Humour', 'Money'} <= set(x['themes'].split('; ')) and x['kind'] == 'fiction' for x in rows)
    r2 = cli('search', 'money', '--corpus', SMOKE, '--model', 'bm25', '--theme', 'Humour', '--k', '50', '--format', 'csv')
    assert len(list(csv.DictReader(io.StringIO(r2.stdout)))) > len(rows)  # one theme lets more through
    r3 = cli('search', 'a meal I remember', '--corpus', SMOKE, '--model', 'bm25', '--kind', 'nonfiction', '--k', '50', '--format', 'csv')
    assert {x['genre'] for x in csv.DictReader(io.StringIO(r3.stdout))} == {'Memoir', 'Food Writing'}

def test_plain_queries_file_hybrid_and_out_file(tmp_path):
    q = tmp_path/'queries.txt'; q.write_text('a ghost in the lighthouse\n\na recipe from my childhood\n')
    out = tmp_path/'results.jsonl'
    r = cli('search', '--queries', q, '--corpus', SMOKE, '--model', 'hybrid', '--k', '4', '--format', 'jsonl', '--out', out)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(l) for l in out.read_text().splitlines()]
    assert [x['query_id'] for x in rows] == ['q1', 'q3'] and all(len(x['results']) == 4 for x in rows)
    assert 'results written to' in r.stderr and r.stdout == ''

def test_saved_index_gives_the_same_results(tmp_path):
    import subprocess, sys
    d = tmp_path/'idx'
    code = f"from prompt_retrieval.index import PromptIndex; PromptIndex.build([{str(SMOKE)!r}], 'all-MiniLM-L6-v2').save({str(d)!r})"
    subprocess.run([sys.executable, '-c', code], check=True)
    a = cli('search', 'grief and an old recipe', '--index', d, '--format', 'jsonl')
    b = cli('search', 'grief and an old recipe', '--corpus', SMOKE, '--model', 'all-MiniLM-L6-v2', '--format', 'jsonl')
    assert a.returncode == 0, a.stderr
    ids = lambda r: [x['prompt_id'] for x in json.loads(r.stdout)['results']]
    assert ids(a) == ids(b) and len(ids(a)) == 5

def test_bad_arguments_give_one_line_and_exit_2(tmp_path):
    empty = tmp_path/'empty.txt'; empty.write_text('\n\n')
    for args, msg in [(('search', 'x', '--k', '0', '--corpus', SMOKE), '--k must be a positive number'),
                      (('search', '--queries', tmp_path/'nope.txt'), 'no such queries file'),
                      (('search', '--queries', empty, '--corpus', SMOKE), 'no queries in the file'),
                      (('search', 'x', '--corpus', tmp_path/'missing.txt'), 'no such file'),
                      (('search', 'x', '--corpus', FIXTURES/'latin1.txt'), 'not UTF-8'),
                      (('search', 'x', '--corpus', SMOKE, '--model', 'no-such-model'), "'no-such-model' is not available"),
                      (('search', 'x', '--corpus', SMOKE, '--model', 'bm25', '--genre', 'Fantasyy'), 'Fantasy'),
                      (('search', '   ', '--corpus', SMOKE), 'the query is empty'),
                      (('search', '--corpus', SMOKE), 'nothing to search for'),
                      (('search', 'x', '--index', tmp_path, '--model', 'bm25'), '--index already fixes')]:
        r = cli(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        err = [l for l in r.stderr.splitlines() if l.startswith('prompt-retrieval')]
        assert 'Traceback' not in r.stderr and len(err) == 1 and msg in err[0], (args, r.stderr)

def test_quality_mode_needs_the_second_model_the_comparison_stores(tmp_path):
    "`--model quality:MODEL` is the hybrid plus the second model stored with MODEL; without one, a one-line error says how to get it."
    import shutil
    from prompt_retrieval.models import resolve_model
    from prompt_retrieval.retrievers import FusionSettings, RetrieverConfig, save_model_settings, store_second_model
    m = tmp_path/'m'; shutil.copytree(resolve_model('all-MiniLM-L6-v2'), m)
    save_model_settings(m, RetrieverConfig('hybrid', str(m), fusion=FusionSettings('score', 0.1)))
    r = cli('search', 'a dwarf auditor counting a dragon hoard', '--corpus', SMOKE, '--model', f'quality:{m}', '--k', '2')
    assert r.returncode == 2 and 'needs a second model chosen on dev' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    store_second_model(m, 'all-MiniLM-L6-v2', 0.35)
    r = cli('search', 'a dwarf auditor counting a dragon hoard', '--corpus', SMOKE, '--model', f'quality:{m}', '--k', '2', '--format', 'jsonl')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['results'][0]['title'] == "The Dragon's Missing Copper Piece"
    out = tmp_path/'ix'
    assert cli('index', '--corpus', SMOKE, '--model', f'quality:{m}', '--out', out, '--report-dir', tmp_path/'report').returncode == 0
    assert json.loads((out/'manifest.json').read_text())['spec'] == f'quality:{m}' and (out/'second_embeddings.npy').exists()
    r2 = cli('search', 'a dwarf auditor counting a dragon hoard', '--index', out, '--k', '2', '--format', 'jsonl')
    assert r2.returncode == 0 and json.loads(r2.stdout)['results'] == json.loads(r.stdout)['results'], r2.stderr
