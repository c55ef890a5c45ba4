// Retries, backoff, idempotency keys and timeouts, through a fake `fetch` injected with the
// `fetch` option: scripted answers, or the real server's answers with failures on demand.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  ConflictError,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  Pulse,
  RateLimitError,
  type Fetch,
} from "@pulsehr/sdk";
import { client, EMPTY_LIST, errorBody, fakeClient, fakeFetch, json, unique } from "./helpers.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const EMPLOYEE = { id: "emp_1", full_name: "Ada" };

async function rejection(p: PromiseLike<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  return assert.fail("expected a rejection");
}

describe("retries (scripted fetch)", () => {
  it("retries a 5xx and sends the same Idempotency-Key on every attempt", async () => {
    const { fetch, calls } = fakeFetch(
      json(500, errorBody("internal_error")),
      json(503, errorBody("service_unavailable")),
      json(201, EMPLOYEE),
    );
    const { data, response } = await fakeClient(fetch)
      .employees.create({ full_name: "Ada", start_date: "2024-01-01" })
      .withResponse();
    assert.deepEqual(data, EMPLOYEE);
    assert.equal(response.attempts, 3);
    assert.equal(calls.length, 3);
    const keys = calls.map((c) => c.headers["idempotency-key"]);
    assert.match(keys[0]!, UUID);
    assert.deepEqual(keys, [keys[0], keys[0], keys[0]]);
    assert.ok(calls.every((c) => c.body === JSON.stringify({ full_name: "Ada", start_date: "2024-01-01" })));
  });

  it("gives up after maxRetries and throws the last error", async () => {
    const { fetch, calls } = fakeFetch(json(500, errorBody("internal_error", "boom")));
    const err = await rejection(fakeClient(fetch, { maxRetries: 3 }).employees.list());
    assert.ok(err instanceof InternalServerError);
    assert.equal(calls.length, 4);
  });

  it("per-request maxRetries overrides the client's", async () => {
    const { fetch, calls } = fakeFetch(json(502, "bad gateway"));
    await rejection(fakeClient(fetch, { maxRetries: 5 }).employees.list({}, { maxRetries: 1 }));
    assert.equal(calls.length, 2);
  });

  it("retries connection errors", async () => {
    const { fetch, calls } = fakeFetch(new TypeError("fetch failed"), new TypeError("fetch failed"), json(200, EMPTY_LIST));
    const page = await fakeClient(fetch).employees.list();
    assert.equal(page.total_count, 0);
    assert.equal(calls.length, 3);
  });

  it("throws APIConnectionError once connection errors outlast the retries", async () => {
    const cause = new TypeError("fetch failed");
    const { fetch, calls } = fakeFetch(cause);
    const err = await rejection(fakeClient(fetch, { maxRetries: 1 }).employees.list());
    assert.ok(err instanceof APIConnectionError);
    assert.equal((err as Error).cause, cause);
    assert.equal(calls.length, 2);
  });

  it("honours Retry-After on 429", async () => {
    const { fetch, calls } = fakeFetch(json(429, errorBody("rate_limited"), { "retry-after": "1" }), json(200, EMPTY_LIST));
    const started = Date.now();
    await fakeClient(fetch).employees.list();
    const waited = Date.now() - started;
    assert.equal(calls.length, 2);
    assert.ok(waited >= 950, `waited ${waited} ms`);
  });

  it("does not wait longer than maxRetryAfter: throws RateLimitError at once", async () => {
    const { fetch, calls } = fakeFetch(json(429, errorBody("rate_limited"), { "retry-after": "3600" }));
    const err = await rejection(fakeClient(fetch).employees.list());
    assert.ok(err instanceof RateLimitError);
    assert.equal(err.retryAfter, 3600);
    assert.equal(calls.length, 1);
  });

  it("retries a 409 that carries Retry-After (same key still in flight) with the same key", async () => {
    const { fetch, calls } = fakeFetch(
      json(409, errorBody("conflict", "still in flight", ["Idempotency-Key"]), { "retry-after": "0" }),
      json(201, EMPLOYEE),
    );
    await fakeClient(fetch).employees.create({ full_name: "Ada", start_date: "2024-01-01" }, { idempotencyKey: "k-1" });
    assert.equal(calls.length, 2);
    assert.deepEqual(
      calls.map((c) => c.headers["idempotency-key"]),
      ["k-1", "k-1"],
    );
  });

  it("does not retry a 409 without Retry-After, nor 4xx errors", async () => {
    for (const [status, code, cls] of [
      [409, "conflict", ConflictError],
      [400, "invalid_request", InvalidRequestError],
      [404, "not_found", NotFoundError],
    ] as const) {
      const { fetch, calls } = fakeFetch(json(status, errorBody(code)), json(200, EMPLOYEE));
      const err = await rejection(fakeClient(fetch).employees.update("emp_1", { role: "x" }));
      assert.ok(err instanceof cls, `${status} → ${cls.name}`);
      assert.equal(calls.length, 1, `${status} is not retried`);
    }
  });

  it("backs off exponentially between retries", async () => {
    const { fetch, calls } = fakeFetch(json(500, errorBody("internal_error")));
    const times: number[] = [];
    const timed: Fetch = (url, init) => {
      times.push(Date.now());
      return fetch(url, init);
    };
    await rejection(fakeClient(timed, { maxRetries: 2, initialRetryDelay: 100, maxRetryDelay: 1000 }).employees.list());
    assert.equal(calls.length, 3);
    const gaps = [times[1]! - times[0]!, times[2]! - times[1]!];
    assert.ok(gaps[0]! >= 70 && gaps[0]! < 1000, `first gap ${gaps[0]}`);
    assert.ok(gaps[1]! >= 145 && gaps[1]! < 1500, `second gap ${gaps[1]}`);
  });
});

describe("idempotency keys and headers", () => {
  it("POST and DELETE carry a fresh UUID key per call; GET and PATCH carry none", async () => {
    const { fetch, calls } = fakeFetch(json(200, EMPLOYEE));
    const pulse = fakeClient(fetch);
    await pulse.employees.create({ full_name: "A", start_date: "2024-01-01" });
    await pulse.employees.create({ full_name: "A", start_date: "2024-01-01" });
    await pulse.employees.offboard("emp_1");
    await pulse.webhookEndpoints.rollSecret("we_1");
    await pulse.employees.retrieve("emp_1");
    await pulse.employees.update("emp_1", { role: "r" });
    const keys = calls.map((c) => c.headers["idempotency-key"]);
    for (const k of keys.slice(0, 4)) assert.match(k ?? "", UUID);
    assert.equal(new Set(keys.slice(0, 4)).size, 4);
    assert.deepEqual(keys.slice(4), [undefined, undefined]);
    assert.deepEqual(
      calls.map((c) => c.method),
      ["POST", "POST", "DELETE", "POST", "GET", "PATCH"],
    );
  });

  it("uses the caller's idempotencyKey, and sends auth, accept, content type and user agent", async () => {
    const { fetch, calls } = fakeFetch(json(201, EMPLOYEE));
    await fakeClient(fetch, { defaultHeaders: { "X-Trace": "t1" } }).employees.create(
      { full_name: "A", start_date: "2024-01-01" },
      { idempotencyKey: "hire-ada", headers: { "X-Extra": "e1" } },
    );
    const h = calls[0]!.headers;
    assert.equal(h["idempotency-key"], "hire-ada");
    assert.equal(h["authorization"], "Bearer pk_test_fake");
    assert.equal(h["accept"], "application/json");
    assert.equal(h["content-type"], "application/json");
    assert.match(h["user-agent"] ?? "", /^pulsehr-typescript\/\d+\.\d+\.\d+/);
    assert.equal(h["x-trace"], "t1");
    assert.equal(h["x-extra"], "e1");
  });

  it("a key given as a header is used as is, never doubled", async () => {
    let sentNames: string[] = [];
    const { fetch, calls } = fakeFetch((_call, init) => {
      sentNames = Object.keys(init.headers as Record<string, string>);
      return json(201, EMPLOYEE);
    });
    await fakeClient(fetch).employees.create(
      { full_name: "A", start_date: "2024-01-01" },
      { headers: { "Idempotency-Key": "from-header" } },
    );
    assert.equal(calls[0]!.headers["idempotency-key"], "from-header");
    assert.equal(sentNames.filter((k) => k.toLowerCase() === "idempotency-key").length, 1);
  });

  it("a POST without a body sends no body and no content type", async () => {
    const { fetch, calls } = fakeFetch(json(202, { data: [] }));
    await fakeClient(fetch).events.replay("evt_1");
    assert.equal(calls[0]!.body, undefined);
    assert.equal(calls[0]!.headers["content-type"], undefined);
    assert.equal(calls[0]!.url, "http://127.0.0.1:9/v1/events/evt_1/replay");
  });

  it("path parameters are escaped", async () => {
    const { fetch, calls } = fakeFetch(json(200, EMPLOYEE));
    await fakeClient(fetch).employees.retrieve("emp_1/../x?y");
    assert.equal(calls[0]!.url, "http://127.0.0.1:9/v1/employees/emp_1%2F..%2Fx%3Fy");
  });
});

describe("timeouts and aborts", () => {
  /** A fetch that never answers, but honours its abort signal like the real one. */
  const hanging: Fetch = (_url, init) =>
    new Promise((_resolve, reject) => {
      init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });

  it("times out each attempt, retries, then throws APIConnectionTimeoutError", async () => {
    let attempts = 0;
    const counting: Fetch = (url, init) => {
      attempts += 1;
      return hanging(url, init);
    };
    const started = Date.now();
    const err = await rejection(fakeClient(counting, { timeout: 50, maxRetries: 1 }).employees.list());
    assert.ok(err instanceof APIConnectionTimeoutError);
    assert.ok(err instanceof APIConnectionError);
    assert.equal(attempts, 2);
    assert.ok(Date.now() - started < 2_000);
  });

  it("a per-request timeout overrides the client's", async () => {
    const err = await rejection(fakeClient(hanging, { timeout: 60_000, maxRetries: 0 }).employees.list({}, { timeout: 20 }));
    assert.ok(err instanceof APIConnectionTimeoutError);
  });

  it("the caller's signal aborts without retrying", async () => {
    let attempts = 0;
    const counting: Fetch = (url, init) => {
      attempts += 1;
      return hanging(url, init);
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const err = await rejection(fakeClient(counting, { maxRetries: 3 }).employees.list({}, { signal: controller.signal }));
    assert.ok(err instanceof APIUserAbortError);
    assert.equal(attempts, 1);
  });

  it("the caller's signal also cuts a wait between retries short", async () => {
    const { fetch, calls } = fakeFetch(json(503, errorBody("service_unavailable"), { "retry-after": "30" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const err = await rejection(fakeClient(fetch).employees.list({}, { signal: controller.signal }));
    assert.ok(err instanceof APIUserAbortError);
    assert.equal(calls.length, 1);
    assert.ok(Date.now() - started < 2_000);
  });
});

describe("retries against the server (failures on demand)", () => {
  it("a POST whose answer was lost is retried with the same key and replayed, creating one record", async () => {
    const department = unique("idem");
    let dropNext = true;
    const seen: string[] = [];
    // The request reaches the server and is carried out; then the "connection drops".
    const flaky: Fetch = async (url, init) => {
      seen.push((init.headers as Record<string, string>)["idempotency-key"]!);
      const answer = await globalThis.fetch(url, init);
      if (dropNext) {
        dropNext = false;
        await answer.arrayBuffer();
        throw new TypeError("fetch failed: connection reset (simulated)");
      }
      return answer;
    };
    const pulse = client({ fetch: flaky, initialRetryDelay: 1 });
    const { data, response } = await pulse.employees
      .create({ full_name: "Retried Once", start_date: "2024-01-01", department })
      .withResponse();
    assert.equal(response.attempts, 2);
    assert.equal(response.idempotentReplayed, true);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1]);
    const page = await client().employees.list({ department });
    assert.deepEqual(
      page.data.map((e) => e.id),
      [data.id],
    );
  });

  it("a 503 injected before the server is retried and the real answer returned", async () => {
    let failures = 2;
    const flaky: Fetch = async (url, init) => {
      if (failures > 0) {
        failures -= 1;
        return json(503, errorBody("service_unavailable", "injected"));
      }
      return globalThis.fetch(url, init);
    };
    const pulse = client({ fetch: flaky, initialRetryDelay: 1 });
    const { data, response } = await pulse.eventTypes.list().withResponse();
    assert.ok(data.data.length > 0);
    assert.equal(response.attempts, 3);
  });

  it("the same idempotencyKey twice creates once and replays the first answer", async () => {
    const pulse = client();
    const key = unique("hire");
    const department = unique("idem2");
    const body = { full_name: "Grace Hopper", start_date: "2024-01-01", department };
    const first = await pulse.employees.create(body, { idempotencyKey: key }).withResponse();
    const second = await pulse.employees.create(body, { idempotencyKey: key }).withResponse();
    assert.equal(first.response.idempotentReplayed, false);
    assert.equal(second.response.idempotentReplayed, true);
    assert.deepEqual(second.data, first.data);
    assert.equal((await pulse.employees.list({ department })).total_count, 1);
  });

  it("the default base URL and env variables", () => {
    const pulse = new Pulse({ apiKey: "k", baseURL: "http://127.0.0.1:9/v1///" });
    assert.equal(pulse.baseURL, "http://127.0.0.1:9/v1");
    assert.equal(client().baseURL, process.env.PULSE_API_BASE!.replace(/\/+$/, ""));
    const saved = process.env.PULSE_API_BASE;
    delete process.env.PULSE_API_BASE;
    try {
      assert.equal(new Pulse({ apiKey: "k" }).baseURL, "https://api.pulsehr.it/v1");
    } finally {
      process.env.PULSE_API_BASE = saved;
    }
  });
});
