"""Numbers JSON allows but nothing downstream holds, and bodies nested past any reader,
are refused with a 400 naming the field, on every database."""

from typing import Any

import pytest

from tests.support.api import Api, assert_error

JSON = {"Content-Type": "application/json"}
TWO_TO_THE_64 = "18446744073709551616"
# 1e400 written out as an integer: 401 digits.
TEN_TO_THE_400 = "1" + "0" * 400


async def post_raw(api: Api, path: str, body: str) -> Any:
    return await api.post(path, content=body.encode(), headers=JSON)


@pytest.mark.parametrize(
    "number", [TWO_TO_THE_64, TEN_TO_THE_400, "-" + TEN_TO_THE_400, "9223372036854775808"]
)
async def test_custom_field_integers_beyond_64_bits_are_400(api: Api, number: str) -> None:
    body = '{"full_name": "Ada", "start_date": "2024-01-01", "custom_fields": {"n": NUMBER}}'
    response = await post_raw(api, "/v1/employees", body.replace("NUMBER", number))
    error = assert_error(response, 400, "invalid_request", ["custom_fields.n"])
    assert "64 bits" in error["message"]


async def test_custom_field_integers_beyond_64_bits_are_400_on_update(api: Api) -> None:
    employee = await api.create_employee()
    response = await api.patch(
        f"/v1/employees/{employee['id']}",
        content='{"custom_fields": {"big": NUMBER}}'.replace("NUMBER", TWO_TO_THE_64).encode(),
        headers=JSON,
    )
    assert_error(response, 400, "invalid_request", ["custom_fields.big"])


async def test_custom_field_integers_at_the_64_bit_limits_round_trip(api: Api) -> None:
    limits = {"most": 2**63 - 1, "least": -(2**63)}
    employee = await api.create_employee(custom_fields=limits)
    assert employee["custom_fields"] == limits
    stored = await api.get(f"/v1/employees/{employee['id']}")
    assert stored.json()["custom_fields"] == limits


LEAVE = '{"employee_id": "EMP", "kind": "sick", "start_date": "2024-01-01", '
LEAVE += '"end_date": "2024-01-02", "days": NUMBER}'
KUDOS = '{"from_employee_id": "EMP", "to_employee_id": "EMP", "tag": "a", "coins": NUMBER}'


@pytest.mark.parametrize(
    ("path", "body", "field"), [("/v1/leave", LEAVE, "days"), ("/v1/kudos", KUDOS, "coins")]
)
@pytest.mark.parametrize("number", [TEN_TO_THE_400, "1e400", "-1e400"])
async def test_huge_numbers_in_other_fields_are_400(
    api: Api, path: str, body: str, field: str, number: str
) -> None:
    employee = await api.create_employee()
    payload = body.replace("EMP", employee["id"]).replace("NUMBER", number)
    assert_error(await post_raw(api, path, payload), 400, "invalid_request", [field])


@pytest.mark.parametrize("depth", [100_000, 400_000])
async def test_a_body_nested_past_the_parser_is_400(api: Api, depth: int) -> None:
    body = '{"full_name": "Ada", "custom_fields": ' + "[" * depth + "]" * depth + "}"
    response = await post_raw(api, "/v1/employees", body)
    assert_error(response, 400, "invalid_request", ["body"])


async def test_a_deeply_nested_value_is_400_naming_its_field(api: Api) -> None:
    nested = "[" * 500 + "]" * 500
    body = '{"full_name": "Ada", "start_date": "2024-01-01", "custom_fields": {"n": NUMBER}}'
    response = await post_raw(api, "/v1/employees", body.replace("NUMBER", nested))
    assert_error(response, 400, "invalid_request", ["custom_fields.n"])


async def test_an_integer_longer_than_the_parser_reads_is_400(api: Api) -> None:
    body = '{"full_name": "Ada", "start_date": "2024-01-01", "custom_fields": {"n": NUMBER}}'
    response = await post_raw(api, "/v1/employees", body.replace("NUMBER", "9" * 5000))
    assert_error(response, 400, "invalid_request", ["body"])
