import request from 'supertest';
import * as net from 'node:net';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { startTestApp, TestApp } from './support/test-app';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 1024 * 1024;
const STALLED = 300;
/** Each stalled upload sends this much of its body, then nothing: what the server buffers for it. */
const SENT_BYTES = 128 * 1024;

function held(): number {
  gc();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}

/** Opens a connection that sends `head` (and maybe part of a body) and then stalls; resolves when the server closes it. */
function stall(port: number, head: string, body: Buffer | null) {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    socket.write(head);
    if (body) socket.write(body);
  });
  return { socket, closed };
}

async function waitForConnections(sut: TestApp, wanted: number, withinMs: number): Promise<number> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const n = await new Promise<number>((resolve) => sut.app.getHttpServer().getConnections((_: unknown, count: number) => resolve(count)));
    if (n === wanted || performance.now() > deadline) return n;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('slow and abusive clients (e2e)', () => {
  let sut: TestApp;
  let port: number;
  beforeAll(async () => {
    sut = await startTestApp({ headersTimeoutSeconds: 1, requestTimeoutSeconds: 5, maxConnections: 400 });
    port = Number(new URL(sut.baseUrl).port);
  });
  afterAll(() => sut.close());

  it('should drop 300 stalled uploads at REQUEST_TIMEOUT_SECONDS with 408 and release what they held', async () => {
    const before = held();
    const started = performance.now();
    const body = Buffer.alloc(SENT_BYTES, 0x20);
    const uploads = Array.from({ length: STALLED }, () =>
      stall(port, `POST /v1/telemetry/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * MB}\r\n\r\n`, body),
    );
    // The client sockets share this process's event loop with the server: connecting 300 takes a moment.
    expect(await waitForConnections(sut, STALLED, 3000)).toBe(STALLED);
    const answers = await Promise.all(uploads.map((u) => u.closed));
    const elapsed = performance.now() - started;
    expect(answers.every((a) => a.startsWith('HTTP/1.1 408'))).toBe(true);
    // Not before the 5 s deadline; and at it, not at Node's 300 s default (the bound is loose on
    // purpose: a shared machine can delay the sweep, and speed is the bench's job, not this test's).
    expect(elapsed).toBeGreaterThanOrEqual(5000);
    expect(elapsed).toBeLessThan(60_000);
    expect(await waitForConnections(sut, 0, 1000)).toBe(0);
    // What the uploads sent (300 × 128 kB ≈ 38 MB) is collectable once they are gone: how much the
    // server held while they stalled is in docs/hardening-edge.md, not asserted on a noisy heap here.
    expect(held() - before).toBeLessThan((STALLED * SENT_BYTES) / 4);
    // And nothing of them was stored.
    expect((await request(sut.baseUrl).get('/v1/system/status').expect(200)).body.total_telemetry_records).toBe(0);
  }, 30_000);

  it('should drop a client that never finishes its headers at HEADERS_TIMEOUT_SECONDS', async () => {
    const started = performance.now();
    const slowloris = stall(port, 'GET /v1/services HTTP/1.1\r\nHost: x\r\nX-Slow: ', null);
    const answer = await slowloris.closed;
    expect(answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('should close connections beyond MAX_CONNECTIONS at once and serve the rest', async () => {
    const idle = Array.from({ length: 400 }, () => stall(port, 'GET /v1/services HTTP/1.1\r\nHost: x\r\n', null));
    expect(await waitForConnections(sut, 400, 3000)).toBe(400);
    const extra = stall(port, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n', null);
    const refused = await Promise.race([extra.closed, new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 900))]);
    expect(refused).toBe('');
    for (const c of idle) c.socket.destroy();
    await Promise.all(idle.map((c) => c.closed));
    await request(sut.baseUrl).get('/health').expect(200);
  });
});
