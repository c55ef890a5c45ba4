import { APIPromise, type WithResponse } from "./api-promise.js";
import type { PulseResponse } from "./response.js";

/** The wire shape of every list answer. */
export interface ListBody<T> {
  data: T[];
  next_cursor: string | null;
  total_count: number;
}

/** Fetches the page after `cursor` (the list, its filters and request options are bound). */
export type PageFetcher<T> = (cursor: string) => Promise<WithResponse<ListBody<T>>>;

/**
 * One page of a list: `data`, `next_cursor` and `total_count` as the API sent them, and an
 * async iterable over every item from this page to the last (fetching pages as it goes).
 *
 *     const page = await pulse.employees.list({ limit: 50 });
 *     page.data.length; page.total_count;
 *     for await (const employee of page) { … }   // every employee, across pages
 */
export class Page<T> implements AsyncIterable<T>, ListBody<T> {
  data: T[];
  next_cursor: string | null;
  total_count: number;
  readonly #response: PulseResponse;
  readonly #fetchPage: PageFetcher<T>;

  constructor(body: ListBody<T>, response: PulseResponse, fetchPage: PageFetcher<T>) {
    this.data = Array.isArray(body?.data) ? body.data : [];
    this.next_cursor = body?.next_cursor ?? null;
    this.total_count = typeof body?.total_count === "number" ? body.total_count : this.data.length;
    this.#response = response;
    this.#fetchPage = fetchPage;
  }

  /** The HTTP response of this page (headers, request id, rate-limit figures). */
  get response(): PulseResponse {
    return this.#response;
  }

  hasNextPage(): boolean {
    return this.next_cursor !== null && this.next_cursor !== "";
  }

  /** The next page; throws when this is the last one (check `hasNextPage()`). */
  async getNextPage(): Promise<Page<T>> {
    if (!this.hasNextPage()) throw new Error("No next page: next_cursor is null");
    const { data, response } = await this.#fetchPage(this.next_cursor as string);
    return new Page(data, response, this.#fetchPage);
  }

  /** This page and every page after it. */
  async *iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    let page: Page<T> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.iterPages()) yield* page.data;
  }

  toJSON(): ListBody<T> {
    return { data: this.data, next_cursor: this.next_cursor, total_count: this.total_count };
  }
}

/**
 * A list request in flight: `await` it for the first `Page`, or `for await` over it directly
 * for every item across pages.
 */
export class PagePromise<T> extends APIPromise<Page<T>> implements AsyncIterable<T> {
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    const page = await this;
    yield* page;
  }

  /** Every page, from the first. */
  async *iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    const page = await this;
    yield* page.iterPages();
  }
}
