// The reference page's TypeScript quick start, copied as it stands in tests/quickstart/quickstart.ts
// (type-checked by the test build), run unchanged but for its two placeholder ids, as a separate
// Node process with PULSE_API_KEY set to a personal key bound to the sender.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { client, day, env } from "./helpers.js";

const ROOT = new URL("../../", import.meta.url); // build/tests/ → the package
const TEMPLATE = readFileSync(new URL("tests/quickstart/quickstart.ts", ROOT), "utf8");
/** The published reference page, when the checkout has shared/ beside it (as CI does). */
const REFERENCE = new URL("../../../shared/seed/pulse-rest-api-v1.txt", ROOT);
const SENDER_PLACEHOLDER = "emp_01HR3…";
const RECEIVER_PLACEHOLDER = "emp_01HR4…";

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe("the reference page's quick start", () => {
  it("is a verbatim copy of the page's code", (t) => {
    if (!existsSync(REFERENCE)) {
      t.skip(`reference page not found at ${fileURLToPath(REFERENCE)}`);
      return;
    }
    const page = readFileSync(REFERENCE, "utf8");
    assert.ok(page.includes(TEMPLATE.trimEnd()), "tests/quickstart/quickstart.ts differs from the reference page");
  });

  it("runs unchanged against the server with a personal key", async () => {
    assert.equal(count(TEMPLATE, SENDER_PLACEHOLDER), 1);
    assert.equal(count(TEMPLATE, RECEIVER_PLACEHOLDER), 1);
    const sender = env("PULSE_TEST_EMPLOYEE_ID");
    const receiver = env("PULSE_TEST_COLLEAGUE_ID");
    const source = TEMPLATE.replace(SENDER_PLACEHOLDER, sender).replace(RECEIVER_PLACEHOLDER, receiver);
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      reportDiagnostics: false,
    });
    // Inside the package, so `import … from "@pulsehr/sdk"` resolves to it (package self-reference).
    const dir = new URL("build/quickstart/", ROOT);
    mkdirSync(dir, { recursive: true });
    const file = fileURLToPath(new URL("quickstart.mjs", dir));
    writeFileSync(file, outputText);

    const run = promisify(execFile);
    try {
      await run(process.execPath, [file], {
        env: { ...process.env, PULSE_API_KEY: env("PULSE_TEST_PERSONAL_KEY") },
        timeout: 30_000,
      });
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      assert.fail(`the quick start failed (exit ${e.code}):\n${e.stderr}\n${e.stdout}`);
    }

    const pulse = client();
    const entries = await pulse.statusLog.list({ employee_id: sender, date_from: day(0), date_to: day(0) });
    assert.equal(entries.total_count, 1);
    assert.deepEqual(entries.data[0]!.lines, [
      "Shipped the OG localiser. Three locales live.",
      "Hit a CLS regression on /product; fix in 1742.",
      "Pairing with Niccolò on the workload trend curve.",
    ]);
    const kudos = await pulse.kudos.list({ from_employee_id: sender, to_employee_id: receiver, tag: "craft" });
    assert.equal(kudos.total_count, 1);
    assert.equal(kudos.data[0]!.coins, 10);
    assert.equal(kudos.data[0]!.note, "Picked up the failing migration without anyone asking.");
  });
});
