"""Contract fuzzing inside the suite: schemathesis generates requests for every operation in
the OpenAPI document and runs every check on the answers (the expectations are in
schemathesis.toml). The app runs in-process on a database of its own, since the fuzzer writes.

Here the app runs behind a real port (some checks resend requests), with the examples and
fuzzing phases; KCA_FUZZ_EXAMPLES sets the examples per operation (default 5, to keep the suite
quick). `.ci/fuzz` runs every phase (coverage and stateful too) at 200 examples per operation.
"""

import copy
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.transport.requests import ManagedCookiesSession

from app.curation.tokens import create_token
from app.main import app
from tests.conftest import seeded_engine
from tests.helpers import LiveServer

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("KCA_FUZZ_EXAMPLES", "5"))

load_all_checks()
ALL_CHECKS = CHECKS.get_all()


@pytest.fixture(scope="module")
def fuzzed(database_factory):
    engine = seeded_engine(database_factory())
    with engine.begin() as connection:
        token = create_token(connection, "fuzzer")
    # One session for every case keeps its connection open between requests, instead of a
    # new session and TCP connection a request (the default). This kind drops the answer's
    # cookies after each request and follows redirects as the default one does.
    with LiveServer(engine) as base_url, ManagedCookiesSession() as session:
        yield base_url, token, session
    engine.dispose()


# The document does not depend on the database or the settings: the module's application has
# it (other modules read it too, so schemathesis gets a copy of its own).
schema = schemathesis.openapi.from_dict(copy.deepcopy(app.openapi()))
schema.config.phases.coverage.enabled = False


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case, fuzzed):
    base_url, token, session = fuzzed
    headers = {"Authorization": f"Bearer {token}"}
    case.call_and_validate(base_url=base_url, session=session, headers=headers, checks=ALL_CHECKS)


def test_every_operation_is_fuzzed():
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 112
