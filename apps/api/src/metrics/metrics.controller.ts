import { MetricsService } from '@app/metrics';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

const EXAMPLE = `# HELP driftwatch_samples_ingested_total Samples committed to storage and scored by the detector
# TYPE driftwatch_samples_ingested_total counter
driftwatch_samples_ingested_total 1250000
# HELP driftwatch_samples_rejected_total Samples of parsed telemetry requests that were not stored, by reason
# TYPE driftwatch_samples_rejected_total counter
driftwatch_samples_rejected_total{reason="invalid"} 3
# HELP driftwatch_services Monitored services by detector state
# TYPE driftwatch_services gauge
driftwatch_services{state="STABLE"} 41
driftwatch_services{state="DRIFT_DETECTED"} 1
# HELP driftwatch_service_state Detector state of each service
# TYPE driftwatch_service_state gauge
driftwatch_service_state{service_id="payment-authorization-prod",state="DRIFT_DETECTED"} 1
`;

/** Prometheus text format 0.0.4, the one every Prometheus, Grafana Agent and OpenTelemetry Collector scrapes. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

@ApiTags('system')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics (text format 0.0.4)',
    description:
      'Ingestion (samples ingested / rejected by reason, queue depth, commit duration histogram), services by state, ' +
      'drift events by reason, process metrics, and per-service series (service_id label) for at most ' +
      'DRIFTWATCH_METRICS_MAX_SERVICES services. README: Metrics.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The metrics', content: { 'text/plain': { schema: { type: 'string', example: EXAMPLE } } } })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
