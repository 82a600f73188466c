import type { NextFunction, Request, Response } from 'express';

/** Methods a browser sends cross-site without a CORS preflight (with a form or a no-cors fetch). */
const SIMPLE_STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = 'application/json';

/**
 * State-changing requests must say `Content-Type: application/json`, even with no body. A
 * cross-site HTML form can only send form or text types, and a no-cors fetch with no body sends
 * none, so neither can reset a baseline or post samples from a victim's browser; a JSON type
 * forces a CORS preflight, which fails unless DRIFTWATCH_CORS_ORIGINS allows the origin.
 * `alsoAccepted` adds types per path prefix for routes that take another non-form encoding
 * (OTLP protobuf on /v1/traces), which browsers must preflight just the same.
 */
export function jsonOnly(alsoAccepted: Readonly<Record<string, readonly string[]>> = {}) {
  const prefixes = Object.entries(alsoAccepted);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!SIMPLE_STATE_CHANGING.has(req.method)) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === JSON_TYPE) return next();
    const extra = prefixes.find(([prefix]) => req.path === prefix || req.path.startsWith(`${prefix}/`))?.[1] ?? [];
    if (extra.includes(type)) return next();
    res.setHeader('Connection', 'close');
    res.status(415).json({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: `${req.method} requests must be sent with Content-Type: ${[...extra, JSON_TYPE].join(' or ')} (got ${type === '' ? 'none' : JSON.stringify(type.slice(0, 100))})`,
    });
  };
}
