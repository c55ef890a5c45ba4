import { hmacSha256, timingSafeEqual } from "./crypto.js";
import { WebhookVerificationError } from "./errors.js";
import type { PulseEvent } from "./events.js";

/** The header Pulse signs every delivery with. */
export const SIGNATURE_HEADER = "X-Pulse-Signature";
/** How far (seconds) a signature's timestamp may be from now, by default. */
export const DEFAULT_TOLERANCE = 300;

export interface VerifyOptions {
  /** Seconds the signature's `t` may differ from now, either way (default 300). `Infinity` turns the check off. */
  tolerance?: number;
  /** The clock: unix seconds or a Date (default: now). */
  now?: number | Date;
}

/** The raw request body, exactly as received: a string or its bytes (a Buffer is fine). */
export type WebhookPayload = string | Uint8Array | ArrayBuffer;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

function bytesOf(payload: WebhookPayload): Uint8Array {
  if (typeof payload === "string") return encoder.encode(payload);
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  throw new TypeError(
    "webhooks.verify needs the raw request body (string, Buffer or Uint8Array), not a parsed object: " +
      "the signature covers the exact bytes Pulse sent",
  );
}

function signedPayload(timestamp: number, body: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${timestamp}.`);
  const out = new Uint8Array(prefix.byteLength + body.byteLength);
  out.set(prefix, 0);
  out.set(body, prefix.byteLength);
  return out;
}

function unixSeconds(now: number | Date | undefined): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  return now instanceof Date ? Math.floor(now.getTime() / 1000) : now;
}

function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length !== 64 || !/^[0-9a-fA-F]+$/.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t") {
      if (!/^\d+$/.test(v)) throw new WebhookVerificationError("The signature's timestamp is not a number");
      timestamp = Number(v);
    } else if (k === "v1") {
      signatures.push(v);
    }
  }
  if (timestamp === null) throw new WebhookVerificationError("The signature header has no timestamp (t=)");
  if (signatures.length === 0) throw new WebhookVerificationError("The signature header has no v1 signature");
  return { timestamp, signatures };
}

function secretsOf(secret: string | readonly string[]): string[] {
  const secrets = typeof secret === "string" ? [secret] : [...secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== "string" || s === "")) {
    throw new TypeError("webhooks.verify needs the endpoint's signing secret (whsec_…)");
  }
  return secrets;
}

/**
 * Checks an `X-Pulse-Signature` header against the raw body and throws
 * `WebhookVerificationError` unless a `v1` signature matches one of the secrets and `t` is
 * within the tolerance. Pass every secret in force while a rolled one overlaps.
 */
export function verifySignature(
  payload: WebhookPayload,
  signatureHeader: string | readonly string[] | null | undefined,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): void {
  const body = bytesOf(payload);
  const secrets = secretsOf(secret);
  const header = Array.isArray(signatureHeader) ? signatureHeader.join(",") : signatureHeader;
  if (typeof header !== "string" || header.trim() === "") {
    throw new WebhookVerificationError(`No ${SIGNATURE_HEADER} header`);
  }
  const { timestamp, signatures } = parseHeader(header);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const now = unixSeconds(options.now);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      `The signature's timestamp is ${Math.abs(now - timestamp)} s away from now (tolerance ${tolerance} s)`,
    );
  }
  const signed = signedPayload(timestamp, body);
  const candidates = signatures.map(hexToBytes);
  let matched = false;
  for (const s of secrets) {
    const expected = hmacSha256(s, signed);
    for (const candidate of candidates) {
      // Compare every pair: no early exit that would tell which one matched.
      if (candidate !== null && timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  if (!matched) throw new WebhookVerificationError("No v1 signature matches the payload and secret");
}

/**
 * Verifies a webhook delivery and returns its event, parsed.
 *
 *     const event = webhooks.verify(rawBody, req.headers["x-pulse-signature"], process.env.PULSE_WEBHOOK_SECRET!);
 */
export function verify(
  payload: WebhookPayload,
  signatureHeader: string | readonly string[] | null | undefined,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): PulseEvent {
  verifySignature(payload, signatureHeader, secret, options);
  const text = typeof payload === "string" ? payload : decoder.decode(bytesOf(payload));
  try {
    return JSON.parse(text) as PulseEvent;
  } catch (err) {
    throw new WebhookVerificationError("The payload is signed but is not JSON", { cause: err });
  }
}

/** True when `verifySignature` would pass. */
export function isValid(
  payload: WebhookPayload,
  signatureHeader: string | readonly string[] | null | undefined,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): boolean {
  try {
    verifySignature(payload, signatureHeader, secret, options);
    return true;
  } catch (err) {
    if (err instanceof WebhookVerificationError) return false;
    throw err;
  }
}

/**
 * The `X-Pulse-Signature` value Pulse would send for `payload` (one `v1` per secret): for
 * testing your receiver.
 */
export function sign(
  payload: WebhookPayload,
  secret: string | readonly string[],
  options: { timestamp?: number | Date } = {},
): string {
  const t = unixSeconds(options.timestamp);
  const signed = signedPayload(t, bytesOf(payload));
  const v1 = secretsOf(secret).map((s) => `v1=${bytesToHex(hmacSha256(s, signed))}`);
  return [`t=${t}`, ...v1].join(",");
}

/** `Pulse.webhooks` (also `pulse.webhooks`). */
export const webhooks = Object.freeze({ verify, verifySignature, isValid, sign, SIGNATURE_HEADER, DEFAULT_TOLERANCE });
