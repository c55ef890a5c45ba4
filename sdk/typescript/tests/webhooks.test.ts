// The webhook verifier against every shared test vector, and its API around them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Pulse, WebhookVerificationError, isValid, sign, verify, webhooks } from "@pulsehr/sdk";
import { env } from "./helpers.js";

interface Vector {
  name: string;
  secret: string;
  body: string;
  header: string;
  now: number;
  tolerance: number;
  valid: boolean;
}

const vectors: Vector[] = JSON.parse(readFileSync(env("PULSE_TEST_VECTORS"), "utf8")).cases;

describe("webhook signature vectors", () => {
  it("there are vectors, valid and invalid", () => {
    assert.ok(vectors.length >= 10);
    assert.ok(vectors.some((v) => v.valid));
    assert.ok(vectors.some((v) => !v.valid));
  });

  for (const v of vectors) {
    it(`${v.name}: ${v.valid ? "valid" : "invalid"}`, () => {
      const options = { now: v.now, tolerance: v.tolerance };
      for (const payload of [v.body, Buffer.from(v.body, "utf8"), new TextEncoder().encode(v.body)]) {
        if (v.valid) {
          const event = Pulse.webhooks.verify(payload, v.header, v.secret, options);
          assert.deepEqual(event, JSON.parse(v.body));
        } else {
          assert.throws(() => Pulse.webhooks.verify(payload, v.header, v.secret, options), WebhookVerificationError);
        }
        assert.equal(isValid(payload, v.header, v.secret, options), v.valid);
      }
    });
  }
});

describe("webhooks.verify", () => {
  const valid = vectors.find((v) => v.name === "valid")!;
  const rolled = vectors.find((v) => v.name === "two_signatures_rolled_secret_new_one_matches")!;

  it("is the same function as Pulse.webhooks, pulse.webhooks and the named export", () => {
    assert.equal(Pulse.webhooks, webhooks);
    assert.equal(new Pulse({ apiKey: "k" }).webhooks, webhooks);
    assert.equal(webhooks.verify, verify);
  });

  it("narrows the parsed event on its type", () => {
    const event = verify(valid.body, valid.header, valid.secret, { now: valid.now });
    assert.equal(event.type, "leave.logged");
    if (event.type === "leave.logged") assert.equal(event.data.kind, "vacation");
  });

  it("accepts any of several secrets (a roll's overlap)", () => {
    const old = "whsec_not_the_one";
    assert.ok(isValid(valid.body, valid.header, [old, valid.secret], { now: valid.now }));
    assert.ok(!isValid(valid.body, valid.header, [old], { now: valid.now }));
    // The rolled vector signs with two secrets; either one alone verifies.
    assert.ok(isValid(rolled.body, rolled.header, rolled.secret, { now: rolled.now }));
    assert.ok(isValid(rolled.body, rolled.header, valid.secret, { now: rolled.now }));
  });

  it("uses 300 s as the default tolerance, either way", () => {
    const { body, header, secret } = valid;
    const t = 1745148720;
    assert.ok(isValid(body, header, secret, { now: t + 300 }));
    assert.ok(!isValid(body, header, secret, { now: t + 301 }));
    assert.ok(isValid(body, header, secret, { now: t - 300 }));
    assert.ok(!isValid(body, header, secret, { now: t - 301 }));
    assert.ok(isValid(body, header, secret, { now: new Date((t + 10) * 1000) }));
    assert.ok(isValid(body, header, secret, { now: t + 10_000, tolerance: Infinity }));
  });

  it("takes the header as Node gives it (string or string[]) and refuses a missing one", () => {
    assert.ok(isValid(valid.body, [valid.header], valid.secret, { now: valid.now }));
    assert.throws(() => verify(valid.body, undefined, valid.secret), WebhookVerificationError);
    assert.throws(() => verify(valid.body, null, valid.secret), WebhookVerificationError);
  });

  it("refuses a parsed body or an empty secret with a TypeError", () => {
    assert.throws(
      // A parsed object (JSON.parse gives `any`, so the types cannot catch it) is not the raw body.
      () => verify(JSON.parse(valid.body), valid.header, valid.secret, { now: valid.now }),
      TypeError,
    );
    assert.throws(() => verify(valid.body, valid.header, "", { now: valid.now }), TypeError);
    assert.throws(() => verify(valid.body, valid.header, [], { now: valid.now }), TypeError);
  });

  it("a signed payload that is not JSON is refused", () => {
    const header = sign("not json", valid.secret);
    assert.throws(() => verify("not json", header, valid.secret), WebhookVerificationError);
  });

  it("sign produces what verify accepts, now, with one v1 per secret", () => {
    const body = JSON.stringify({ id: "evt_1", type: "kudos.awarded", created_at: "2026-04-20T10:12:03Z", data: {} });
    const header = sign(body, ["whsec_a", "whsec_b"]);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    assert.equal(verify(body, header, "whsec_b").id, "evt_1");
    // The vectors' own signature, rebuilt.
    assert.equal(sign(valid.body, valid.secret, { timestamp: 1745148720 }), valid.header);
  });
});
