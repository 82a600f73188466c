import { ClusterIngestionService, ClusterRuntime } from '@app/cluster';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../security/require-scope.decorator';
import { LivenessDto } from '../system/system.dto';
import { ClusterStatusDto, ReadinessDto } from './cluster.dto';

@ApiTags('system')
@Controller()
export class ClusterSystemController {
  constructor(
    private readonly runtime: ClusterRuntime,
    private readonly ingestion: ClusterIngestionService,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness for load balancers and Kubernetes (the process answers)' })
  @ApiOkResponse({ type: LivenessDto })
  liveness(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  // A readiness probe cannot hold a key either.
  @Public()
  @ApiOperation({
    summary: 'Readiness (cluster mode): 200 while the lease session is up, this process holds partitions and scoring keeps up',
    description: '503 while the lease session is down, while it holds no partition though partitions exist for it, or while the largest lag is above DRIFTWATCH_CLUSTER_MAX_LAG_MS.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const r = await this.readiness();
    res.status(r.status === 'ready' ? 200 : 503);
    return r;
  }

  @Get('v1/system/status')
  @ApiOperation({ summary: 'Cluster process status: leases, lag, scoring' })
  @ApiOkResponse({ type: ClusterStatusDto })
  async status(): Promise<ClusterStatusDto> {
    const r = await this.readiness();
    const totals = await this.runtime.reads.totals();
    return {
      ...r,
      mode: 'cluster',
      services_monitored: totals.services,
      samples_scored: totals.samples,
      appended_samples: this.ingestion.appendedSamples,
      scored_records: this.runtime.loop.scoredRecords,
      append_queue: this.runtime.log.queued,
    };
  }

  private async readiness(): Promise<ReadinessDto> {
    const o = this.runtime.ownership;
    const totals = await this.runtime.reads.totals();
    const total = this.runtime.config.clusterPartitions;
    const owned = o.owned().size;
    const share = Math.ceil(total / Math.max(1, o.members));
    let reason = `holds ${owned} of ${total} partitions (fair share ${share} among ${o.members} process(es)); max lag ${totals.maxLagMs} ms`;
    let ready = true;
    if (!o.connected) {
      ready = false;
      reason = 'lease session to PostgreSQL is down (reconnecting)';
    } else if (owned === 0 && o.members <= total) {
      ready = false;
      reason = `holds no partition yet (${o.members} process(es) share ${total})`;
    } else if (totals.maxLagMs > this.runtime.config.clusterMaxLagMs) {
      ready = false;
      reason = `scoring is behind: ${totals.maxLagMs} ms > ${this.runtime.config.clusterMaxLagMs} ms (${totals.pending} pending)`;
    }
    return {
      status: ready ? 'ready' : 'not_ready',
      reason,
      lease_connected: o.connected,
      partitions_owned: owned,
      partitions_total: total,
      members: o.members,
      pending: totals.pending,
      max_lag_ms: totals.maxLagMs,
    };
  }
}
