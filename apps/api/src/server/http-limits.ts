import type { DriftConfig } from '@app/config';
import type { Server } from 'node:http';

/**
 * Node enforces its request deadlines on a periodic sweep (every 30 s by default, so a 30 s
 * deadline could take 60 s); sweeping this many times per deadline keeps the overshoot to a
 * thirtieth of it (1 s at the defaults).
 */
const SWEEPS_PER_DEADLINE = 30;

/**
 * Bounds what slow or abusive clients can hold: a connection that has not delivered its headers
 * (or its whole request) in time gets 408 and is closed, releasing the body buffered so far, and
 * connections beyond MAX_CONNECTIONS are closed on accept. Called before listen(): the sweep
 * interval is read when the server starts listening.
 */
export function applyHttpLimits(
  server: Server,
  config: Pick<DriftConfig, 'headersTimeoutSeconds' | 'requestTimeoutSeconds' | 'maxConnections'>,
): void {
  server.headersTimeout = config.headersTimeoutSeconds * 1000;
  server.requestTimeout = config.requestTimeoutSeconds * 1000;
  server.maxConnections = config.maxConnections;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    1,
    Math.floor(server.headersTimeout / SWEEPS_PER_DEADLINE),
  );
}
