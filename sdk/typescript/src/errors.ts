import { parseRateLimit, parseRetryAfter, type RateLimitInfo } from "./response.js";

/** The base of every error this SDK throws. */
export class PulseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = new.target.name;
    if (options && "cause" in options) {
      Object.defineProperty(this, "cause", { value: options.cause, configurable: true, writable: true });
    }
  }
}

/** The `error` object of the API's error envelope. */
export interface ErrorBody {
  code: string;
  message: string;
  fields: string[];
  request_id: string;
}

/**
 * The API answered with an error status. `code`, `message`, `fields` and `requestId` come from
 * the envelope `{"error": {"code", "message", "fields", "request_id"}}`; `status` and `headers`
 * from the HTTP response. Catch a subclass (`NotFoundError`, `RateLimitError`, …) or test `code`.
 */
export class APIError extends PulseError {
  /** The HTTP status. */
  readonly status: number;
  /** The stable error code, e.g. `not_found` (for an answer without the envelope: `http_<status>`). */
  readonly code: string;
  /** The request fields at fault (dotted paths into the body, or parameter names). */
  readonly fields: string[];
  /** The request id (`req_…`): from the body, else the `X-Request-Id` header. */
  readonly requestId: string | null;
  /** The response headers. */
  readonly headers: Headers;
  /** `Retry-After` in seconds, when the answer carries it (429, and the "still in flight" 409). */
  readonly retryAfter: number | null;
  /** The `X-RateLimit-*` figures, when the answer carries them. */
  readonly rateLimit: RateLimitInfo | null;
  /** The parsed response body (the envelope, or the raw text when it was not JSON). */
  readonly body: unknown;

  constructor(status: number, error: ErrorBody | null, headers: Headers, body: unknown) {
    const code = error?.code ?? `http_${status}`;
    const message = error?.message ?? defaultMessage(status, body);
    super(message);
    this.status = status;
    this.code = code;
    this.fields = Array.isArray(error?.fields) ? error!.fields : [];
    this.requestId = error?.request_id ?? headers.get("x-request-id");
    this.headers = headers;
    this.retryAfter = parseRetryAfter(headers.get("retry-after"));
    this.rateLimit = parseRateLimit(headers);
    this.body = body;
  }

  /** Builds the subclass that matches the error code (or, failing that, the HTTP status). */
  static from(status: number, body: unknown, headers: Headers): APIError {
    const error = envelope(body);
    const cls = (error && BY_CODE[error.code]) || BY_STATUS[status] || APIError;
    return new cls(status, error, headers, body);
  }

  override toString(): string {
    const where = this.fields.length ? ` [${this.fields.join(", ")}]` : "";
    const rid = this.requestId ? ` (request ${this.requestId})` : "";
    return `${this.name}: ${this.status} ${this.code}: ${this.message}${where}${rid}`;
  }
}

function defaultMessage(status: number, body: unknown): string {
  const text = typeof body === "string" ? body.trim().slice(0, 200) : "";
  return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
}

function envelope(body: unknown): ErrorBody | null {
  if (!body || typeof body !== "object") return null;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== "object") return null;
  const e = error as Record<string, unknown>;
  if (typeof e.code !== "string") return null;
  return {
    code: e.code,
    message: typeof e.message === "string" ? e.message : "",
    fields: Array.isArray(e.fields) ? e.fields.map(String) : [],
    request_id: typeof e.request_id === "string" ? e.request_id : "",
  };
}

/** 400 `invalid_request`: the body or parameters failed validation; `fields` lists them all. */
export class InvalidRequestError extends APIError {}
/** 401 `unauthenticated`: missing, malformed, unknown, revoked or expired key. */
export class AuthenticationError extends APIError {}
/** 403 `permission_denied`: the key lacks the scope, or a personal key acts for someone else. */
export class PermissionDeniedError extends APIError {}
/** 404 `not_found`: unknown id (or another tenant's), unknown route. */
export class NotFoundError extends APIError {}
/** 405 `method_not_allowed`. */
export class MethodNotAllowedError extends APIError {}
/** 409 `conflict`: stale `version`, a uniqueness clash, an `Idempotency-Key` reused or still in flight. */
export class ConflictError extends APIError {}
/** 413 `payload_too_large`: a body over 1 MiB. */
export class PayloadTooLargeError extends APIError {}
/** 415 `unsupported_media_type`. */
export class UnsupportedMediaTypeError extends APIError {}
/** 422 `unprocessable_entity`: well-formed but impossible (end before start, over allowance, …). */
export class UnprocessableEntityError extends APIError {}
/** 429 `rate_limited`: over the key's limit; `retryAfter` says how many seconds to wait. */
export class RateLimitError extends APIError {}
/** 500 `internal_error`: a server bug; the message carries the incident (request) id. */
export class InternalServerError extends APIError {}
/** 503 `service_unavailable`. */
export class ServiceUnavailableError extends APIError {}

type APIErrorClass = new (status: number, error: ErrorBody | null, headers: Headers, body: unknown) => APIError;

/** Error code → class. */
export const ERROR_CLASSES: Readonly<Record<string, APIErrorClass>> = Object.freeze({
  invalid_request: InvalidRequestError,
  unauthenticated: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  method_not_allowed: MethodNotAllowedError,
  conflict: ConflictError,
  payload_too_large: PayloadTooLargeError,
  unsupported_media_type: UnsupportedMediaTypeError,
  unprocessable_entity: UnprocessableEntityError,
  rate_limited: RateLimitError,
  internal_error: InternalServerError,
  service_unavailable: ServiceUnavailableError,
});

const BY_CODE = ERROR_CLASSES;

const BY_STATUS: Readonly<Record<number, APIErrorClass>> = {
  400: InvalidRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  405: MethodNotAllowedError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
  503: ServiceUnavailableError,
};

/** The request never got an answer: DNS, refused or reset connection, TLS, … (`cause` has it). */
export class APIConnectionError extends PulseError {
  constructor(message = "Connection error", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No answer within the timeout (every attempt of it). */
export class APIConnectionTimeoutError extends APIConnectionError {
  constructor(message = "Request timed out", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller's `signal` aborted the request. */
export class APIUserAbortError extends PulseError {
  constructor(message = "Request was aborted", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `webhooks.verify` refused a payload: bad or missing signature, stale timestamp, not JSON. */
export class WebhookVerificationError extends PulseError {}
