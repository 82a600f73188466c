import type { DriftConfig } from '@app/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * helmet's headers with a policy that still lets Swagger UI (/docs) and the static dashboard (/)
 * run: scripts and styles from this origin only (Swagger UI also sets inline style attributes),
 * images from this origin or data: URLs (its icons). Two defaults are switched off because
 * DriftWatch usually listens on plain HTTP inside a network: upgrade-insecure-requests would make
 * a browser fetch /docs' scripts over https, which nothing serves; HSTS belongs to whatever
 * terminates TLS in front of it.
 */
export function applySecurityHeaders(app: NestExpressApplication, config: Pick<DriftConfig, 'corsOrigins'>): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );
  const origins = corsOrigins(config.corsOrigins);
  // Without the setting no CORS header is ever sent, so browsers keep the API same-origin.
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'HEAD', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'Idempotency-Key'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
    });
  }
}

export function corsOrigins(setting: string): string[] {
  return setting
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
}
