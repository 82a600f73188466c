import type { DriftConfig } from '@app/config';
import { IngestionQueue } from '@app/ingestion';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { serveDashboard } from './dashboard/serve-dashboard';
import { ApiKeys } from './security/api-keys';
import { earlyAuth } from './security/early-auth.middleware';
import { jsonOnly } from './security/json-only.middleware';
import { applySecurityHeaders } from './security/security-headers';
import { API_KEY_SCHEME, BEARER_SCHEME, documentSecurity } from './security/swagger-security';
import { applyHttpLimits } from './server/http-limits';
import { overloadGuard } from './telemetry/overload-guard';

/** Everything main.ts and the e2e tests both need beyond the module: limits, security, overload guard, body limit, docs. */
export function configureApp(app: NestExpressApplication, config: DriftConfig): NestExpressApplication {
  applyHttpLimits(app.getHttpServer(), config);
  applySecurityHeaders(app, config);
  const keys = app.get(ApiKeys);
  // Order matters: each of these refuses a request before the body parser reads its body.
  app.use('/v1', earlyAuth(keys));
  app.use(jsonOnly({ '/v1/traces': ['application/x-protobuf'] }));
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
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('DriftWatch')
      .setDescription(
        'Statistical drift detection for service telemetry. Send one sample per request (or batches); ' +
          'ask /v1/gate/{service_id} before promoting a deployment (the HTTP status carries the verdict).\n\n' +
          'With DRIFTWATCH_API_KEYS set, every route but /health needs a key, sent either way below ' +
          '(Authorize): scope `ingest` posts telemetry, `read` reads, `admin` does everything. ' +
          'POST bodies are `application/json` only.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key>' }, BEARER_SCHEME)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'X-API-Key: <key>' }, API_KEY_SCHEME)
      .build(),
  );
  SwaggerModule.setup('docs', app, documentSecurity(document, !keys.open));
  return app;
}
