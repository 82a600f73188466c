import { ConfigError } from '@app/config';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiKeys, presentedKey } from './api-keys';

describe('ApiKeys', () => {
  it('should grant each key its scope, and admin every scope', () => {
    const keys = ApiKeys.fromPairs('ingest:k1, read:k2 ,admin:k3');
    expect(keys.check('k1')).toEqual({ kind: 'granted', scopes: ['ingest'] });
    expect(keys.check('k2')).toEqual({ kind: 'granted', scopes: ['read'] });
    expect(keys.check('k3')).toEqual({ kind: 'granted', scopes: ['ingest', 'read', 'admin'] });
    expect(keys.check('k4')).toEqual({ kind: 'unknown' });
    expect(keys.check('k')).toEqual({ kind: 'unknown' });
    expect(keys.check(undefined)).toEqual({ kind: 'missing' });
    expect(keys.open).toBe(false);
  });

  it('should be open with no keys', () => {
    expect(ApiKeys.load({ apiKeys: '', apiKeysFile: '' }).open).toBe(true);
  });

  it('should refuse a malformed pair with a message that names its position, never the key', () => {
    for (const bad of ['k1', 'write:k1', 'read:', 'read:a b']) {
      expect(() => ApiKeys.fromPairs(`ingest:ok,${bad}`)).toThrow(ConfigError);
      try {
        ApiKeys.fromPairs(`ingest:topsecret,${bad}`);
      } catch (error) {
        expect((error as Error).message).toContain('item 2');
        expect((error as Error).message).not.toContain('topsecret');
      }
    }
  });

  it('should read a key file with comments and newlines, and refuse an empty or missing one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-keys-'));
    try {
      const file = path.join(dir, 'keys');
      fs.writeFileSync(file, '# ops keys\ningest:f1\nread:f2, admin:f3\n');
      const keys = ApiKeys.load({ apiKeys: 'read:e1', apiKeysFile: file });
      expect(keys.count).toBe(4);
      expect(keys.check('f3')).toMatchObject({ kind: 'granted' });
      expect(keys.check('e1')).toMatchObject({ kind: 'granted' });
      fs.writeFileSync(file, '# nothing yet\n');
      expect(() => ApiKeys.load({ apiKeys: '', apiKeysFile: file })).toThrow('holds no scope:key pair');
      expect(() => ApiKeys.load({ apiKeys: '', apiKeysFile: path.join(dir, 'missing') })).toThrow(/Cannot read DRIFTWATCH_API_KEYS_FILE=.*ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should take the key from Authorization: Bearer or X-API-Key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer  abc ' })).toBe('abc');
    expect(presentedKey({ 'x-api-key': 'xyz' })).toBe('xyz');
    expect(presentedKey({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });
});
