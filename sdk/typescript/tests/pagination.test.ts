// Auto-pagination across real pages: Page fields, async iteration, page iteration.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Page, PagePromise, type Employee } from "@pulsehr/sdk";
import { client, EMPTY_LIST, fakeClient, fakeFetch, json, unique } from "./helpers.js";

const pulse = client();

describe("pagination against the server", () => {
  const department = unique("pages");
  let created: Employee[] = [];

  before(async () => {
    created = [];
    // One at a time, so the ids (ULIDs, ordered by creation) come out in this order.
    for (let i = 0; i < 5; i++) {
      created.push(await pulse.employees.create({ full_name: `Pager ${i}`, start_date: "2022-03-07", department }));
    }
  });

  it("a page exposes data, next_cursor and total_count", async () => {
    const page = await pulse.employees.list({ department, limit: 2 });
    assert.ok(page instanceof Page);
    assert.equal(page.data.length, 2);
    assert.equal(page.total_count, 5);
    assert.equal(typeof page.next_cursor, "string");
    assert.ok(page.hasNextPage());
    assert.deepEqual(JSON.parse(JSON.stringify(page)), {
      data: page.data,
      next_cursor: page.next_cursor,
      total_count: 5,
    });
  });

  it("for await over a list promise yields every item across pages, in order", async () => {
    const list = pulse.employees.list({ department, limit: 2 });
    assert.ok(list instanceof PagePromise);
    const ids: string[] = [];
    for await (const employee of list) ids.push(employee.id);
    assert.deepEqual(
      ids,
      created.map((e) => e.id),
    );
  });

  it("for await over an awaited page iterates from that page on", async () => {
    const first = await pulse.employees.list({ department, limit: 2 });
    const second = await first.getNextPage();
    assert.deepEqual(
      second.data.map((e) => e.id),
      created.slice(2, 4).map((e) => e.id),
    );
    const rest: string[] = [];
    for await (const employee of second) rest.push(employee.id);
    assert.deepEqual(
      rest,
      created.slice(2).map((e) => e.id),
    );
  });

  it("iterPages walks every page and the last one has no cursor", async () => {
    const sizes: number[] = [];
    let last: Page<Employee> | undefined;
    for await (const page of pulse.employees.list({ department, limit: 2 }).iterPages()) {
      sizes.push(page.data.length);
      assert.equal(page.total_count, 5);
      assert.match(page.response.requestId ?? "", /^req_/);
      last = page;
    }
    assert.deepEqual(sizes, [2, 2, 1]);
    assert.ok(last);
    assert.equal(last.next_cursor, null);
    assert.equal(last.hasNextPage(), false);
    await assert.rejects(last.getNextPage(), /No next page/);
  });

  it("limit may change between pages; the filters stay", async () => {
    const first = await pulse.employees.list({ department, limit: 1 });
    const next = await pulse.employees.list({ department, limit: 4, cursor: first.next_cursor! });
    assert.deepEqual(
      next.data.map((e) => e.id),
      created.slice(1).map((e) => e.id),
    );
    assert.equal(next.next_cursor, null);
  });

  it("an empty list iterates nothing", async () => {
    const items: unknown[] = [];
    for await (const e of pulse.employees.list({ department: unique("nobody") })) items.push(e);
    assert.deepEqual(items, []);
  });
});

describe("pagination requests", () => {
  it("asks for each next page with the same filters and the previous cursor", async () => {
    const { fetch, calls } = fakeFetch(
      json(200, { data: [{ id: "a" }, { id: "b" }], next_cursor: "c1", total_count: 3 }),
      json(200, { data: [{ id: "c" }], next_cursor: null, total_count: 3 }),
      json(200, EMPTY_LIST),
    );
    const pulse = fakeClient(fetch);
    const ids: string[] = [];
    for await (const e of pulse.kudos.list({ tag: "craft", limit: 2 })) ids.push(e.id);
    assert.deepEqual(ids, ["a", "b", "c"]);
    assert.equal(calls.length, 2);
    assert.equal(calls[0]!.url, "http://127.0.0.1:9/v1/kudos?tag=craft&limit=2");
    assert.equal(calls[1]!.url, "http://127.0.0.1:9/v1/kudos?tag=craft&limit=2&cursor=c1");
  });

  it("stops early when the loop breaks", async () => {
    const { fetch, calls } = fakeFetch(json(200, { data: [{ id: "a" }, { id: "b" }], next_cursor: "c1", total_count: 4 }));
    const pulse = fakeClient(fetch);
    for await (const e of pulse.leave.list()) {
      assert.equal(e.id, "a");
      break;
    }
    assert.equal(calls.length, 1);
  });
});
