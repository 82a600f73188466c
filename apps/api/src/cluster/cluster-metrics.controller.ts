import { ClusterMetrics } from '@app/cluster';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { METRICS_CONTENT_TYPE } from '../metrics/metrics.controller';

const EXAMPLE = `# HELP driftwatch_cluster_partitions_owned Partitions this process owns
# TYPE driftwatch_cluster_partitions_owned gauge
driftwatch_cluster_partitions_owned 22
# HELP driftwatch_cluster_max_lag_seconds Wait of the oldest unscored sample, all partitions (seconds)
# TYPE driftwatch_cluster_max_lag_seconds gauge
driftwatch_cluster_max_lag_seconds 0.012
`;

@ApiTags('system')
@Controller('metrics')
export class ClusterMetricsController {
  constructor(private readonly metrics: ClusterMetrics) {}

  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics of a cluster process (text format 0.0.4)',
    description:
      'This process: samples appended, records scored, scoring failures, samples rejected by reason, lease changes by kind, ' +
      'lease session up, partitions owned, members. The shared store: partitions, pending samples, largest lag, services by state. ' +
      'Plus process metrics. README: Cluster mode.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The metrics', content: { 'text/plain': { schema: { type: 'string', example: EXAMPLE } } } })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
