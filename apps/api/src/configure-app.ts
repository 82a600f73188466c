import type { DriftConfig } from '@app/config';
import { IngestionQueue } from '@app/ingestion';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyEdge, KEYS_DOC, setupDocs } from './configure-edge';
import { serveDashboard } from './dashboard/serve-dashboard';
import { overloadGuard } from './telemetry/overload-guard';

/** Everything main.ts and the e2e tests both need beyond the module: limits, security, overload guard, body limit, docs. */
export function configureApp(app: NestExpressApplication, config: DriftConfig): NestExpressApplication {
  const keys = applyEdge(app, config, { '/v1/traces': ['application/x-protobuf'] });
  // Registered before the body parser, so a saturated queue refuses requests without parsing them.
  app.use('/v1/telemetry', overloadGuard(app.get(IngestionQueue)));
  app.use('/v1/traces', overloadGuard(app.get(IngestionQueue)));
  app.useBodyParser('json', { limit: config.bodyLimitKb * 1024 });
  // OTLP/HTTP protobuf (POST /v1/traces) arrives as a Buffer; gzip is inflated within the same limit.
  app.useBodyParser('raw', { type: 'application/x-protobuf', limit: config.bodyLimitKb * 1024 });
  app.disable('x-powered-by');
  // Every answer is fresh JSON about live state; an ETag would cost a SHA-1 of each body and, as
  // express then sends the body as a Buffer, a second socket write per response.
  app.set('etag', false);
  serveDashboard(app);
  setupDocs(
    app,
    keys,
    'DriftWatch',
    'Statistical drift detection for service telemetry. Send one sample per request (or batches); ' +
      'ask /v1/gate/{service_id} before promoting a deployment (the HTTP status carries the verdict).\n\n' +
      KEYS_DOC,
  );
  return app;
}
