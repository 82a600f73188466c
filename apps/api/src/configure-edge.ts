import type { DriftConfig } from '@app/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiKeys } from './security/api-keys';
import { earlyAuth } from './security/early-auth.middleware';
import { jsonOnly } from './security/json-only.middleware';
import { applySecurityHeaders } from './security/security-headers';
import { API_KEY_SCHEME, BEARER_SCHEME, documentSecurity } from './security/swagger-security';
import { applyHttpLimits } from './server/http-limits';

/** What the Swagger description says about keys, in both modes. */
export const KEYS_DOC =
  'With DRIFTWATCH_API_KEYS set, every route but /health needs a key, sent either way below ' +
  '(Authorize): scope `ingest` posts telemetry, `read` reads, `admin` does everything. ' +
  'POST bodies are `application/json` only.';

/**
 * The edge both API roots share (configureApp, configureClusterApp): slow-client limits, helmet and
 * CORS, then the checks that refuse a request before its body is read: no valid key (401), a body
 * that is not JSON (415; `otherTypes` names the routes that take another type). Returns the keys.
 */
export function applyEdge(app: NestExpressApplication, config: DriftConfig, otherTypes: Record<string, string[]> = {}): ApiKeys {
  applyHttpLimits(app.getHttpServer(), config);
  applySecurityHeaders(app, config);
  const keys = app.get(ApiKeys);
  // Order matters: each of these refuses a request before the body parser reads its body.
  app.use('/v1', earlyAuth(keys));
  app.use(jsonOnly(otherTypes));
  return keys;
}

/** /docs with both key schemes, and each operation's scope, 401/403/415 from its declaration. */
export function setupDocs(app: NestExpressApplication, keys: ApiKeys, title: string, description: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription(description)
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key>' }, BEARER_SCHEME)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'X-API-Key: <key>' }, API_KEY_SCHEME)
      .build(),
  );
  SwaggerModule.setup('docs', app, documentSecurity(document, !keys.open));
}
