"""Property-based tests of the API against its own OpenAPI document (schemathesis, in-process).

Schemathesis reads /api/v1/openapi.json from the Datasette ASGI app, generates requests from it
(valid ones, and invalid ones that must be rejected with a 4xx) and checks every response
against the document: no 5xx, documented status codes, content types, headers and schemas.
The number of examples is bounded and derandomized, so the run is quick and reproducible.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from casebase.plugins.api import openapi

from .api_support import build_api_db, datasette

EXAMPLES = {GenerationMode.POSITIVE: 40, GenerationMode.NEGATIVE: 20}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    ds = datasette(build_api_db(tmp_path_factory.mktemp("schemathesis")))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", ds.app())


def test_every_documented_operation_is_loaded(api_schema):
    loaded = {op.ok().path for op in api_schema.get_all_operations()}
    assert loaded == set(openapi.PATHS)


def _expected_rejections(case) -> list:
    """Schema-valid requests that the API rightly rejects: a made-up cursor (cursors are
    opaque) and year_from after year_to. Every other check still applies to them."""
    query = case.query or {}
    try:
        crossed = int(query["year_from"]) > int(query["year_to"])
    except (KeyError, TypeError, ValueError):  # absent, or not years (negative cases)
        crossed = False
    return [positive_data_acceptance] if "cursor" in query or crossed else []


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda m: m.value)
@pytest.mark.parametrize("path", list(openapi.PATHS))
def test_api_conforms_to_its_openapi_document(api_schema, path, mode):
    operation = api_schema[path]["GET"]
    if mode == GenerationMode.NEGATIVE and not operation.query:
        pytest.skip("no parameters: nothing invalid to generate")

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(excluded_checks=_expected_rejections(case))

    check()
