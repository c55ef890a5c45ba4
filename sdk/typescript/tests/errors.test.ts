// Typed errors: each class from a real error of the server, and the code → class mapping.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  APIError,
  AuthenticationError,
  ConflictError,
  ERROR_CLASSES,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  Pulse,
  PulseError,
  RateLimitError,
  UnprocessableEntityError,
} from "@pulsehr/sdk";
import { addDays, client, env, errorBody, fakeClient, fakeFetch, json, monday, newEmployee, unique } from "./helpers.js";

const pulse = client();

/** Runs `fn`, expects it to throw `cls`, and returns the error. */
async function caught<E extends APIError>(cls: new (...args: never[]) => E, fn: () => PromiseLike<unknown>): Promise<E> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    assert.ok(err instanceof APIError);
    assert.ok(err instanceof PulseError);
    assert.ok(err instanceof Error);
    assert.match(err.requestId ?? "", /^req_/);
    assert.equal(err.headers.get("x-request-id"), err.requestId);
    assert.equal(err.name, cls.name);
    return err;
  }
  assert.fail(`expected ${cls.name}, nothing was thrown`);
}

describe("errors from the server", () => {
  it("400 invalid_request → InvalidRequestError with every failing field", async () => {
    const err = await caught(InvalidRequestError, () =>
      // @ts-expect-error full_name is missing, on purpose
      pulse.employees.create({ start_date: "not-a-date", custom_fields: { "Bad-Key": 1 } }),
    );
    assert.equal(err.status, 400);
    assert.equal(err.code, "invalid_request");
    assert.ok(err.fields.includes("full_name"), `fields: ${err.fields}`);
    assert.ok(err.fields.includes("start_date"), `fields: ${err.fields}`);
    assert.ok(err.message.length > 0);
    const bad = await caught(InvalidRequestError, () => pulse.employees.list({ limit: 0 }));
    assert.deepEqual(bad.fields, ["limit"]);
  });

  it("401 unauthenticated → AuthenticationError", async () => {
    const stranger = new Pulse({ apiKey: "pk_test_not_a_real_key" });
    const err = await caught(AuthenticationError, () => stranger.employees.list());
    assert.equal(err.status, 401);
    assert.equal(err.code, "unauthenticated");
  });

  it("403 permission_denied → PermissionDeniedError (read-only key)", async () => {
    const readOnly = new Pulse({ apiKey: env("PULSE_TEST_READ_ONLY_KEY") });
    await readOnly.employees.list({ limit: 1 }); // reading is allowed
    const err = await caught(PermissionDeniedError, () =>
      readOnly.employees.create({ full_name: "Nope", start_date: "2024-01-01" }),
    );
    assert.equal(err.status, 403);
    assert.equal(err.code, "permission_denied");
    assert.match(err.message, /write:employees/);
  });

  it("404 not_found → NotFoundError", async () => {
    const err = await caught(NotFoundError, () => pulse.kudos.retrieve("kudo_01HR3V6Q9X1M2N3P4Q5R6S7T8X"));
    assert.equal(err.status, 404);
    assert.equal(err.code, "not_found");
  });

  it("409 conflict → ConflictError (stale version), and it is not retried", async () => {
    const employee = await newEmployee(pulse);
    await pulse.employees.update(employee.id, { role: "First" });
    const err = await caught(ConflictError, () =>
      pulse.employees.update(employee.id, { role: "Second", version: employee.version }),
    );
    assert.equal(err.status, 409);
    assert.equal(err.code, "conflict");
    assert.deepEqual(err.fields, ["version"]);
    assert.equal(err.retryAfter, null);
    assert.equal((await pulse.employees.retrieve(employee.id)).role, "First");
  });

  it("409 conflict → ConflictError (an Idempotency-Key reused for another request)", async () => {
    const key = unique("idem");
    await pulse.employees.create({ full_name: "Once", start_date: "2024-01-01" }, { idempotencyKey: key });
    const err = await caught(ConflictError, () =>
      pulse.employees.create({ full_name: "Twice", start_date: "2024-01-01" }, { idempotencyKey: key }),
    );
    assert.deepEqual(err.fields, ["Idempotency-Key"]);
  });

  it("422 unprocessable_entity → UnprocessableEntityError", async () => {
    const employee = await newEmployee(pulse);
    const start = monday(3);
    const err = await caught(UnprocessableEntityError, () =>
      pulse.leave.create({ employee_id: employee.id, kind: "vacation", start_date: start, end_date: addDays(start, -1) }),
    );
    assert.equal(err.status, 422);
    assert.equal(err.code, "unprocessable_entity");
    assert.deepEqual(err.fields, ["end_date"]);
    assert.equal(err.message, "end_date must be after start_date");
  });

  it("429 rate_limited → RateLimitError with retryAfter; rate-limit figures on every answer", async () => {
    // The limited key's workspace allows 3 requests a minute: this test is its only user.
    const limited = new Pulse({ apiKey: env("PULSE_TEST_LIMITED_KEY"), maxRetries: 0 });
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { response } = await limited.employees.list({ limit: 1 }).withResponse();
      assert.ok(response.rateLimit, "X-RateLimit-* headers are read");
      assert.equal(response.rateLimit.limit, 3);
      assert.ok(response.rateLimit.reset instanceof Date);
      remaining.push(response.rateLimit.remaining);
    }
    assert.deepEqual(remaining, [2, 1, 0]);
    const started = Date.now();
    const err = await caught(RateLimitError, () => limited.employees.list());
    assert.equal(err.status, 429);
    assert.equal(err.code, "rate_limited");
    assert.ok(err.retryAfter !== null && err.retryAfter >= 1 && err.retryAfter <= 60, `retryAfter ${err.retryAfter}`);
    assert.equal(err.rateLimit?.remaining, 0);

    // Retries are on, but Retry-After is longer than the client will wait: thrown at once.
    const impatient = new Pulse({ apiKey: env("PULSE_TEST_LIMITED_KEY"), maxRetries: 3, maxRetryAfter: 0.5 });
    await caught(RateLimitError, () => impatient.employees.list());
    assert.ok(Date.now() - started < 5_000);
  });
});

describe("error mapping", () => {
  const statuses: Record<string, number> = {
    invalid_request: 400,
    unauthenticated: 401,
    permission_denied: 403,
    not_found: 404,
    method_not_allowed: 405,
    conflict: 409,
    payload_too_large: 413,
    unsupported_media_type: 415,
    unprocessable_entity: 422,
    rate_limited: 429,
    internal_error: 500,
    service_unavailable: 503,
  };

  it("one class per code of the API", () => {
    assert.deepEqual(Object.keys(ERROR_CLASSES).sort(), Object.keys(statuses).sort());
    assert.equal(new Set(Object.values(ERROR_CLASSES)).size, Object.keys(statuses).length);
  });

  for (const [code, status] of Object.entries(statuses)) {
    it(`${status} ${code} → ${ERROR_CLASSES[code]!.name}`, async () => {
      const { fetch } = fakeFetch(
        json(status, errorBody(code, `a ${code}`, ["x"]), { "retry-after": "7", "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0" }),
      );
      const err = await fakeClient(fetch, { maxRetries: 0 })
        .employees.retrieve("emp_1")
        .then(
          () => assert.fail("no error"),
          (e: unknown) => e,
        );
      assert.ok(err instanceof ERROR_CLASSES[code]!);
      assert.ok(err instanceof APIError);
      assert.equal(err.status, status);
      assert.equal(err.code, code);
      assert.equal(err.message, `a ${code}`);
      assert.deepEqual(err.fields, ["x"]);
      assert.equal(err.requestId, "req_fake");
      assert.equal(err.retryAfter, 7);
      assert.deepEqual(err.rateLimit, { limit: 10, remaining: 0, reset: null });
    });
  }

  it("an answer without the envelope (a proxy's 502) still throws an APIError", async () => {
    const { fetch } = fakeFetch(new Response("<html>Bad gateway</html>", { status: 502 }));
    const err = await fakeClient(fetch, { maxRetries: 0 })
      .employees.list()
      .then(
        () => assert.fail("no error"),
        (e: unknown) => e,
      );
    assert.ok(err instanceof APIError);
    assert.equal(err.status, 502);
    assert.equal(err.code, "http_502");
    assert.match(err.message, /Bad gateway/);
    assert.equal(err.body, "<html>Bad gateway</html>");
  });

  it("an unknown code falls back on the HTTP status", async () => {
    const { fetch } = fakeFetch(json(500, errorBody("brand_new_code", "new")));
    const err = await fakeClient(fetch, { maxRetries: 0 }).employees.list().then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InternalServerError);
    assert.equal((err as APIError).code, "brand_new_code");
  });

  it("a missing API key is refused before any request", () => {
    const saved = process.env.PULSE_API_KEY;
    delete process.env.PULSE_API_KEY;
    try {
      assert.throws(() => new Pulse(), (e: unknown) => e instanceof PulseError && /PULSE_API_KEY/.test(e.message));
    } finally {
      process.env.PULSE_API_KEY = saved;
    }
  });

  it("an empty id is refused before any request", async () => {
    const { fetch, calls } = fakeFetch(json(200, {}));
    await assert.rejects(() => fakeClient(fetch).employees.retrieve(""), PulseError);
    assert.equal(calls.length, 0);
  });
});
