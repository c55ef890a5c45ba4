import { APIPromise, type WithResponse } from "./api-promise.js";
import { randomUUID } from "./crypto.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  PulseError,
} from "./errors.js";
import { OPERATIONS, type OperationId } from "./generated.js";
import { Page, PagePromise, type ListBody } from "./pagination.js";
import {
  Employees,
  EventTypes,
  Events,
  Kudos,
  Leave,
  Scores,
  StatusLog,
  WebhookEndpoints,
  WorkloadCheckins,
} from "./resources.js";
import { toPulseResponse } from "./response.js";
import { VERSION } from "./version.js";
import { webhooks } from "./webhooks.js";

export const DEFAULT_BASE_URL = "https://api.pulsehr.it/v1";

/** A `fetch` (the global one by default; inject another for proxies, tests or instrumentation). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface PulseOptions {
  /** The API key (`pk_live_…` / `pk_test_…`). Default: `PULSE_API_KEY`. */
  apiKey?: string;
  /** The API's base URL, `/v1` included. Default: `PULSE_API_BASE`, else `https://api.pulsehr.it/v1`. */
  baseURL?: string;
  /** Milliseconds one attempt may take, answer included (default 60 000). */
  timeout?: number;
  /** Retries after the first attempt (default 2). 0 turns retrying off. */
  maxRetries?: number;
  /** First backoff delay in ms, doubled at each retry, ±25 % jitter (default 500). */
  initialRetryDelay?: number;
  /** Longest backoff delay in ms (default 8 000). */
  maxRetryDelay?: number;
  /** Longest `Retry-After` (seconds) worth waiting for; a longer one is thrown at once (default 60). */
  maxRetryAfter?: number;
  /** The `fetch` to use (default: the global `fetch`). */
  fetch?: Fetch;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
}

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** `Idempotency-Key` for a POST or DELETE (default: a random UUID, the same for every retry). */
  idempotencyKey?: string;
  /** Overrides the client's `timeout` (ms per attempt). */
  timeout?: number;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number;
  /** Aborts the request (and any wait between retries). */
  signal?: AbortSignal;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
}

/** @internal What a resource method hands the client. */
export interface RequestArgs {
  path?: Record<string, string>;
  query?: object;
  body?: unknown;
  options?: RequestOptions | undefined;
}

function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined && v !== null) out[k.toLowerCase()] = v;
  return out;
}

function queryValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * The Pulse HR API client.
 *
 *     import { Pulse } from "@pulsehr/sdk";
 *     const pulse = new Pulse({ apiKey: process.env.PULSE_API_KEY! });
 *     for await (const employee of pulse.employees.list({ status: "active" })) { … }
 */
export class Pulse {
  /** Webhook signature verification: `Pulse.webhooks.verify(rawBody, header, secret)`. */
  static readonly webhooks = webhooks;
  /** Same as `Pulse.webhooks`. */
  readonly webhooks = webhooks;

  readonly employees: Employees;
  readonly statusLog: StatusLog;
  readonly kudos: Kudos;
  readonly workloadCheckins: WorkloadCheckins;
  readonly leave: Leave;
  readonly scores: Scores;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly events: Events;
  readonly eventTypes: EventTypes;

  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly initialRetryDelay: number;
  readonly maxRetryDelay: number;
  readonly maxRetryAfter: number;
  readonly #apiKey: string;
  readonly #fetch: Fetch;
  readonly #defaultHeaders: Record<string, string>;

  constructor(options: PulseOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("PULSE_API_KEY");
    if (!apiKey) {
      throw new PulseError("No API key: pass `new Pulse({ apiKey })` or set PULSE_API_KEY");
    }
    this.#apiKey = apiKey;
    this.baseURL = (options.baseURL ?? readEnv("PULSE_API_BASE") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.timeout = options.timeout ?? 60_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.initialRetryDelay = options.initialRetryDelay ?? 500;
    this.maxRetryDelay = options.maxRetryDelay ?? 8_000;
    this.maxRetryAfter = options.maxRetryAfter ?? 60;
    if (options.fetch === undefined && typeof (globalThis as { fetch?: unknown }).fetch !== "function") {
      throw new PulseError("No fetch: run on Node 18+ or Bun, or pass `new Pulse({ fetch })`");
    }
    this.#fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.#defaultHeaders = { ...options.defaultHeaders };

    this.employees = new Employees(this);
    this.statusLog = new StatusLog(this);
    this.kudos = new Kudos(this);
    this.workloadCheckins = new WorkloadCheckins(this);
    this.leave = new Leave(this);
    this.scores = new Scores(this);
    this.webhookEndpoints = new WebhookEndpoints(this);
    this.events = new Events(this);
    this.eventTypes = new EventTypes(this);
  }

  /** @internal Calls one operation; resolves to its parsed body. */
  _request<T>(operationId: OperationId, args: RequestArgs = {}): APIPromise<T> {
    return new APIPromise(this.#send<T>(operationId, args));
  }

  /** @internal Calls one list operation; resolves to a `Page` that iterates across pages. */
  _list<T>(operationId: OperationId, args: RequestArgs = {}): PagePromise<T> {
    const fetchPage = (cursor: string) =>
      this.#send<ListBody<T>>(operationId, { ...args, query: { ...args.query, cursor } });
    const first = this.#send<ListBody<T>>(operationId, args).then(({ data, response }) => ({
      data: new Page<T>(data, response, fetchPage),
      response,
    }));
    return new PagePromise(first);
  }

  #url(operationId: OperationId, path: Record<string, string> = {}, query: object = {}): string {
    const op = OPERATIONS[operationId];
    let route: string = op.path;
    for (const name of op.pathParams) {
      const value = path[name];
      if (typeof value !== "string" || value === "") {
        throw new PulseError(`${operationId}: \`${name}\` must be a non-empty string`);
      }
      route = route.replace(`{${name}}`, encodeURIComponent(value));
    }
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue;
      search.append(k, queryValue(v));
    }
    const qs = search.toString();
    return `${this.baseURL}${route}${qs ? `?${qs}` : ""}`;
  }

  async #send<T>(operationId: OperationId, args: RequestArgs): Promise<WithResponse<T>> {
    const op = OPERATIONS[operationId];
    const options = args.options ?? {};
    const url = this.#url(operationId, args.path, args.query);
    // Lower-case names throughout, so a caller's header replaces ours instead of doubling it.
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": `pulsehr-typescript/${VERSION}`,
      ...lowerCaseKeys(this.#defaultHeaders),
      ...lowerCaseKeys(options.headers),
      authorization: `Bearer ${this.#apiKey}`,
    };
    let body: string | undefined;
    if (args.body !== undefined && args.body !== null) {
      body = JSON.stringify(args.body);
      headers["content-type"] = "application/json";
    }
    if (op.method === "POST" || op.method === "DELETE") {
      // One key for every attempt: a retry of a request that did land replays its answer.
      headers["idempotency-key"] = options.idempotencyKey ?? headers["idempotency-key"] ?? randomUUID();
    }
    const maxRetries = Math.max(0, options.maxRetries ?? this.maxRetries);
    const timeout = options.timeout ?? this.timeout;

    for (let attempt = 1; ; attempt++) {
      let raw: Response;
      let text: string;
      try {
        ({ raw, text } = await this.#attempt(url, { method: op.method, headers, body }, timeout, options.signal));
      } catch (err) {
        if (err instanceof APIConnectionError && attempt <= maxRetries) {
          await sleep(this.#backoff(attempt), options.signal);
          continue;
        }
        throw err;
      }
      const parsed = parseBody(text);
      if (raw.ok) {
        if (parsed.error) {
          throw new PulseError(`Could not parse the ${raw.status} answer of ${operationId} as JSON`, {
            cause: parsed.error,
          });
        }
        return { data: parsed.value as T, response: toPulseResponse(raw, attempt) };
      }
      const error = APIError.from(raw.status, parsed.error ? text : parsed.value, raw.headers);
      const delay = this.#retryDelay(error, attempt);
      if (delay !== null && attempt <= maxRetries) {
        await sleep(delay, options.signal);
        continue;
      }
      throw error;
    }
  }

  async #attempt(
    url: string,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<{ raw: Response; text: string }> {
    if (signal?.aborted) throw new APIUserAbortError();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const raw = await this.#fetch(url, { ...init, signal: controller.signal });
      const text = await raw.text();
      return { raw, text };
    } catch (err) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: err });
      if (timedOut) throw new APIConnectionTimeoutError(`Request timed out after ${timeout} ms`, { cause: err });
      const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new APIConnectionError(`Connection error: ${reason}`, { cause: err });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Milliseconds to wait before retrying after `error`, or null when it is not worth a retry. */
  #retryDelay(error: APIError, attempt: number): number | null {
    const retryable =
      error.status === 429 ||
      error.status >= 500 ||
      // The "same Idempotency-Key still in flight" 409 is the one conflict a retry can cure.
      (error.status === 409 && error.retryAfter !== null);
    if (!retryable) return null;
    if (error.retryAfter !== null) {
      return error.retryAfter <= this.maxRetryAfter ? error.retryAfter * 1000 : null;
    }
    return this.#backoff(attempt);
  }

  #backoff(attempt: number): number {
    const base = Math.min(this.initialRetryDelay * 2 ** (attempt - 1), this.maxRetryDelay);
    return base * (1 - Math.random() * 0.25);
  }
}

function parseBody(text: string): { value: unknown; error: unknown } {
  if (text === "") return { value: undefined, error: null };
  try {
    return { value: JSON.parse(text), error: null };
  } catch (error) {
    return { value: undefined, error };
  }
}
