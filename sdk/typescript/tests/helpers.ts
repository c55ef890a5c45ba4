// Shared by the tests: the harness's environment, fresh employees, and a scriptable fake fetch.
import { Pulse, type Employee, type EmployeeCreate, type Fetch, type PulseOptions } from "@pulsehr/sdk";

/** A variable `scripts/with-test-server` sets; the tests refuse to run without it. */
export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests as \`scripts/with-test-server -- sdk/typescript/test\``);
  return value;
}

export const BASE = () => env("PULSE_API_BASE");

/** A client on the harness's all-scopes integration key (PULSE_API_KEY / PULSE_API_BASE). */
export function client(options: PulseOptions = {}): Pulse {
  return new Pulse(options);
}

let counter = 0;
/** A string no other test (or earlier run) uses. */
export function unique(prefix = "t"): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** YYYY-MM-DD of today (UTC) shifted by `days`. */
export function day(days = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** YYYY-MM-DD `days` after `date`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday `weeks` weeks from this week's (UTC). */
export function monday(weeks = 0): string {
  const d = new Date();
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back + weeks * 7);
  return d.toISOString().slice(0, 10);
}

/** A fresh active employee (started 2020), so a test owns its journal entries. */
export async function newEmployee(pulse: Pulse, extra: Partial<EmployeeCreate> = {}): Promise<Employee> {
  return pulse.employees.create({ full_name: `Test ${unique("emp")}`, start_date: "2020-01-06", ...extra });
}

export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Step = Response | Error | ((call: Call, init: RequestInit) => Response | Promise<Response>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": `req_fake${status}`, ...headers },
  });
}

export function errorBody(code: string, message = code, fields: string[] = []) {
  return { error: { code, message, fields, request_id: "req_fake" } };
}

export const EMPTY_LIST = { data: [], next_cursor: null, total_count: 0 };

/** A fetch that plays `steps` in order (the last one repeats) and records every call. */
export function fakeFetch(...steps: Step[]): { fetch: Fetch; calls: Call[] } {
  const calls: Call[] = [];
  let i = 0;
  const fetch: Fetch = async (url, init) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const call: Call = { url, method: init.method ?? "GET", headers, body: init.body as string | undefined };
    calls.push(call);
    const step = steps[Math.min(i, steps.length - 1)];
    i += 1;
    if (step instanceof Response) return step.clone();
    if (step instanceof Error) throw step;
    return step(call, init);
  };
  return { fetch, calls };
}

/** A client for fake-fetch tests: no real server involved, no waiting between retries. */
export function fakeClient(fetch: Fetch, options: PulseOptions = {}): Pulse {
  return new Pulse({
    apiKey: "pk_test_fake",
    baseURL: "http://127.0.0.1:9/v1",
    fetch,
    initialRetryDelay: 1,
    maxRetryDelay: 5,
    ...options,
  });
}
