import { createHmac } from 'node:crypto';

/** The Standard Webhooks secret format: `whsec_` + base64 of 24 to 64 random bytes. */
const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;

/**
 * The HMAC key behind a signing secret. Accepts `whsec_<base64>` (the spec's serialization) and,
 * like the reference libraries, the bare base64 without the prefix. Throws a readable reason.
 */
export function signingKeyFromSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw new Error('must be whsec_ followed by base64 (e.g. `echo whsec_$(openssl rand -base64 32)`)');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    throw new Error(`must decode to ${MIN_SECRET_BYTES}-${MAX_SECRET_BYTES} bytes, got ${key.length}`);
  }
  return key;
}

/** `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`: the `webhook-signature` header value. */
export function signWebhook(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}
