/** The `X-RateLimit-*` figures of an answer (absent when the deployment does not limit). */
export interface RateLimitInfo {
  /** Requests allowed per rolling minute for this API key. */
  limit: number;
  /** Requests left in the current window. */
  remaining: number;
  /** When another request becomes available. */
  reset: Date | null;
}

/** The HTTP side of an answer: what `.withResponse()` and `page.response` give. */
export interface PulseResponse {
  /** The HTTP status. */
  status: number;
  /** Every response header. */
  headers: Headers;
  /** `X-Request-Id` (`req_…`); quote it when reporting a problem. */
  requestId: string | null;
  /** `X-RateLimit-Limit`, `-Remaining` and `-Reset`, or null when the answer has none. */
  rateLimit: RateLimitInfo | null;
  /** True when the answer is the replay of an earlier request with the same `Idempotency-Key`. */
  idempotentReplayed: boolean;
  /** The attempts it took (1 without retries). */
  attempts: number;
  /** The `fetch` Response (its body already read). */
  raw: Response;
}

export function parseRateLimit(headers: Headers): RateLimitInfo | null {
  const limit = headers.get("x-ratelimit-limit");
  const remaining = headers.get("x-ratelimit-remaining");
  if (limit === null || remaining === null) return null;
  const reset = headers.get("x-ratelimit-reset");
  const resetDate = reset ? new Date(reset) : null;
  return {
    limit: Number(limit),
    remaining: Number(remaining),
    reset: resetDate && !Number.isNaN(resetDate.getTime()) ? resetDate : null,
  };
}

/** `Retry-After` in seconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, (date - now) / 1000);
}

export function toPulseResponse(raw: Response, attempts: number): PulseResponse {
  return {
    status: raw.status,
    headers: raw.headers,
    requestId: raw.headers.get("x-request-id"),
    rateLimit: parseRateLimit(raw.headers),
    idempotentReplayed: raw.headers.get("idempotent-replayed") === "true",
    attempts,
    raw,
  };
}
