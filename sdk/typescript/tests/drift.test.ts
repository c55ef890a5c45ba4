// The drift check: the SDK against the server's own OpenAPI document ($PULSE_API_BASE/openapi.json)
// and event catalogue. It fails, listing what is missing, when
//   1. an operation under /v1 has no SDK method, or an SDK method no operation;
//   2. a method does not send the request its operation describes (method, path);
//   3. the operations manifest or the model types (src/generated.ts) lag behind the document;
//   4. the event catalogue and the SDK's typed events differ.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { APIResource, EVENT_SCHEMAS, OPERATIONS, Page } from "@pulsehr/sdk";
import { BASE, client, EMPTY_LIST, fakeClient, fakeFetch, json } from "./helpers.js";

interface SpecOperation {
  id: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string }[];
  body: string | null;
}

interface Codegen {
  generate(spec: unknown): string;
  normalize(source: string): string;
  diff(committed: string, fresh: string): string[];
  specOperations(spec: unknown): SpecOperation[];
  camel(snake: string): string;
}

const ROOT = new URL("../../", import.meta.url); // build/tests/ → the package
let spec: { paths: Record<string, unknown> };
let codegen: Codegen;
let specOps: SpecOperation[];

/** operationId → "namespace.method" as the SDK spells it (`webhook_endpoints.roll_secret` → `webhookEndpoints.rollSecret`). */
function sdkName(operationId: string): string {
  return operationId.split(".").map(codegen.camel).join(".");
}

/** Every public method of every namespace of a client: "namespace.method". */
function sdkMethods(pulse: object): Map<string, (...args: unknown[]) => unknown> {
  const out = new Map<string, (...args: unknown[]) => unknown>();
  for (const [ns, resource] of Object.entries(pulse)) {
    if (!(resource instanceof APIResource)) continue;
    let proto = Object.getPrototypeOf(resource);
    while (proto && proto !== APIResource.prototype) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = (resource as unknown as Record<string, unknown>)[name];
        if (name === "constructor" || name.startsWith("_") || typeof fn !== "function") continue;
        out.set(`${ns}.${name}`, (fn as (...a: unknown[]) => unknown).bind(resource));
      }
      proto = Object.getPrototypeOf(proto);
    }
  }
  return out;
}

function report(title: string, problems: string[]): void {
  assert.deepEqual(problems, [], `${title}:\n  - ${problems.join("\n  - ")}`);
}

describe("drift check against $PULSE_API_BASE/openapi.json", () => {
  before(async () => {
    const res = await fetch(`${BASE()}/openapi.json`, { headers: { Accept: "application/json" } });
    assert.equal(res.status, 200, "GET /v1/openapi.json");
    spec = (await res.json()) as typeof spec;
    codegen = (await import(new URL("scripts/codegen.mjs", ROOT).href)) as Codegen;
    specOps = codegen.specOperations(spec);
  });

  it("the document has operations under /v1, each with an operationId", () => {
    assert.ok(specOps.length > 20, `${specOps.length} operations`);
    const paths = Object.entries(spec.paths).filter(([p]) => p.startsWith("/v1/"));
    for (const [path, item] of paths) {
      for (const [method, op] of Object.entries(item as Record<string, { operationId?: string }>)) {
        if (["get", "post", "put", "patch", "delete"].includes(method)) {
          assert.ok(op.operationId, `${method.toUpperCase()} ${path} has an operationId`);
        }
      }
    }
  });

  it("every operation has an SDK method and every SDK method an operation", () => {
    const methods = sdkMethods(client());
    const wanted = new Map(specOps.map((op) => [sdkName(op.id), op]));
    const problems: string[] = [];
    for (const [name, op] of wanted) {
      if (!methods.has(name)) problems.push(`missing in the SDK: pulse.${name}() for ${op.id} (${op.method} /v1${op.path})`);
    }
    for (const name of methods.keys()) {
      if (!wanted.has(name)) problems.push(`not in the API: pulse.${name}() has no operation in openapi.json`);
    }
    report("SDK methods and API operations differ", problems);
  });

  it("the operations manifest matches the document (method, path, parameters, body)", () => {
    const manifest = OPERATIONS as Record<string, { method: string; path: string; pathParams: readonly string[]; queryParams: readonly string[]; body: string | null }>;
    const problems: string[] = [];
    for (const op of specOps) {
      const mine = manifest[op.id];
      if (!mine) {
        problems.push(`missing in OPERATIONS: ${op.id} (${op.method} /v1${op.path})`);
        continue;
      }
      const theirs = { method: op.method, path: op.path, pathParams: op.pathParams, queryParams: op.queryParams.map((p) => p.name), body: op.body };
      for (const field of Object.keys(theirs) as (keyof typeof theirs)[]) {
        if (JSON.stringify(mine[field]) !== JSON.stringify(theirs[field])) {
          problems.push(`${op.id}: ${field} is ${JSON.stringify(mine[field])} in the SDK, ${JSON.stringify(theirs[field])} in the API`);
        }
      }
    }
    for (const id of Object.keys(manifest)) {
      if (!specOps.some((op) => op.id === id)) problems.push(`not in the API: OPERATIONS has ${id}`);
    }
    report("OPERATIONS differs from openapi.json (run `npm run codegen`)", problems);
  });

  it("each method sends its operation's request", async () => {
    const { fetch, calls } = fakeFetch(json(200, EMPTY_LIST));
    const methods = sdkMethods(fakeClient(fetch));
    const problems: string[] = [];
    for (const op of specOps) {
      const call = methods.get(sdkName(op.id));
      if (!call) continue; // reported above
      const ids = op.pathParams.map((p) => `probe_${p}`);
      const before = calls.length;
      const result = await call(...ids, {});
      const sent = calls.slice(before);
      const expected = op.path.replace(/\{(\w+)\}/g, (_, p: string) => `probe_${p}`);
      if (sent.length !== 1) {
        problems.push(`${op.id}: sent ${sent.length} requests`);
        continue;
      }
      const url = new URL(sent[0]!.url);
      const path = url.pathname.replace(/^\/v1/, "");
      if (sent[0]!.method !== op.method || path !== expected) {
        problems.push(`${op.id}: sent ${sent[0]!.method} ${path}, the API has ${op.method} ${expected}`);
      }
      const isList = op.queryParams.some((p) => p.name === "cursor");
      if (isList !== result instanceof Page) {
        problems.push(`${op.id}: ${isList ? "a paged list should" : "only paged lists"} resolve to a Page`);
      }
    }
    report("methods send other requests than their operations", problems);
  });

  it("src/generated.ts (models, parameters, manifest) is what the document generates", () => {
    const committed = readFileSync(new URL("src/generated.ts", ROOT), "utf8");
    const problems = codegen.diff(committed, codegen.generate(spec));
    report("src/generated.ts is stale: run `npm run codegen` against the server", problems);
  });

  it("the event catalogue (GET /v1/event-types) matches the SDK's typed events", async () => {
    const catalogue = await client().eventTypes.list();
    const theirs = new Map(catalogue.data.map((t) => [t.type, t.schema]));
    const mine = new Map(Object.entries(EVENT_SCHEMAS));
    const problems: string[] = [];
    for (const [type, schema] of theirs) {
      if (!mine.has(type)) problems.push(`missing in the SDK: event type ${type} (data: ${schema})`);
      else if (mine.get(type) !== schema) problems.push(`${type}: data is ${mine.get(type)} in the SDK, ${schema} in the API`);
    }
    for (const type of mine.keys()) if (!theirs.has(type)) problems.push(`not in the API: event type ${type}`);
    const schemas = (spec as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas;
    for (const schema of theirs.values()) if (!(schema in schemas)) problems.push(`the catalogue names ${schema}, not in components.schemas`);
    report("event catalogue and SDK differ", problems);
  });
});
