#!/usr/bin/env node
// Generates src/generated.ts from the Pulse HR OpenAPI document: an interface or union for
// every component schema, a `…Params` interface for every operation's query parameters, and
// OPERATIONS, the manifest (method, path, parameters, body) that the hand-written resource
// methods call through.
//
//   node scripts/codegen.mjs                     # fetch $PULSE_API_BASE/openapi.json
//   node scripts/codegen.mjs openapi.json        # or read a file (`pulse openapi > openapi.json`)
//   node scripts/codegen.mjs URL --check         # exit 1 when src/generated.ts is stale
//
// test/drift.test.ts imports `generate` and compares its output with the committed file, so a
// spec change that leaves the SDK behind fails the tests. No dependencies: plain Node 18+.

import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The operations of these tags/prefixes are not part of the SDK. */
const SKIPPED_OPERATION_PREFIXES = ["health."];
/** Component schemas that only the skipped operations use. */
const SKIPPED_SCHEMAS = new Set(["Health"]);
/** Enums longer than this (ISO country codes) become `string`: the server accepts any case. */
const MAX_ENUM_MEMBERS = 50;

const HEADER = `// Generated from the Pulse HR OpenAPI document by scripts/codegen.mjs. Do not edit by hand:
// run \`npm run codegen\` (against a running server or a saved \`pulse openapi\` file) instead.
/* eslint-disable */
`;

export function camel(snake) {
  return snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

export function pascal(snake) {
  const c = camel(snake);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** The SDK's operations: every operation under /v1 but health checks. */
export function specOperations(spec) {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (!path.startsWith("/v1/")) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const id = op.operationId;
      if (!id || SKIPPED_OPERATION_PREFIXES.some((p) => id.startsWith(p))) continue;
      const params = (op.parameters ?? []).map((p) => resolve(spec, p));
      const body = op.requestBody?.content?.["application/json"]?.schema ?? null;
      out.push({
        id,
        method: method.toUpperCase(),
        path: path.slice("/v1".length),
        pathParams: params.filter((p) => p.in === "path").map((p) => p.name),
        queryParams: params.filter((p) => p.in === "query"),
        body: body === null ? null : schemaName(body),
        bodyRequired: Boolean(op.requestBody?.required),
      });
    }
  }
  out.sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

function resolve(spec, node) {
  if (node && node.$ref) {
    const parts = node.$ref.replace(/^#\//, "").split("/");
    let target = spec;
    for (const part of parts) target = target[part];
    return target;
  }
  return node;
}

function refName(ref) {
  return ref.split("/").pop();
}

/** The component a body schema names (`EventReplay` for `EventReplay | null`). */
function schemaName(schema) {
  if (schema.$ref) return refName(schema.$ref);
  for (const alt of schema.anyOf ?? []) if (alt.$ref) return refName(alt.$ref);
  return "unknown";
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name) {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

function literal(value) {
  return JSON.stringify(value);
}

/** The TypeScript type of a JSON schema (as used by this API's documents). */
export function tsType(schema, indent = "") {
  if (!schema || Object.keys(schema).length === 0) return "unknown";
  if (schema.$ref) return refName(schema.$ref);
  if ("const" in schema) return literal(schema.const);
  if (schema.anyOf || schema.oneOf) {
    const alts = (schema.anyOf ?? schema.oneOf).map((s) => tsType(s, indent));
    return [...new Set(alts)].join(" | ");
  }
  if (schema.enum) {
    if (schema.enum.length > MAX_ENUM_MEMBERS) return "string";
    return schema.enum.map(literal).join(" | ");
  }
  switch (schema.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array": {
      const item = tsType(schema.items, indent);
      return /[ |&]/.test(item) ? `Array<${item}>` : `${item}[]`;
    }
    case "object": {
      if (schema.properties) return objectBody(schema, indent);
      if (schema.patternProperties) {
        const values = Object.values(schema.patternProperties).map((s) => tsType(s, indent));
        return `Record<string, ${[...new Set(values)].join(" | ")}>`;
      }
      if (schema.additionalProperties && schema.additionalProperties !== true) {
        return `Record<string, ${tsType(schema.additionalProperties, indent)}>`;
      }
      return "Record<string, unknown>";
    }
    default:
      return "unknown";
  }
}

function comment(text, indent) {
  if (!text) return "";
  const lines = text.trim().split("\n");
  if (lines.length === 1) return `${indent}/** ${lines[0].replace(/\*\//g, "*\\/")} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l.replace(/\*\//g, "*\\/")}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

function propertyDoc(schema) {
  const parts = [];
  if (schema.description) parts.push(schema.description);
  const formats = [schema, ...(schema.anyOf ?? [])].map((s) => s.format).filter(Boolean);
  if (formats.length) parts.push(`Format: ${formats[0]}.`);
  return parts.join(" ");
}

function objectBody(schema, indent) {
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(schema.properties).map(([name, prop]) => {
    const optional = required.has(name) ? "" : "?";
    return `${comment(propertyDoc(prop), inner)}${inner}${key(name)}${optional}: ${tsType(prop, inner)};`;
  });
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function declaration(name, schema) {
  const doc = comment(schema.description, "");
  if (schema.type === "object" && schema.properties) {
    return `${doc}export interface ${name} ${objectBody(schema, "")}\n`;
  }
  return `${doc}export type ${name} = ${tsType(schema, "")};\n`;
}

function paramsDeclaration(op) {
  const name = paramsTypeName(op.id);
  const lines = op.queryParams.map((p) => {
    const optional = p.required ? "" : "?";
    const doc = comment(p.description ?? p.schema?.description, "  ");
    return `${doc}  ${key(p.name)}${optional}: ${tsType(p.schema, "  ")};`;
  });
  return `/** Query parameters of \`${op.id}\` (${op.method} ${op.path}). */\nexport interface ${name} {\n${lines.join("\n")}\n}\n`;
}

export function paramsTypeName(operationId) {
  const [resource, method] = operationId.split(".");
  return `${pascal(resource)}${pascal(method)}Params`;
}

/** The whole of src/generated.ts for an OpenAPI document. */
export function generate(spec) {
  const ops = specOperations(spec);
  const out = [HEADER];
  out.push(`/** The OpenAPI document's \`info.version\` these types were generated from. */`);
  out.push(`export const API_VERSION = ${literal(spec.info?.version ?? "unknown")};\n`);
  out.push("// ---- Models (components.schemas) ----\n");
  const schemas = Object.entries(spec.components?.schemas ?? {})
    .filter(([name]) => !SKIPPED_SCHEMAS.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  for (const [name, schema] of schemas) out.push(declaration(name, schema));
  out.push("// ---- Query parameters, one interface per operation that takes any ----\n");
  for (const op of ops) if (op.queryParams.length) out.push(paramsDeclaration(op));
  out.push("// ---- The operations manifest ----\n");
  out.push(`/** One operation of the API: \`operationId\` → how to call it (paths relative to the /v1 base URL). */
export interface OperationSpec {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly body: string | null;
}
`);
  out.push("export const OPERATIONS = {");
  for (const op of ops) {
    out.push(
      `  ${literal(op.id)}: { method: ${literal(op.method)}, path: ${literal(op.path)}, ` +
        `pathParams: ${literal(op.pathParams)}, queryParams: ${literal(op.queryParams.map((p) => p.name))}, ` +
        `body: ${literal(op.body)} },`,
    );
  }
  out.push("} as const satisfies Record<string, OperationSpec>;\n");
  out.push("export type OperationId = keyof typeof OPERATIONS;");
  return `${out.join("\n")}\n`;
}

/** The generated source without comments and blank lines: what the drift check compares. */
export function normalize(source) {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .map((l) => l.replace(/\s+\/\/.*$/, "").replace(/^\s*\/\/.*$/, "").trimEnd())
    .filter((l) => l.trim() !== "")
    .join("\n");
}

/**
 * The differences between two generated sources (comments ignored), as "-"/"+" lines, each
 * with the declaration it belongs to: what the drift check prints.
 */
export function diff(committed, fresh, max = 40) {
  const a = normalize(committed).split("\n");
  const b = normalize(fresh).split("\n");
  // Longest common subsequence, bottom-up (a few hundred lines: cheap).
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let where = "";
  const note = (line) => {
    const m2 = /^export (?:interface|type|const) (\w+)/.exec(line);
    if (m2) where = m2[1];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      note(a[i]);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      note(b[j]);
      out.push(`+ ${b[j].trim()}    (API, in ${where || "top"})`);
      j++;
    } else {
      note(a[i]);
      out.push(`- ${a[i].trim()}    (SDK, in ${where || "top"})`);
      i++;
    }
  }
  if (out.length > max) return [...out.slice(0, max), `… and ${out.length - max} more`];
  return out;
}

export async function loadSpec(source) {
  if (!source) {
    const base = (process.env.PULSE_API_BASE ?? "").replace(/\/+$/, "");
    if (!base) throw new Error("pass an OpenAPI file or URL, or set PULSE_API_BASE");
    source = `${base}/openapi.json`;
  }
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(`GET ${source}: HTTP ${res.status}`);
    return res.json();
  }
  return JSON.parse(await readFile(source, "utf8"));
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const source = args.find((a) => a !== "--check");
  const target = fileURLToPath(new URL("../src/generated.ts", import.meta.url));
  const generated = generate(await loadSpec(source));
  if (check) {
    const current = await readFile(target, "utf8").catch(() => "");
    if (normalize(current) !== normalize(generated)) {
      console.error("src/generated.ts is stale: run `npm run codegen`");
      for (const line of diff(current, generated)) console.error(`  ${line}`);
      process.exit(1);
    }
    console.log("src/generated.ts is current");
    return;
  }
  await writeFile(target, generated);
  console.log(`wrote ${target}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
