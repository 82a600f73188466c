import * as net from 'node:net';

/**
 * Binds host:port and lets go at once, before Nest is loaded: a port already taken is then
 * reported in a fraction of a second instead of after the whole app has started. listen() itself
 * still reports the rarer case of a port taken in between.
 */
export function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
