"""The drift check: the SDK, read by introspection, against an OpenAPI document.

Each `check_*` function answers a list of problems (empty when the SDK and the document
agree), so a test can both assert there are none for the server's document and show that a
changed document is caught:

* operations: every `/v1` operation (by operationId `<namespace>.<method>`) has a method on
  the sync and the async client, and every method has an operation;
* signatures: each method takes the operation's path parameters (positionally, in path order),
  query parameters and body properties as keyword arguments (`from` as `from_`), required ones
  without a default, optional ones with one, `idempotency_key` exactly when the operation
  takes an `Idempotency-Key` header, and enum parameters typed as `Literal`s of the same values;
  the async methods take exactly what the sync ones do;
* requests: each method, called with every argument, sends the operation's HTTP method, path,
  query parameter names and body property names (captured by an httpx.MockTransport);
* models: each method returns the model named after the response's schema (a page of the
  item schema for lists; a union of the models when its 2xx answers differ, as an update
  applied now, 200, or scheduled, 202), and every model reachable from a response has the
  schema's fields, the same required and nullable fields, and the same enum values;
* coverage: the live tests called every operation, successfully, on the sync and on the async
  client against the real server (an `OperationRecorder` on the clients' httpx event hooks
  maps each answer to its operation; the check runs after every other test).
"""

from __future__ import annotations

import inspect
import json
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

import pulsehr.types
from pulsehr import AsyncPaginator, AsyncPulse, BaseModel, Pulse, SyncPage
from pulsehr._resource import AsyncAPIResource, SyncAPIResource

OPTIONS = {"extra_headers", "extra_query", "extra_body", "timeout", "idempotency_key"}
PYTHON_NAMES = {"from": "from_"}
# Parameters the SDK types as plain strings although the schema lists an enum: the server
# accepts country codes in any case, so a Literal of upper-case codes would be wrong.
ENUMS_AS_STR = {("employees.create", "country"), ("employees.update", "country")}
METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str
    path_params: list[str]
    query: dict[str, dict[str, Any]]
    query_required: set[str]
    idempotency_key: bool
    body: dict[str, dict[str, Any]]
    body_required: set[str]
    response_schema: dict[str, Any] | None
    response_schemas: list[dict[str, Any]]
    doc: dict[str, Any] = field(repr=False)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path} ({self.operation_id})"


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**doc["components"]["schemas"][name], **_without(schema, "$ref")}
    return schema


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


def ref_name(schema: dict[str, Any] | None) -> str | None:
    if schema and "$ref" in schema:
        return str(schema["$ref"].rsplit("/", 1)[-1])
    return None


def operations(doc: dict[str, Any]) -> dict[str, Operation]:
    found: dict[str, Operation] = {}
    for path, item in doc.get("paths", {}).items():
        if not path.startswith("/v1/"):
            continue
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            params = [*item.get("parameters", []), *op.get("parameters", [])]
            body_schema = (
                op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ).get("schema")
            body: dict[str, Any] = {}
            body_required: set[str] = set()
            if body_schema:
                for option in [body_schema, *body_schema.get("anyOf", [])]:
                    resolved = resolve(doc, option)
                    body.update(resolved.get("properties", {}))
                    body_required |= set(resolved.get("required", []))
            responses = [
                answer.get("content", {}).get("application/json", {}).get("schema")
                for status, answer in sorted(op.get("responses", {}).items())
                if status.startswith("2")
            ]
            # An operation without an id cannot map to a method: it shows as one missing.
            operation_id = op.get("operationId") or f"<no operationId: {method} {path}>"
            found[operation_id] = Operation(
                operation_id=operation_id,
                method=method,
                path=path,
                path_params=re.findall(r"\{([^}]+)\}", path),
                query={p["name"]: p.get("schema", {}) for p in params if p["in"] == "query"},
                query_required={
                    p["name"] for p in params if p["in"] == "query" and p.get("required")
                },
                idempotency_key=any(
                    p["in"] == "header" and p["name"].lower() == "idempotency-key" for p in params
                ),
                body=body,
                body_required=body_required,
                response_schema=responses[0] if responses else None,
                response_schemas=[schema for schema in responses if schema],
                doc=doc,
            )
    return found


# --- the SDK, by introspection --------------------------------------------------------------


def sdk_methods(client: Pulse | AsyncPulse) -> dict[str, Callable[..., Any]]:
    """`<namespace>.<method>` → the unbound function, for every public resource method."""
    found: dict[str, Callable[..., Any]] = {}
    for namespace, resource in vars(client).items():
        if not isinstance(resource, SyncAPIResource | AsyncAPIResource):
            continue
        for name, function in inspect.getmembers(type(resource), inspect.isfunction):
            if not name.startswith("_"):
                found[f"{namespace}.{name}"] = function
    return found


def _clients() -> tuple[Pulse, AsyncPulse]:
    return (
        Pulse(api_key="pk_test_drift", base_url="https://drift.test/v1"),
        AsyncPulse(api_key="pk_test_drift", base_url="https://drift.test/v1"),
    )


def _flatten(annotation: Any) -> Iterator[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _flatten(arg)
    else:
        yield annotation


def literal_values(annotation: Any) -> set[Any]:
    """Every Literal value inside an annotation (through unions and containers)."""
    values: set[Any] = set()
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        values |= literal_values(arg)
    return values


def allows_none(annotation: Any) -> bool:
    return any(arg is type(None) for arg in _flatten(annotation))


def schema_enum(doc: dict[str, Any], schema: dict[str, Any]) -> set[Any]:
    schema = resolve(doc, schema)
    values = set(schema.get("enum", []))
    if "const" in schema:
        values.add(schema["const"])
    for option in schema.get("anyOf", []):
        values |= schema_enum(doc, option)
    if "items" in schema:
        values |= schema_enum(doc, schema["items"])
    return values


def schema_nullable(doc: dict[str, Any], schema: dict[str, Any]) -> bool:
    schema = resolve(doc, schema)
    if schema.get("type") == "null" or (
        isinstance(schema.get("type"), list) and "null" in schema["type"]
    ):
        return True
    return any(schema_nullable(doc, option) for option in schema.get("anyOf", []))


# --- the checks -----------------------------------------------------------------------------


def check_operations(doc: dict[str, Any]) -> list[str]:
    ops = operations(doc)
    problems: list[str] = []
    if not ops:
        return ["the document has no /v1 operation at all"]
    sync_client, async_client = _clients()
    for kind, methods in (
        ("Pulse", sdk_methods(sync_client)),
        ("AsyncPulse", sdk_methods(async_client)),
    ):
        for op_id in sorted(set(ops) - set(methods)):
            problems.append(f"{kind}: no SDK method for {ops[op_id].label}")
        for name in sorted(set(methods) - set(ops)):
            problems.append(f"{kind}: SDK method {name} has no operation in the document")
    for client in (sync_client, async_client):
        for namespace, resource in vars(client).items():
            if isinstance(resource, SyncAPIResource | AsyncAPIResource):
                public = {n for n in sdk_methods(client) if n.startswith(f"{namespace}.")}
                wrappers = getattr(resource, "with_raw_response")  # noqa: B009 - not on the base
                raw = {f"{namespace}.{n}" for n in vars(wrappers)}
                if raw != public:
                    problems.append(
                        f"{type(resource).__name__}.with_raw_response has {sorted(raw)}, "
                        f"the resource {sorted(public)}"
                    )
    return problems


def check_signatures(doc: dict[str, Any]) -> list[str]:
    ops = operations(doc)
    sync_client, async_client = _clients()
    sync_methods, async_methods = sdk_methods(sync_client), sdk_methods(async_client)
    problems: list[str] = []
    for name, function in sorted(sync_methods.items()):
        if name in async_methods:
            problems += _same_signature(name, function, async_methods[name])
        if name in ops:
            problems += _signature_problems(name, function, ops[name])
    return problems


def _same_signature(name: str, sync: Callable[..., Any], other: Callable[..., Any]) -> list[str]:
    sync_params = inspect.signature(sync).parameters
    async_params = inspect.signature(other).parameters
    if list(sync_params) != list(async_params):
        return [f"{name}: async takes {list(async_params)}, sync takes {list(sync_params)}"]
    hints_sync, hints_async = typing.get_type_hints(sync), typing.get_type_hints(other)
    return [
        f"{name}({param}): async annotation {hints_async.get(param)} != {hints_sync.get(param)}"
        for param in sync_params
        if param not in ("self", "return") and hints_sync.get(param) != hints_async.get(param)
    ]


def _signature_problems(name: str, function: Callable[..., Any], op: Operation) -> list[str]:
    problems: list[str] = []
    signature = inspect.signature(function)
    hints = typing.get_type_hints(function)
    params = {p: v for p, v in signature.parameters.items() if p != "self"}

    positional = [p for p, v in params.items() if v.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    if positional != op.path_params:
        problems.append(
            f"{name}: positional parameters {positional} != path parameters {op.path_params}"
        )

    expected: dict[str, tuple[dict[str, Any], bool]] = {}
    for wire, schema in op.query.items():
        expected[PYTHON_NAMES.get(wire, wire)] = (schema, wire in op.query_required)
    for wire, schema in op.body.items():
        expected[PYTHON_NAMES.get(wire, wire)] = (schema, wire in op.body_required)
    keyword = {p for p in params if p not in OPTIONS and p not in op.path_params}
    for missing in sorted(set(expected) - keyword):
        problems.append(f"{name}: no argument for the operation's parameter `{missing}`")
    for extra in sorted(keyword - set(expected)):
        problems.append(f"{name}: argument `{extra}` is not a parameter of {op.label}")

    has_key = "idempotency_key" in params
    if has_key != op.idempotency_key:
        problems.append(
            f"{name}: idempotency_key argument {'present' if has_key else 'missing'} but the "
            f"operation {'does not take' if has_key else 'takes'} an Idempotency-Key header"
        )

    for param, (schema, required) in sorted(expected.items()):
        if param not in params:
            continue
        has_default = params[param].default is not inspect.Parameter.empty
        if required and has_default:
            problems.append(f"{name}: `{param}` is required by the operation but has a default")
        if not required and not has_default:
            problems.append(f"{name}: `{param}` is optional in the operation but required here")
        if (name, param) in ENUMS_AS_STR:
            continue
        spec_values = schema_enum(op.doc, schema)
        sdk_values = literal_values(hints.get(param))
        if spec_values != sdk_values and (spec_values or sdk_values):
            problems.append(
                f"{name}: `{param}` values differ: the operation has {sorted(spec_values)}, "
                f"the SDK {sorted(sdk_values)}"
            )
    return problems


class _Captured(Exception):
    def __init__(self, request: httpx.Request) -> None:
        self.request = request


def _capture(request: httpx.Request) -> httpx.Response:
    raise _Captured(request)


def check_requests(doc: dict[str, Any]) -> list[str]:
    """Calls every sync method with every argument and compares what it sends."""
    ops = operations(doc)
    transport = httpx.MockTransport(_capture)
    client = Pulse(
        api_key="pk_test_drift",
        base_url="https://drift.test/v1",
        http_client=httpx.Client(transport=transport),
        max_retries=0,
    )
    problems: list[str] = []
    for name, function in sorted(sdk_methods(client).items()):
        op = ops.get(name)
        if op is None:
            continue
        resource = getattr(client, name.split(".")[0])
        params = inspect.signature(function).parameters
        args = [f"PATH-{p}" for p in op.path_params if p in params]
        wire = {PYTHON_NAMES.get(n, n): schema for n, schema in {**op.query, **op.body}.items()}
        kwargs = {
            p: _dummy(doc, wire.get(p, {}))
            for p in params
            if p not in OPTIONS and p != "self" and p not in op.path_params
        }
        try:
            getattr(resource, name.split(".")[1])(*args, **kwargs)
        except _Captured as captured:
            problems += _request_problems(name, op, captured.request)
        except Exception as exc:
            problems.append(f"{name}: calling it failed before sending: {exc!r}")
        else:
            problems.append(f"{name}: sent no request")
    return problems


def _dummy(doc: dict[str, Any], schema: dict[str, Any]) -> object:
    """A stand-in argument: the SDK checks no values, only the shape of lists."""
    schema = resolve(doc, schema)
    options = [resolve(doc, option) for option in schema.get("anyOf", [])] or [schema]
    return ["x"] if any(option.get("type") == "array" for option in options) else "x"


def _request_problems(name: str, op: Operation, request: httpx.Request) -> list[str]:
    problems: list[str] = []
    path = op.path
    for param in op.path_params:
        path = path.replace("{" + param + "}", f"PATH-{param}")
    if request.method != op.method.upper() or request.url.path != path:
        problems.append(
            f"{name}: sends {request.method} {request.url.path}, the operation is "
            f"{op.method.upper()} {path}"
        )
    sent_query = set(request.url.params.keys())
    if sent_query != set(op.query):
        problems.append(
            f"{name}: sends query {sorted(sent_query)}, the operation takes {sorted(op.query)}"
        )
    sent_body = set(json.loads(request.content)) if request.content else set()
    if sent_body != set(op.body):
        problems.append(
            f"{name}: sends body fields {sorted(sent_body)}, the operation takes {sorted(op.body)}"
        )
    sent_key = "Idempotency-Key" in request.headers
    if sent_key != op.idempotency_key:
        problems.append(f"{name}: Idempotency-Key sent={sent_key}, taken={op.idempotency_key}")
    return problems


def check_models(doc: dict[str, Any]) -> list[str]:
    ops = operations(doc)
    sync_methods = sdk_methods(_clients()[0])
    async_methods = sdk_methods(_clients()[1])
    problems: list[str] = []
    to_check: dict[str, str] = {}  # schema name → where it is used
    for name, function in sorted(sync_methods.items()):
        op = ops.get(name)
        if op is None:
            continue
        schema_name = ref_name(op.response_schema)
        if schema_name is None:
            problems.append(f"{name}: the operation's answer has no named schema")
            continue
        schema = resolve(doc, {"$ref": f"#/components/schemas/{schema_name}"})
        returned = typing.get_type_hints(function)["return"]
        props = schema.get("properties", {})
        if {"data", "next_cursor", "total_count"} <= set(props):
            item = ref_name(props["data"].get("items"))
            expected = f"SyncPage[{item}]"
            ok = typing.get_origin(returned) is SyncPage and _name(returned) == item
            async_returned = typing.get_type_hints(async_methods[name])["return"]
            if typing.get_origin(async_returned) is not AsyncPaginator:
                problems.append(f"{name}: the async method does not return an AsyncPaginator")
            if item:
                to_check[item] = name
        elif len(op.response_schemas) > 1:
            names = {ref_name(schema) for schema in op.response_schemas}
            expected = " | ".join(sorted(str(n) for n in names))
            ok = {getattr(arg, "__name__", None) for arg in _flatten(returned)} == names
            to_check.update({str(n): name for n in names})
        else:
            expected = schema_name
            ok = isinstance(returned, type) and returned.__name__ == schema_name
            to_check[schema_name] = name
        if not ok:
            problems.append(f"{name}: returns {returned}, the operation answers {expected}")

    seen: set[str] = set()
    while to_check:
        schema_name, used_by = to_check.popitem()
        if schema_name in seen:
            continue
        seen.add(schema_name)
        problems += _model_problems(doc, schema_name, used_by, to_check)
    return problems


def _name(annotation: Any) -> str | None:
    args = typing.get_args(annotation)
    return args[0].__name__ if args and isinstance(args[0], type) else None


def _model_problems(
    doc: dict[str, Any], schema_name: str, used_by: str, to_check: dict[str, str]
) -> list[str]:
    model = getattr(pulsehr.types, schema_name, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return [f"no model pulsehr.types.{schema_name} (answered by {used_by})"]
    schema = resolve(doc, {"$ref": f"#/components/schemas/{schema_name}"})
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields = {
        (info.alias or field_name): (field_name, info)
        for field_name, info in model.model_fields.items()
    }
    problems = [
        f"{schema_name}: no field for the schema's property `{prop}`"
        for prop in sorted(set(properties) - set(fields))
    ]
    problems += [
        f"{schema_name}: field `{extra}` is not in the schema"
        for extra in sorted(set(fields) - set(properties))
    ]
    for prop, prop_schema in sorted(properties.items()):
        if prop not in fields:
            continue
        _, info = fields[prop]
        if (prop in required) != info.is_required():
            problems.append(
                f"{schema_name}.{prop}: required is {prop in required} in the schema, "
                f"{info.is_required()} in the model"
            )
        if schema_nullable(doc, prop_schema) != allows_none(info.annotation):
            problems.append(
                f"{schema_name}.{prop}: nullable is {schema_nullable(doc, prop_schema)} in the "
                f"schema, {allows_none(info.annotation)} in the model"
            )
        spec_values = schema_enum(doc, prop_schema)
        sdk_values = literal_values(info.annotation)
        if spec_values != sdk_values and (spec_values or sdk_values):
            problems.append(
                f"{schema_name}.{prop}: values differ: schema {sorted(spec_values, key=str)}, "
                f"model {sorted(sdk_values, key=str)}"
            )
        for nested in _refs(prop_schema):
            if resolve(doc, {"$ref": f"#/components/schemas/{nested}"}).get("type") == "object":
                to_check.setdefault(nested, f"{schema_name}.{prop}")
    return problems


def _refs(schema: dict[str, Any]) -> Iterator[str]:
    if "$ref" in schema:
        yield str(schema["$ref"].rsplit("/", 1)[-1])
    for option in schema.get("anyOf", []):
        yield from _refs(option)
    if isinstance(schema.get("items"), dict):
        yield from _refs(schema["items"])


@dataclass
class OperationRecorder:
    """Maps every successful answer the live clients receive to its operation, per client."""

    reached: dict[str, set[str]] = field(default_factory=lambda: {"sync": set(), "async": set()})
    routes: list[tuple[str, re.Pattern[str], str]] = field(default_factory=list)

    def learn(self, doc: dict[str, Any]) -> None:
        if self.routes:
            return
        for operation_id, op in operations(doc).items():
            pattern = re.compile("^" + re.sub(r"\{[^/}]+\}", "[^/]+", op.path) + "$")
            self.routes.append((op.method.upper(), pattern, operation_id))

    def record(self, kind: str, response: httpx.Response) -> None:
        if not response.is_success:
            return
        path = response.request.url.path
        for method, pattern, operation_id in self.routes:
            if method == response.request.method and pattern.match(path):
                self.reached[kind].add(operation_id)
                return


def check_coverage(doc: dict[str, Any], reached: dict[str, set[str]]) -> list[str]:
    """Every operation was reached by the live tests of each client given (`sync`, `async`)."""
    every = set(operations(doc))
    problems: list[str] = []
    for kind, called in reached.items():
        missed = sorted(every - called)
        if missed:
            problems.append(f"the {kind} live tests never called: {', '.join(missed)}")
    return problems


def check_all(doc: dict[str, Any]) -> list[str]:
    return check_operations(doc) + check_signatures(doc) + check_requests(doc) + check_models(doc)


def report(problems: list[str], source: str) -> str:
    lines = [f"The SDK has drifted from the API document at {source}:"]
    lines += [f"  - {problem}" for problem in problems]
    lines.append(
        "Bring sdk/python/src/pulsehr (_async/resources/ and types/) in line with the document, "
        "regenerate the sync client (.venv/bin/python sdk/python/scripts/unasync.py), "
        "then run sdk/python/test again."
    )
    return "\n".join(lines)
