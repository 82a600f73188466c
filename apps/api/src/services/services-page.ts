/**
 * The `cursor` of GET /v1/services: opaque to clients, the id of the last service of the previous
 * page underneath (services are listed in the order they were first seen, by their storage id).
 * The version tag lets the encoding change without misreading an old cursor.
 */
const CURSOR = /^s1\.(\d{1,15})$/;

export function encodeServicesCursor(lastId: number): string {
  return Buffer.from(`s1.${lastId}`).toString('base64url');
}

/** The id after which the page starts, or null when `cursor` is not one this API gave out. */
export function decodeServicesCursor(cursor: string): number | null {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}
