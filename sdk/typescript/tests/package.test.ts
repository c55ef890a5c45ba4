// The package itself: ESM, no runtime dependencies, platform access behind one seam.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { VERSION } from "@pulsehr/sdk";

const ROOT = new URL("../../", import.meta.url); // build/tests/ → the package
const pkg = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8"));

describe("package", () => {
  it("is ESM with no runtime dependencies, for Node 18+", () => {
    assert.equal(pkg.name, "@pulsehr/sdk");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.engines.node, ">=18");
    assert.equal(pkg.exports["."].import, "./dist/index.js");
    assert.equal(pkg.exports["."].types, "./dist/index.d.ts");
  });

  it("pins its dev dependencies exactly", () => {
    for (const [name, version] of Object.entries(pkg.devDependencies as Record<string, string>)) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name}@${version} is pinned`);
    }
  });

  it("VERSION is package.json's version", () => {
    assert.equal(VERSION, pkg.version);
  });

  it("the runtime imports only its own modules, and node:crypto in crypto.js alone", () => {
    const dist = new URL("dist/", ROOT);
    const files = readdirSync(dist).filter((f) => f.endsWith(".js"));
    assert.ok(files.includes("index.js"));
    for (const file of files) {
      const source = readFileSync(new URL(file, dist), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "") // doc comments show imports as examples
        .replace(/^\s*\/\/.*$/gm, "");
      const specifiers = [...source.matchAll(/\bfrom\s+"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]);
      for (const spec of specifiers) {
        if (spec!.startsWith("./")) continue;
        assert.ok(file === "crypto.js" && spec === "node:crypto", `${file} imports ${spec}`);
      }
      assert.doesNotMatch(source, /\brequire\(|\bBuffer\./, `${file} uses neither require nor Buffer`);
    }
  });
});
