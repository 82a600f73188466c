import type { DriftConfig } from '@app/config';
import { ConfigError } from '@app/config/load-config';
import { createHash, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';

export const SCOPES = ['ingest', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a key may do: admin implies the other two. */
const GRANTS: Record<Scope, readonly Scope[]> = { ingest: ['ingest'], read: ['read'], admin: ['ingest', 'read', 'admin'] };

interface KeyEntry {
  readonly digest: Buffer;
  readonly scope: Scope;
}

/** The answer for one presented key. */
export type KeyCheck = { kind: 'missing' } | { kind: 'unknown' } | { kind: 'granted'; scopes: readonly Scope[] };

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * The configured keys. Only SHA-256 digests are kept, and a presented key is compared against
 * every one of them with timingSafeEqual (digests have a fixed length, so neither the length nor
 * the position of a match shows in the timing). Keys never appear in messages or logs.
 */
export class ApiKeys {
  private constructor(private readonly entries: readonly KeyEntry[]) {}

  /** From DRIFTWATCH_API_KEYS and the file in DRIFTWATCH_API_KEYS_FILE (either, both or none). */
  static load(config: Pick<DriftConfig, 'apiKeys' | 'apiKeysFile'>): ApiKeys {
    const entries = parsePairs(config.apiKeys, 'DRIFTWATCH_API_KEYS');
    if (config.apiKeysFile !== '') {
      let text: string;
      try {
        text = fs.readFileSync(config.apiKeysFile, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new ConfigError(`Cannot read DRIFTWATCH_API_KEYS_FILE=${JSON.stringify(config.apiKeysFile)}: ${code}`);
      }
      const fromFile = parsePairs(text, `DRIFTWATCH_API_KEYS_FILE (${config.apiKeysFile})`);
      if (fromFile.length === 0) {
        // An empty key file would silently leave every route open: the operator meant to protect them.
        throw new ConfigError(`DRIFTWATCH_API_KEYS_FILE=${JSON.stringify(config.apiKeysFile)} holds no scope:key pair`);
      }
      entries.push(...fromFile);
    }
    return new ApiKeys(entries);
  }

  static fromPairs(pairs: string): ApiKeys {
    return new ApiKeys(parsePairs(pairs, 'API keys'));
  }

  /** No key configured: every route is open. */
  get open(): boolean {
    return this.entries.length === 0;
  }

  get count(): number {
    return this.entries.length;
  }

  check(presented: string | undefined): KeyCheck {
    if (presented === undefined || presented === '') return { kind: 'missing' };
    const candidate = digest(presented);
    const scopes = new Set<Scope>();
    // No early exit: every entry is compared whatever matches.
    for (const entry of this.entries) {
      if (timingSafeEqual(candidate, entry.digest)) for (const scope of GRANTS[entry.scope]) scopes.add(scope);
    }
    return scopes.size === 0 ? { kind: 'unknown' } : { kind: 'granted', scopes: [...scopes] };
  }
}

/** `scope:key` items separated by commas or newlines; `#` starts a comment (useful in a file). */
function parsePairs(text: string, source: string): KeyEntry[] {
  const entries: KeyEntry[] = [];
  const items = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(',')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  items.forEach((item, index) => {
    const colon = item.indexOf(':');
    const scope = item.slice(0, colon).trim().toLowerCase();
    const key = item.slice(colon + 1).trim();
    // The message gives the item's position, never its text: it holds a key.
    const where = `${source}: item ${index + 1}`;
    if (colon < 0) throw new ConfigError(`Invalid ${where}: expected scope:key (scopes: ${SCOPES.join(', ')})`);
    if (!(SCOPES as readonly string[]).includes(scope)) throw new ConfigError(`Invalid ${where}: unknown scope (expected ${SCOPES.join(', ')})`);
    if (key === '' || /\s/.test(key)) throw new ConfigError(`Invalid ${where}: the key is empty or holds white space`);
    entries.push({ scope: scope as Scope, digest: digest(key) });
  });
  return entries;
}

/** The key a request presents: `Authorization: Bearer KEY` or `X-API-Key: KEY`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}
