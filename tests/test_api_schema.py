"""The OpenAPI schema is valid, and the API keeps to it when schemathesis throws generated requests at it."""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from commitments.supervision.services import acceptances_issue
from tracker.wsgi import application

from .factories import (
    CommitmentFactory,
    CoResponsibilityFactory,
    IndicatorFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ReportFactory,
    TargetFactory,
    UserFactory,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn: an endpoint drf-spectacular cannot type is a failure, not a silent `string`.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_schema_validates_as_openapi_3(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")


@pytest.mark.django_db
def test_docs_page_uses_local_assets(client):
    response = client.get("/api/docs/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in content
    assert "cdn." not in content and "unpkg" not in content


@pytest.fixture
def fuzz_world(db):
    """Some rows for generated ids to hit: a published report and an unpublished one, each commitment issued
    to its departments for acceptance (签收)."""
    office = UserFactory(username="fuzz-office", is_superuser=True)
    for published in (True, False):
        report = ReportFactory(published=published)
        commitment = CommitmentFactory(chapter__report=report)
        CoResponsibilityFactory(commitment=commitment)
        TargetFactory(commitment=commitment)
        MilestoneFactory(commitment=commitment)
        ProgressUpdateFactory(commitment=commitment, state="approved")
        IndicatorFactory(report=report)
        acceptances_issue(user=office, commitments=[commitment])


@pytest.fixture
def keep_test_connection():
    """Called straight through WSGI, the app would close the database connection after each request, as in
    production; on PostgreSQL that throws away the test's transaction. Django's test client disconnects the
    same two receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def load_schema(*, coverage: bool):
    # The coverage phase sends every boundary and every invalid value the schema allows for each parameter
    # (it found the ids too large for the database driver); it runs on the commitment list, which carries
    # the filters every list and export shares. Unexpected methods (405s) and duplicated query parameters
    # are left out to keep the run short. Everything else gets generated (fuzzing) cases.
    phases = {
        "examples": {"enabled": not coverage},
        "fuzzing": {"enabled": not coverage},
        "coverage": {"enabled": coverage, "unexpected-methods": [], "generate-duplicate-query-parameters": False},
    }
    config = SchemathesisConfig.from_dict({"phases": phases})
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=config)


@pytest.fixture
def fuzzed_schema(fuzz_world, keep_test_connection):
    return load_schema(coverage=False)


@pytest.fixture
def covered_schema(fuzz_world, keep_test_connection):
    return load_schema(coverage=True)


fuzzed = schemathesis.pytest.from_fixture("fuzzed_schema")
commitment_list_covered = schemathesis.pytest.from_fixture("covered_schema").include(
    path="/api/commitments/", method="GET"
)

FUZZ_SETTINGS = settings(
    max_examples=6,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@fuzzed.parametrize()
@FUZZ_SETTINGS
def test_anonymous_requests_keep_to_the_schema(case):
    case.call_and_validate(checks=CHECKS)


@commitment_list_covered.parametrize()
@FUZZ_SETTINGS
def test_every_commitment_filter_boundary_keeps_to_the_schema(case):
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def token(db):
    return Token.objects.create(user=UserFactory(username="fuzzer", is_staff=True, is_superuser=True))


@fuzzed.parametrize()
@FUZZ_SETTINGS
def test_token_requests_keep_to_the_schema(case, token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {token.key}"})
