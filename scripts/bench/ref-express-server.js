'use strict';
/**
 * Reference 1: the cheapest honest JSON ingest endpoint on this stack — plain express 5 with
 * express.json(), a hand-written check of the same fields, and a 202. No storage, no detector:
 * it is the ceiling DriftWatch's single-sample path is measured against.
 * Usage: node ref-express-server.js <port>   (listens on 127.0.0.1; prints "listening" when ready)
 */
const express = require('express');

const port = Number(process.argv[2] || 0);
const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '2mb' }));

function valid(s) {
  return (
    s !== null &&
    typeof s === 'object' &&
    typeof s.service_id === 'string' &&
    s.service_id.length > 0 &&
    typeof s.latency_ms === 'number' &&
    Number.isFinite(s.latency_ms) &&
    s.latency_ms >= 0 &&
    typeof s.payload_kb === 'number' &&
    Number.isFinite(s.payload_kb) &&
    s.payload_kb >= 0
  );
}

app.post('/v1/telemetry', (req, res) => {
  if (!valid(req.body)) return res.status(400).json({ statusCode: 400, error: 'Bad Request', message: ['invalid'] });
  res.status(202).json({ status: 'accepted', service_id: req.body.service_id, timestamp: new Date().toISOString() });
});

app.post('/v1/telemetry/batch', (req, res) => {
  const samples = req.body && req.body.samples;
  if (!Array.isArray(samples) || !samples.every(valid)) {
    return res.status(400).json({ statusCode: 400, error: 'Bad Request', message: ['invalid'] });
  }
  res.status(202).json({ status: 'accepted', count: samples.length });
});

const server = app.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
