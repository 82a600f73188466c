import type { IngestionQueue } from '@app/ingestion';
import type { NextFunction, Request, Response } from 'express';

/**
 * Express middleware mounted before the body parser: while the queue is saturated, telemetry
 * requests are answered 503 before their (possibly 10 000-sample) body is read and parsed, so
 * refusing costs almost nothing and the process stays responsive under overload.
 */
export function overloadGuard(queue: IngestionQueue) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !queue.isSaturated) return next();
    const error = queue.refuseEarly();
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.setHeader('Connection', 'close');
    res.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: error.message });
  };
}
