import type { PulseResponse } from "./response.js";

/** What a request resolves to before `APIPromise` unwraps it. */
export interface WithResponse<T> {
  data: T;
  response: PulseResponse;
}

/**
 * A request in flight. `await` it for the parsed body, or call `.withResponse()` for the body
 * and the HTTP response (headers, request id, rate-limit figures, idempotent replay).
 */
export class APIPromise<T> implements PromiseLike<T> {
  readonly #inner: Promise<WithResponse<T>>;

  constructor(inner: Promise<WithResponse<T>>) {
    this.#inner = inner;
  }

  /** The parsed body together with the HTTP response. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#inner;
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#inner.then((r) => r.data).then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return "APIPromise";
  }
}
