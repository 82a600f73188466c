import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build: buildDashboard } = require('../scripts/build-dashboard.js') as { build: () => Promise<unknown> };

const CHROMIUM = process.env.DRIFTWATCH_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, 'artifacts');

/**
 * The dashboard in a real browser: Debian's chromium (scripts/ci/ensure-chromium.sh installs it)
 * driven by playwright-core, against the real app on a temporary database.
 */
describe('dashboard in headless Chromium (e2e)', () => {
  let sut: TestApp;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ci/ensure-chromium.sh (as .ci/run does)`);
    await buildDashboard();
    sut = await startTestApp();
    const start = Date.now() - 50 * 60_000;
    // A calm service, and one that drifts twice after a deployment: latency ×3 for a minute (then
    // recovers), and ×2.5 at the end (still in drift).
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: normalSamples('checkout-stable', 3000, start, 3, 1000, 0.5) }).expect(202);
    const drifting = normalSamples('payments-drift', 3000, start, 5, 1000, 0.5);
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: drifting.slice(0, 2400) }).expect(202);
    // The deployment 3.2 minutes before the first drift: its explanation names it.
    const deployedAt = Date.parse(drifting[2400].timestamp) - 192_000;
    await request(sut.baseUrl).post('/v1/deployments').send({ service_id: 'payments-drift', version: 'v2.0.0', timestamp: new Date(deployedAt).toISOString() }).expect(201);
    const scaled = (from: number, to: number, factor: number) => drifting.slice(from, to).map((s) => ({ ...s, latency_ms: s.latency_ms * factor }));
    const rest = [...scaled(2400, 2460, 3), ...drifting.slice(2460, 2940), ...scaled(2940, 3000, 2.5)];
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: rest }).expect(202);
    const health = await request(sut.baseUrl).get('/v1/health/payments-drift').expect(200);
    expect(health.body.state).toBe('DRIFT_DETECTED');

    // An incident: orders-db's latency triples for a minute, orders-api's 20 s later; both recover.
    // orders-api is sent first: the first mover is found by onset time, not by arrival.
    const together = (service: string, seed: number, at: number) => {
      const samples = normalSamples(service, 1500, start, seed, 1000, 0.5);
      for (let i = at; i < at + 60; i++) samples[i].latency_ms *= 3;
      return samples;
    };
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: together('orders-api', 11, 1220) }).expect(202);
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: together('orders-db', 12, 1200) }).expect(202);

    // A service with two endpoints; POST /pay spikes at its end (30 min ago) and is still in drift.
    const cart = normalSamples('shop', 360, start, 21, 5000, 0.5).map((x) => ({ ...x, endpoint: 'GET /cart', latency_ms: x.latency_ms / 5 }));
    const pay = normalSamples('shop', 360, start + 2500, 22, 5000, 0.5).map((x, i) => ({ ...x, endpoint: 'POST /pay', latency_ms: i >= 350 ? x.latency_ms * 3 : x.latency_ms }));
    const shop = cart.flatMap((c, i) => [c, pay[i]]);
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: shop }).expect(202);
    const shopHealth = await request(sut.baseUrl).get('/v1/health/shop').expect(200);
    expect(shopHealth.body.metadata?.endpoint).toBe('POST /pay');

    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-chromium-'));
    // A fresh profile per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1400, height: 1000 },
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // Everything is served by DriftWatch itself: any other host would be a CDN dependency.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      pageErrors.push(`request outside DriftWatch: ${route.request().url()}`);
      return route.abort();
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('should serve the page and its assets at / without a CDN, and lead /dashboard there', async () => {
    const index = await request(sut.baseUrl).get('/').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    const script = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    await request(sut.baseUrl).get(script!).expect(200).expect('content-type', /javascript/);
    expect(index.text).not.toMatch(/<script>|style="/);
    await request(sut.baseUrl).get('/dashboard').expect(302).expect('location', '/');
    await request(sut.baseUrl).get('/assets/nothing.js').expect(404);
  });

  it('should list both services on the overview with state, last drift reason and sparklines', async () => {
    await page.goto(`${sut.baseUrl}/`);
    const driftRow = page.locator('tr[data-service="payments-drift"]');
    await driftRow.waitFor();
    await page.locator('tr[data-service="checkout-stable"]').waitFor();
    expect(await driftRow.locator('.pill').innerText()).toBe('Drift');
    expect(await driftRow.innerText()).toMatch(/5 severe samples in a row|extreme sample|persistent shift|many moderate anomalies/);
    await driftRow.locator('.tag.kind').waitFor();
    expect(await page.locator('tr[data-service="checkout-stable"] .pill').innerText()).toBe('Stable');
    // Drift sorts first; sparklines arrive after the table.
    expect(await page.locator('tbody tr').first().getAttribute('data-service')).toBe('payments-drift');
    await page.locator('tr[data-service="payments-drift"] canvas.sparkline').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });

    await page.fill('input[type="search"]', 'checkout');
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(page.url()).toContain('q=checkout');
    await page.fill('input[type="search"]', '');
  });

  it('should open the drifting service: charts with band and legend, the drift event, the gate verdict', async () => {
    await page.click('a[href="#/service/payments-drift"]');
    const latency = page.locator('.chart[data-metric="latency"] canvas');
    await latency.waitFor();
    const box = await latency.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(150);
    const legend = await page.locator('.chart[data-metric="latency"] .u-legend').innerText();
    for (const label of ['mean', 'max', 'min', 'expected', 'band high', 'band low']) expect(legend).toContain(label);
    await page.locator('.chart[data-metric="payload"] canvas').waitFor();

    // The drift onset is listed with its reason, and the gate fails (409) since the deployment.
    const driftEvent = page.locator('tr.event.drift');
    await driftEvent.first().waitFor();
    expect(await driftEvent.first().innerText()).toMatch(/Stable\s*→\s*Drift/);
    // Two episodes: the first recovered, the second still open.
    expect(await driftEvent.count()).toBe(2);
    expect(await page.locator('tr.event:has-text("recovered")').count()).toBe(1);
    expect(await driftEvent.first().innerText()).toContain('v2.0.0');
    // Each drift says its kind, and the first names the deployment before it.
    for (let i = 0; i < 2; i++) expect(await driftEvent.nth(i).locator('.tag.kind').getAttribute('data-kind')).toMatch(/^(spike|level_shift|gradual|tail|variance)$/);
    const hint = await driftEvent.last().locator('.hint-deployment').innerText();
    expect(hint).toMatch(/v2\.0\.0 deployed 3\.\d min before/);
    // The rule that decided the kind: a tooltip on the tag, and a click away.
    expect(await driftEvent.last().locator('.tag.kind').getAttribute('title')).toMatch(/σ|sample/);
    await driftEvent.last().locator('details.rule summary').click();
    expect(await driftEvent.last().locator('details.rule').innerText()).toMatch(/σ|sample/);
    // The header's current drift shows its kind too.
    await page.locator('.drift-now .tag.kind').waitFor();
    expect(await page.locator('.gate').innerText()).toMatch(/Gate: fail/);
    expect(page.url()).toContain('#/service/payments-drift');

    // Hovering the chart shows the values under the cursor.
    await page.mouse.move(box!.x + box!.width * 0.9, box!.y + box!.height / 2);
    const hovered = await page.locator('.chart[data-metric="latency"] .u-legend .u-series:nth-child(3) .u-value').innerText();
    expect(hovered).toMatch(/ms$/);

    // The chart drew pixels other than the background (the series, the band, the episode).
    const colours = await latency.evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-service.png'), fullPage: true });
  });

  it('should follow the time range picker in the address, and say so when a range is empty', async () => {
    await page.click('.presets button:has-text("Last 15 min")');
    await page.waitForFunction(() => location.hash.includes('range=15m'));
    await page.locator('.chart[data-metric="latency"] canvas').waitFor();
    expect(await page.locator('.presets button.active').innerText()).toBe('Last 15 min');
    // Back returns to the previous range, like a zoom-out.
    await page.goBack();
    await page.locator('.presets button.active:has-text("Last 1 h")').waitFor();
    await page.locator('.chart[data-metric="latency"] canvas').waitFor();
    const day = '2026-01-01T00:00:00.000Z';
    await page.goto(`${sut.baseUrl}/#/service/payments-drift?from=${day}&to=2026-01-01T01:00:00.000Z`);
    await page.locator('.empty:has-text("No samples in this range")').waitFor();
    await page.goto(`${sut.baseUrl}/#/service/nobody-here`);
    await page.locator('.empty:has-text("Unknown service")').waitFor();
  });

  it('should refresh a relative range in place (the same canvas, no flicker)', async () => {
    await page.goto(`${sut.baseUrl}/#/service/payments-drift?range=1h&refresh=5s`);
    const canvas = await page.locator('.chart[data-metric="latency"] canvas').elementHandle();
    const refreshed = page.waitForResponse((r) => r.url().includes('/v1/telemetry/payments-drift'), { timeout: 15_000 });
    await refreshed;
    await page.waitForTimeout(300);
    expect(await canvas!.evaluate((c) => c.isConnected)).toBe(true);
    expect(await page.locator('.chart[data-metric="latency"] canvas').count()).toBe(1);
  });

  it('should list incidents: two services drifting together, the right first mover, links to each member', async () => {
    await page.goto(`${sut.baseUrl}/#/`);
    await page.click('nav a:has-text("Incidents")');
    await page.waitForFunction(() => location.hash.startsWith('#/incidents'));
    const incident = page.locator('article.incident:has(tr.member[data-service="orders-api"])');
    await incident.waitFor();
    expect(await incident.locator('tr.member').count()).toBe(2);
    expect(await incident.locator('tr.member').first().getAttribute('data-service')).toBe('orders-db');
    expect(await incident.locator('.first-mover').innerText()).toContain('orders-db');
    expect(await incident.locator('header').innerText()).toMatch(/2 drifts/);
    expect(await incident.locator('header').innerText()).toMatch(/Ended/);
    expect(await incident.locator('tr.member[data-service="orders-api"]').innerText()).toMatch(/\+\d+ s/);
    // The payments drifts are incidents of their own.
    expect(await page.locator('article.incident:has(tr.member[data-service="payments-drift"])').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-incidents.png'), fullPage: true });

    // Paging: one incident a page, older ones behind next_to.
    await page.goto(`${sut.baseUrl}/#/incidents?limit=1`);
    const first = await page.locator('article.incident').first().getAttribute('data-start');
    expect(await page.locator('article.incident').count()).toBe(1);
    await page.click('.pager a.older');
    await page.waitForFunction(() => location.hash.includes('to='));
    await page.locator('.pager a.newest').waitFor();
    const second = await page.locator('article.incident').first().getAttribute('data-start');
    expect(Date.parse(second!)).toBeLessThan(Date.parse(first!));
    await page.goBack();
    await page.locator(`article.incident[data-start="${first}"]`).waitFor();
    await page.click('nav a:has-text("Incidents")');
    await incident.waitFor();

    // A member links to its service over its episode.
    await incident.locator('tr.member[data-service="orders-api"] a').first().click();
    await page.waitForFunction(() => location.hash.startsWith('#/service/orders-api?from='));
    await page.locator('.chart[data-metric="latency"] canvas').waitFor();
    const drift = page.locator('tr.event.drift');
    await drift.first().waitFor();
    // Its explanation names the other service of the incident, as a link.
    expect(await drift.first().locator('.hint-concurrent').innerText()).toMatch(/1 other service began drifting within 5 min: orders-db/);
    expect(await drift.first().locator('.hint-concurrent a').getAttribute('href')).toMatch(/^#\/service\/orders-db\?from=/);
  });

  it('should show a service\'s endpoints and, for the drifting one, its health, gate and events', async () => {
    await page.goto(`${sut.baseUrl}/#/service/shop?range=6h`);
    const rows = page.locator('.endpoint-list tr.endpoint');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.locator('tr.endpoint[data-endpoint="POST /pay"] .pill').innerText()).toBe('Drift');
    expect(await page.locator('tr.endpoint[data-endpoint="GET /cart"] .pill').innerText()).toBe('Stable');
    expect(await page.locator('tr.endpoint[data-endpoint="POST /pay"]').innerText()).toMatch(/ago/);
    // The header names the drifting endpoint.
    expect(await page.locator('.drift-now').innerText()).toContain('on POST /pay');
    expect(await page.locator('.caption').isHidden()).toBe(true);
    // Events of the whole service say which endpoint they are on.
    await page.locator('tr.event[data-endpoint="POST /pay"]').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-endpoints.png'), fullPage: true });

    await page.selectOption('select[name="endpoint"]', 'POST /pay');
    await page.waitForFunction(() => location.hash.includes('endpoint=POST'));
    await page.locator('.service-header .endpoint-name:has-text("POST /pay")').waitFor();
    await page.locator('.gate:has-text("(POST /pay)")').waitFor();
    expect(await page.locator('.gate').innerText()).toMatch(/Gate: fail/);
    expect(await page.locator('.caption').innerText()).toMatch(/whole service/);
    await page.locator('.drift-now .tag.kind').waitFor();
    const events = page.locator('tr.event');
    await page.locator('h2:has-text("Events of POST /pay")').waitFor();
    const endpoints = await events.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-endpoint')));
    expect(endpoints.length).toBeGreaterThan(0);
    expect(new Set(endpoints)).toEqual(new Set(['POST /pay']));
    expect(await page.locator('tr.event.drift').count()).toBe(1);
    expect(await page.locator('tr.endpoint.selected').getAttribute('data-endpoint')).toBe('POST /pay');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-endpoint.png'), fullPage: true });

    // The endpoint table leads back to another endpoint.
    await page.click('tr.endpoint[data-endpoint="GET /cart"] a');
    await page.locator('.gate:has-text("(GET /cart)")').waitFor();
    expect(await page.locator('.gate').innerText()).toMatch(/Gate: pass/);
  });

  it('should ask for an API key when DriftWatch has keys, keep it in localStorage and send it as X-API-Key', async () => {
    // A second DriftWatch with keys configured: the page and its assets stay open, the API does not.
    const keyed = await startTestApp({ apiKeys: 'ingest:ik-dash-1,read:rk-dash-1' });
    try {
      await request(keyed.baseUrl).post('/v1/telemetry').set('X-API-Key', 'ik-dash-1').send({ service_id: 'keyed-svc', latency_ms: 120, payload_kb: 2 }).expect(202);
      const seen = new Set<string | undefined>();
      page.on('request', (r) => {
        if (r.url().includes('/v1/')) seen.add(r.headers()['x-api-key']);
      });
      await page.goto(`${keyed.baseUrl}/#/`);
      const keyField = page.locator('.auth input[name="api-key"]');
      await keyField.waitFor();
      // A key of another scope is refused too (403), and the page keeps asking.
      await keyField.fill('ik-dash-1');
      await page.click('.auth button[type="submit"]');
      await page.locator('.auth', { hasText: 'read scope' }).waitFor({ timeout: 10_000 });
      await keyField.fill('rk-dash-1');
      await page.click('.auth button[type="submit"]');
      await page.locator('tr[data-service="keyed-svc"]').waitFor();
      expect(await page.evaluate(() => localStorage.getItem('driftwatch.apiKey'))).toBe('rk-dash-1');
      expect(seen.has('rk-dash-1')).toBe(true);
      await page.evaluate(() => localStorage.removeItem('driftwatch.apiKey'));
    } finally {
      await keyed.close();
    }
  });

  it('should have run without a script error or a request outside DriftWatch', () => {
    expect(pageErrors).toEqual([]);
  });
});
