import type { NextFunction, Request, Response } from 'express';
import { ApiKeys, presentedKey } from './api-keys';
import { WWW_AUTHENTICATE } from './api-key.guard';

/**
 * Mounted on /v1 and /metrics before the body parser: a request with no valid key is refused
 * before its (up to BODY_LIMIT_KB) body is read. Scopes are the guard's business (it knows the route).
 */
export function earlyAuth(keys: ApiKeys) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (keys.open || req.method === 'OPTIONS') return next();
    const check = keys.check(presentedKey(req.headers));
    if (check.kind === 'granted') return next();
    res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
    // The body is never read: close the connection instead of draining it.
    res.setHeader('Connection', 'close');
    res.status(401).json({
      statusCode: 401,
      error: 'Unauthorized',
      message:
        check.kind === 'missing' ? 'An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>' : 'The API key is not valid',
    });
  };
}
