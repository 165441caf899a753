"Schema fuzzing of the service (nbs/10_service) with schemathesis, bounded: no 5xx, and every response fits the OpenAPI schema."
import pytest, schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
EXAMPLES = 200  # per operation and mode: bounded, so CI stays short; seeded (derandomize), so a failure reproduces

@pytest.fixture(scope='module')
def schema():
    from prompt_retrieval.index import PromptIndex
    from prompt_retrieval.service import make_app
    return schemathesis.openapi.from_asgi('/openapi.json', make_app(PromptIndex.build(None, 'all-MiniLM-L6-v2')))

WITH_INPUT = ['GET /api/search', 'POST /api/search', 'GET /api/prompts/{prompt_id}', 'GET /api/similar/{prompt_id}']
WITHOUT = ['GET /api/facets', 'GET /api/health']  # no parameters: nothing invalid to generate

def test_every_operation_is_fuzzed(schema):
    assert sorted(op.ok().label for op in schema.get_all_operations()) == sorted(WITH_INPUT + WITHOUT)

CASES = [(l, GenerationMode.POSITIVE) for l in WITH_INPUT + WITHOUT] + [(l, GenerationMode.NEGATIVE) for l in WITH_INPUT]

@pytest.mark.parametrize('label,mode', CASES, ids=[f"{l} {m.value}" for l, m in CASES])
def test_no_server_error_and_responses_fit_the_schema(schema, label, mode):
    op = schema.find_operation_by_label(label)
    @given(op.as_strategy(mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    def fuzz(case): case.call_and_validate(checks=CHECKS)
    fuzz()
