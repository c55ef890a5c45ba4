// The one place the SDK touches platform crypto. `node:crypto` is there on Node 18+, Bun and
// Deno; HMAC and the constant-time compare stay synchronous, so `webhooks.verify` is too.
import {
  createHmac,
  randomUUID as nodeRandomUUID,
  timingSafeEqual as nodeTimingSafeEqual,
} from "node:crypto";

/** HMAC-SHA256 of `data` under the UTF-8 bytes of `key`. */
export function hmacSha256(key: string, data: Uint8Array): Uint8Array {
  return createHmac("sha256", key).update(data).digest();
}

/** Constant-time equality of two byte strings (false, without comparing, when lengths differ). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return nodeTimingSafeEqual(a, b);
}

/** A random (v4) UUID, for `Idempotency-Key`s. */
export function randomUUID(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return typeof webCrypto?.randomUUID === "function" ? webCrypto.randomUUID() : nodeRandomUUID();
}
