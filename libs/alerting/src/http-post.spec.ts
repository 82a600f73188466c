import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AttemptAbortedError, postOnce } from './http-post';

describe(postOnce.name, () => {
  let server: http.Server;
  let url: string;
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (received.length = 0));

  const post = (timeoutMs = 2000, signal = new AbortController().signal) =>
    postOnce({ url, headers: { 'content-type': 'application/json', 'webhook-id': '7' }, body: '{"é":1}' }, timeoutMs, signal);

  it('should send the body and headers as given and return the answer', async () => {
    handler = (_req, res) => res.writeHead(202).end('{"status":"success"}');
    expect(await post()).toEqual({ kind: 'answer', status: 202, snippet: '{"status":"success"}', retryAfterMs: undefined });
    expect(received[0].body).toBe('{"é":1}');
    expect(received[0].headers).toMatchObject({ 'webhook-id': '7', 'content-length': String(Buffer.byteLength('{"é":1}')) });
  });

  it('should not follow a redirect', async () => {
    handler = (_req, res) => res.writeHead(302, { location: '/elsewhere' }).end();
    expect(await post()).toMatchObject({ kind: 'answer', status: 302 });
    expect(received).toHaveLength(1);
  });

  it('should keep only the start of a long answer, on one line', async () => {
    handler = (_req, res) => res.writeHead(500).end(`line one\nline two ${'x'.repeat(10_000)}`);
    const sut = await post();
    expect(sut).toMatchObject({ kind: 'answer', status: 500 });
    expect(sut.kind === 'answer' && sut.snippet.length).toBe(300);
    expect(sut.kind === 'answer' && sut.snippet.startsWith('line one line two xxx')).toBe(true);
  });

  it('should read Retry-After', async () => {
    handler = (_req, res) => res.writeHead(429, { 'retry-after': '30' }).end();
    expect(await post()).toMatchObject({ kind: 'answer', status: 429, retryAfterMs: 30_000 });
  });

  it('should give up on a receiver that does not answer in time', async () => {
    handler = () => undefined;
    expect(await post(100)).toEqual({ kind: 'error', message: 'no answer within 100 ms' });
  });

  it('should report a refused connection', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const sut = await postOnce({ url: `http://127.0.0.1:${port}/`, headers: {}, body: '{}' }, 1000, new AbortController().signal);
    expect(sut).toEqual({ kind: 'error', message: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('should reject when aborted (shutdown), so the attempt is not counted', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const attempt = post(5000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(attempt).rejects.toBeInstanceOf(AttemptAbortedError);
  });
});
