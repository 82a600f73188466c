import type { DriftConfig } from '@app/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyEdge, KEYS_DOC, setupDocs } from '../configure-edge';

/**
 * configureApp's counterpart in cluster mode: the same edge (limits, helmet/CORS, early auth,
 * JSON-only), body limit and docs (the append queue refuses with 503 itself).
 */
export function configureClusterApp(app: NestExpressApplication, config: DriftConfig): NestExpressApplication {
  const keys = applyEdge(app, config);
  app.useBodyParser('json', { limit: config.bodyLimitKb * 1024 });
  app.disable('x-powered-by');
  app.set('etag', false);
  setupDocs(
    app,
    keys,
    'DriftWatch (cluster mode)',
    'Statistical drift detection for service telemetry, several processes on one PostgreSQL. A 202 means the sample is durably ' +
      'in the shared log; it is scored once, in arrival order, by the owner of its partition. Ask /v1/gate/{service_id} from any process.\n\n' +
      KEYS_DOC.replace('but /health', 'but /health and /ready'),
  );
  return app;
}
