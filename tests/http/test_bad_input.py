"""Bad input over real HTTP: a clear 4xx or a GraphQL error naming the field, never a 500 or INTERNAL."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.support import RunningHub

JSON = {"content-type": "application/json"}
GRAPHQL_RESPONSE = "application/graphql-response+json"


def post(hub: RunningHub, body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    return hub.client.post("/graphql", content=body, headers={**JSON, **hub.headers, **(headers or {})})


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The first GraphQL error of a JSON answer (the test fails on plain text)."""
    assert response.headers["content-type"].startswith(("application/json", GRAPHQL_RESPONSE)), \
        response.text
    body = response.json()
    assert "INTERNAL" not in response.text, body
    return body["errors"][0]  # type: ignore[no-any-return]


# ---------------------------------------------------------------- the body parser

@pytest.mark.parametrize(("body", "words"), [
    (b'"x"', "JSON object"),
    (b"123", "JSON object"),
    (b"null", "JSON object"),
    (b"[]", "JSON object"),
    (b'{"query": "{ __typename }", "x": "\xff"}', "UTF-8"),
    (b'{"query": "{ __typename }"' + b"\xc3", "UTF-8"),
    (b'{"query": "query($v: String) { __typename }", "variables": {"v": '
     + b'{"a": ' * 1000 + b"1" + b"}" * 1000 + b"}}", "nested"),
    (b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 1000 + b"]" * 1000 + b"}}",
     "nested"),
    (b'{"query": "query($n: Int) { __typename }", "variables": {"n": ' + b"9" * 5001 + b"}}",
     "digits"),
    (b'{"query": "{ __typename }", "variables": {"n": NaN}}', "JSON"),
    (b'{"query": 5}', "query"),
    (b'{"query": "{ __typename }", "variables": "x"}', "variables"),
    (b'{"query": "{ __typename }", "operationName": 3}', "operationName"),
    (b"{not json", "JSON"),
    (b"", "JSON"),
])
def test_a_body_the_parser_cannot_take_is_a_clear_400(hub: RunningHub, body: bytes,
                                                       words: str) -> None:
    response = post(hub, body)
    assert response.status_code == 400, response.text
    error = error_of(response)
    assert words.lower() in error["message"].lower()
    assert error["extensions"]["code"] == "BAD_REQUEST"


def test_a_query_that_is_missing_is_a_clear_400(hub: RunningHub) -> None:
    response = post(hub, b'{"variables": {}}')
    assert response.status_code == 400
    assert "query" in error_of(response)["message"].lower()


# ---------------------------------------------------------------- NUL and lone surrogates

NUL = "Cor\x00by"
SURROGATE = "Cor\ud800by"


def refused_naming(response: httpx.Response, field: str, words: str) -> None:
    assert response.status_code in {200, 400}, response.text
    error = error_of(response)
    assert error["extensions"]["code"] == "INVALID_INPUT", error
    assert error["extensions"]["field"] == field
    assert words in error["message"]
    assert response.json().get("data") is None


def send_json(hub: RunningHub, payload: dict[str, Any],
              headers: dict[str, str] | None = None) -> httpx.Response:
    # json.dumps writes a lone surrogate as the escape \ud800, as a browser would send it
    return post(hub, json.dumps(payload).encode(), headers)


@pytest.mark.parametrize(("value", "words"), [(NUL, "NUL"), (SURROGATE, "surrogate")])
def test_nul_and_lone_surrogates_in_variables_are_refused_naming_the_variable(
    hub: RunningHub, value: str, words: str
) -> None:
    query = "query($f: PeopleFilter) { children(filter: $f, first: 1) { totalCount } }"
    response = send_json(hub, {"query": query, "variables": {"f": {"town": value}}})
    refused_naming(response, "f.town", words)


@pytest.mark.parametrize(("literal", "words"), [('"Cor\\u0000by"', "NUL")])
def test_nul_in_a_literal_filter_is_refused_naming_the_argument(
    hub: RunningHub, literal: str, words: str
) -> None:
    query = f"{{ children(filter: {{town: {literal}}}, first: 1) {{ totalCount }} }}"
    refused_naming(send_json(hub, {"query": query}), "filter.town", words)


def test_nul_in_an_id_is_refused_naming_it(hub: RunningHub) -> None:
    response = send_json(hub, {"query": "query($id: ID!) { node(id: $id) { id } }",
                               "variables": {"id": "UGVyc29u\x00"}})
    refused_naming(response, "id", "NUL")
    literal = send_json(hub, {"query": '{ node(id: "UGVyc29u\\u0000") { id } }'})
    refused_naming(literal, "id", "NUL")


def test_nul_in_a_mutation_field_is_refused_naming_it_and_nothing_is_written(
    hub: RunningHub
) -> None:
    mutation = "mutation($input: RecordPersonInput!) { recordPerson(input: $input) { created } }"
    person = {"kind": "CHILD", "givenName": "Ro\x00bin", "familyName": "Testwell-nul",
              "dob": "2011-04-09"}
    refused_naming(send_json(hub, {"query": mutation, "variables": {"input": person}}),
                   "input.givenName", "NUL")
    literal = ('mutation { recordPerson(input: {kind: CHILD, givenName: "Ro\\u0000bin", '
               'familyName: "Testwell-nul", dob: "2011-04-09"}) { created } }')
    refused_naming(send_json(hub, {"query": literal}), "input.givenName", "NUL")
    found = hub.data('{ people(filter: {name: "Testwell-nul"}) { totalCount } }')
    assert found["people"]["totalCount"] == 0


def test_a_surrogate_in_the_query_text_is_refused(hub: RunningHub) -> None:
    response = send_json(hub, {"query": "{ __typename } # \ud83d"})
    assert response.status_code in {200, 400}
    assert error_of(response)["extensions"]["field"] == "query"


def test_deeply_nested_weighting_json_is_invalid_input_not_internal(hub: RunningHub) -> None:
    place = hub.data("{ places(first: 1) { nodes { id } } }")["places"]["nodes"][0]["id"]
    mutation = """mutation($input: RecordContextAssessmentInput!) {
        recordContextAssessment(input: $input) { created } }"""
    value = {"subjectId": place, "assessedAt": "2025-03-04", "riskLevel": "HIGH",
             "findings": "Nested weights", "weighting": "[" * 1900 + "]" * 1900}
    body = hub.gql(mutation, {"input": value})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT", body
    assert body["errors"][0]["extensions"]["field"] == "input.weighting"


def test_a_token_whose_subject_holds_a_nul_is_refused_with_401(hub: RunningHub) -> None:
    token = hub.token("police", "analyst", sub="ffion\x00analyst")
    response = hub.client.post("/graphql", json={"query": "{ me { agency } }"},
                               headers={"Authorization": f"Bearer {token}", "X-Purpose": "mace"})
    assert response.status_code == 401
    assert "'sub'" in error_of(response)["message"]


# ---------------------------------------------------------------- operations and limits

def test_two_operations_without_an_operation_name_are_refused(hub: RunningHub) -> None:
    body = hub.gql("query A { __typename } query B { me { agency } }")
    assert body.get("data") is None
    assert "operationName" in body["errors"][0]["message"]
    chosen = hub.client.post("/graphql", headers=hub.headers, json={
        "query": "query A { __typename } query B { me { agency } }", "operationName": "B"})
    assert chosen.json()["data"] == {"me": {"agency": "police"}}


def test_an_unknown_operation_name_is_a_json_error(hub: RunningHub) -> None:
    response = hub.client.post("/graphql", headers=hub.headers, json={
        "query": "query A { __typename }", "operationName": "Z"})
    assert response.status_code == 400
    assert "Z" in error_of(response)["message"]


def test_ten_directives_on_one_field_are_refused_with_one_clear_error(hub: RunningHub) -> None:
    body = hub.gql("query cop { __typename " + "@aa" * 10 + " }")
    assert len(body["errors"]) == 1, body["errors"]
    assert "directives" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_a_field_repeated_500_times_is_refused(hub: RunningHub) -> None:
    body = hub.gql("query cop { " + "__typename\n" * 500 + " }")
    assert body.get("data") is None
    assert len(body["errors"]) == 1
    assert "__typename" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


# ---------------------------------------------------------------- media types

def test_graphql_response_json_is_served_when_asked_for(hub: RunningHub) -> None:
    ok = hub.client.post("/graphql", json={"query": "{ __typename }"},
                         headers={**hub.headers, "accept": GRAPHQL_RESPONSE})
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    invalid = hub.client.post("/graphql", json={"query": "{ nope }"},
                              headers={**hub.headers, "accept": GRAPHQL_RESPONSE})
    assert invalid.status_code == 400
    assert invalid.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert "data" not in invalid.json()
    legacy = hub.client.post("/graphql", json={"query": "{ nope }"},
                             headers={**hub.headers, "accept": "application/json"})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")


def test_a_get_with_deeply_nested_variables_is_a_json_refusal(hub: RunningHub) -> None:
    response = hub.client.get("/graphql", headers={**hub.headers, "accept": "application/json"},
                              params={"query": "{ __typename }", "variables": "[" * 3000 + "]" * 3000})
    assert response.status_code == 405
    assert "POST" in error_of(response)["message"]
