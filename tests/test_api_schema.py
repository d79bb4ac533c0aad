"""Property-based run over the published OpenAPI schema (schemathesis): no request may cause a 500.

Schemathesis' own pytest plugin does not run under pytest 9 ('Function' object has no attribute '_nodeid'),
so each operation's Hypothesis strategy is driven directly; the checks are the same.
"""

from __future__ import annotations

import itertools
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette deprecates httpx for its TestClient
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode

from eventwire.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

EXAMPLES_PER_OPERATION = 8  # with the invalid ones: ~150 requests, seconds


def test_no_server_errors(seeds_db: Path) -> None:
    # the write token is set so the upload endpoint is exercised too: it must refuse, never crash
    app = create_app(seeds_db, write_token="schema-test-token-0123456789")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    seen: list[str] = []
    t0 = time.perf_counter()
    for result, mode in itertools.product(list(schema.get_all_operations()), GenerationMode):
        operation = result.ok()
        seen.append(operation.label)

        # positive cases exercise the queries; negative ones (invalid by the schema) the refusals
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            assert response.status_code < 500, (case.method, case.path, case.query, response.text)
            if not (case.path == "/api/export" and response.status_code == 200):  # the one file download
                assert response.headers["content-type"][0].startswith("application/json"), response.headers

        try:
            check()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to get wrong (no parameters)
    assert any("/api/mentions" in s for s in seen) and any("/api/ingest" in s for s in seen), seen
    assert time.perf_counter() - t0 < 60
