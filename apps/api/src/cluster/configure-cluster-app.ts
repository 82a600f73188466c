import type { DriftConfig } from '@app/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** configureApp's counterpart in cluster mode: body limit and docs (the append queue refuses with 503 itself). */
export function configureClusterApp(app: NestExpressApplication, config: DriftConfig): NestExpressApplication {
  app.useBodyParser('json', { limit: config.bodyLimitKb * 1024 });
  app.disable('x-powered-by');
  app.set('etag', false);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('DriftWatch (cluster mode)')
      .setDescription(
        'Statistical drift detection for service telemetry, several processes on one PostgreSQL. A 202 means the sample is durably ' +
          'in the shared log; it is scored once, in arrival order, by the owner of its partition. Ask /v1/gate/{service_id} from any process.',
      )
      .setVersion('1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
