"The HTTP service (nbs/10_service) over the bundled library: every endpoint, every bad input, concurrent searches, schema fuzzing."
import asyncio, json, re
import pytest
from fastapi.testclient import TestClient
from conftest import ROOT

@pytest.fixture(scope='module')
def index():
    from prompt_retrieval.index import PromptIndex
    return PromptIndex.build(None, 'all-MiniLM-L6-v2')  # the bundled library; CI has no fine-tuned model

@pytest.fixture(scope='module')
def app(index):
    from prompt_retrieval.service import make_app
    return make_app(index)

@pytest.fixture(scope='module')
def client(app):
    with TestClient(app) as c: yield c

def _no_leak(r):
    "An error body names no file of this machine and carries no traceback."
    text = r.text
    assert 'Traceback' not in text and not re.search(r'/(work|tmp|root|home|usr)/', text), text[:300]

def test_search_is_a_line_of_search_jsonl(client, index):
    from prompt_retrieval.cli import format_results
    q = 'a cozy mystery in a bakery'
    r = client.get('/api/search', params={'q': q, 'k': 5})
    assert r.status_code == 200
    assert r.json() == json.loads(format_results([('q1', q)], [index.search(q, 5)], 'jsonl'))

def test_filters_repeat_and_combine(client, index):
    r = client.get('/api/search', params=[('q', 'a ghost story'), ('genre', 'Horror'), ('genre', 'Mystery'), ('theme', 'Family'), ('k', 20)])
    res = r.json()['results']
    assert r.status_code == 200 and res
    assert all(x['genre'] in ('Horror', 'Mystery') and 'Family' in x['themes'] for x in res)
    assert [x['prompt_id'] for x in res] == [x.prompt_id for x in index.search('a ghost story', 20, genre=['Horror', 'Mystery'], themes='Family')]
    r = client.get('/api/search', params={'q': 'growing up', 'kind': 'nonfiction', 'k': 10})
    assert {x['kind'] for x in r.json()['results']} == {'nonfiction'}

def test_batch_search(client, index):
    qs = ['sci-fi prompt about first contact', 'something hopeful about losing a parent', 'funny essay about cooking']
    r = client.post('/api/search', json={'queries': qs, 'k': 3, 'kind': 'fiction'})
    assert r.status_code == 200
    assert [x['query_id'] for x in r.json()] == ['q1', 'q2', 'q3']
    assert [[x['prompt_id'] for x in q['results']] for q in r.json()] == [[x.prompt_id for x in res] for res in index.search_batch(qs, 3, kind='fiction')]

def test_prompt_similar_facets_health(client, index):
    p = index.prompts[10]
    r = client.get(f'/api/prompts/{p.prompt_id}')
    assert r.status_code == 200 and r.json()['title'] == p.title and r.json()['themes'] == list(p.themes)
    r = client.get(f'/api/similar/{p.prompt_id}', params={'k': 7})
    ids = [x['prompt_id'] for x in r.json()['results']]
    assert r.status_code == 200 and len(ids) == 7 and p.prompt_id not in ids and r.json()['query'] == p.title
    r = client.get(f'/api/similar/{p.prompt_id}', params={'k': 5, 'genre': p.genre})
    assert {x['genre'] for x in r.json()['results']} == {p.genre}
    f = client.get('/api/facets').json()
    assert f['genres'] == index.genres and f['themes'] == index.themes and sum(f['kinds'].values()) == len(index)
    h = client.get('/api/health')
    assert h.json()['prompts'] == len(index) and h.json()['retriever'] == index.label and h.json()['manifest']['n_prompts'] == len(index)
    _no_leak(h)

BAD = [('GET', '/api/search', {}, None, 'q'),  # no query
       ('GET', '/api/search', {'q': ''}, None, 'q'),
       ('GET', '/api/search', {'q': '   '}, None, 'blank'),
       ('GET', '/api/search', {'q': 'x' * 1001}, None, '1000 characters'),
       ('GET', '/api/search', {'q': 'ghost', 'k': 0}, None, 'query.k'),
       ('GET', '/api/search', {'q': 'ghost', 'k': 101}, None, 'query.k'),
       ('GET', '/api/search', {'q': 'ghost', 'k': 'ten'}, None, 'query.k'),
       ('GET', '/api/search', {'q': 'ghost', 'kind': 'poetry'}, None, 'query.kind'),
       ('GET', '/api/search', {'q': 'ghost', 'genre': 'Horor'}, None, "did you mean 'Horror'"),
       ('GET', '/api/search', {'q': 'ghost', 'theme': 'Familly'}, None, "did you mean 'Family'"),
       ('GET', '/api/prompts/no-such-prompt-anywhere', {}, None, 'no prompt has the id'),
       ('GET', '/api/similar/no-such-prompt-anywhere', {}, None, 'no prompt has the id'),
       ('GET', '/api/nothing-here', {}, None, 'Not Found'),
       ('POST', '/api/search', {}, '{"queries": ["ghost"', 'JSON'),
       ('POST', '/api/search', {}, '[]', 'body'),
       ('POST', '/api/search', {}, json.dumps({'queries': []}), 'queries'),
       ('POST', '/api/search', {}, json.dumps({'queries': ['ghost'] * 65}), 'queries'),
       ('POST', '/api/search', {}, json.dumps({'queries': ['ghost', '  ']}), 'queries[1] is blank'),
       ('POST', '/api/search', {}, json.dumps({'queries': ['ghost'], 'k': 500}), 'body.k'),
       ('POST', '/api/search', {}, json.dumps({'queries': ['ghost'], 'genre': ['Nope']}), 'no prompt in this index has the genre'),
       ('POST', '/api/search', {}, json.dumps({'queries': ['ghost'], 'colour': 'red'}), 'body.colour'),
       ('DELETE', '/api/search', {}, None, 'Method Not Allowed')]

@pytest.mark.parametrize('method,path,params,body,says', BAD, ids=[f"{m} {p} {s}" for m, p, _, _, s in BAD])
def test_bad_input_is_a_4xx_that_says_what_to_fix(client, method, path, params, body, says):
    r = client.request(method, path, params=params, content=body, headers={'content-type': 'application/json'} if body else {})
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    b = r.json()
    assert b['status'] == r.status_code and says in json.dumps(b), b
    _no_leak(r)
    assert 'x' * 50 not in r.text  # the values sent are not echoed back

def test_concurrent_searches_are_batched_and_answered_exactly(app, index):
    import httpx
    qs = [f"{w} story" for w in ('ghost', 'dragon', 'detective', 'robot', 'pirate', 'witch', 'teacher', 'storm')] * 4
    async def burst():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://test') as c:
            return await asyncio.gather(*(c.get('/api/search', params={'q': q, 'k': 5}) for q in qs))
    rs = asyncio.run(burst())
    assert all(r.status_code == 200 for r in rs)
    assert [[x['prompt_id'] for x in r.json()['results']] for r in rs] == [[x.prompt_id for x in index.search(q, 5)] for q in qs]
    assert max(app.state.batcher.batches) > 1  # concurrent searches shared engine calls

def test_schema_documents_every_parameter(client):
    schema = client.get('/openapi.json').json()
    for path, ops in schema['paths'].items():
        for op in ops.values():
            for p in op.get('parameters', []): assert p.get('description'), (path, p['name'])
            if op.get('parameters') or op.get('requestBody'): assert '422' in op['responses'], path  # bad input is documented
    assert client.get('/docs').status_code == 200 and 'swagger-ui-bundle.js' in client.get('/docs').text
    assert client.get('/docs-assets/swagger-ui-bundle.js').status_code == 200  # served here, not from a CDN
