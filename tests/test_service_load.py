"A bounded load test of `prompt-retrieval serve` on localhost (nbs/10_service: `service_benchmark`): it stops by itself and loses nothing."
from prompt_retrieval.service import service_benchmark

def test_8_32_64_clients_get_every_answer():
    res = service_benchmark(['--model', 'all-MiniLM-L6-v2'], clients=(8, 32, 64), seconds=3, log=lambda *a: None)  # the figures: bench-service, 20 s each
    assert [r['clients'] for r in res['runs']] == [8, 32, 64]
    for r in res['runs']:
        assert r['errors'] == 0 and r['requests'] > r['clients'], r
        assert r['p50_ms'] <= r['p95_ms'] <= r['p99_ms'], r
    assert res['seconds_to_first_answer'] > 0 and res['rss_mb_before'] > 0
