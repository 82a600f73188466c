import { DetectorRegistry } from '@app/health';
import { IngestionQueue, IngestionWorker } from '@app/ingestion';
import { SqliteDatabase, TelemetryRepository } from '@app/persistence';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../security/require-scope.decorator';
import { LivenessDto, SystemStatusDto } from './system.dto';

const STARTED_AT = Date.now();
/** Above this fill ratio the queue is close to refusing samples: report "degraded". */
const DEGRADED_QUEUE_FILL = 0.8;
const toMb = (bytes: number): number => Math.round((bytes / 1048576) * 100) / 100;

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly queue: IngestionQueue,
    private readonly worker: IngestionWorker,
    private readonly telemetry: TelemetryRepository,
    private readonly db: SqliteDatabase,
  ) {}

  @Get('v1/system/status')
  @ApiOperation({ summary: 'Process, storage and queue status' })
  @ApiOkResponse({ type: SystemStatusDto })
  status(): SystemStatusDto {
    const memory = process.memoryUsage();
    const fault = this.worker.storageFault;
    const status = !this.queue.isAccepting
      ? 'shutting_down'
      : fault !== null || this.queue.depth > DEGRADED_QUEUE_FILL * this.queue.capacity
        ? 'degraded'
        : 'healthy';
    return {
      status,
      uptime_seconds: Math.round((Date.now() - STARTED_AT) / 1000),
      services_monitored: this.registry.size,
      detectors_loaded: this.registry.loadedCount,
      total_telemetry_records: this.telemetry.storedCount,
      database_size_mb: toMb(this.db.sizeBytes()),
      queue: {
        depth: this.queue.depth,
        capacity: this.queue.capacity,
        refused_samples: this.queue.refusedSamples,
        refused_requests: this.queue.refusedRequests,
        committed_samples: this.worker.committedSamples,
      },
      memory: {
        rss_mb: toMb(memory.rss),
        heap_used_mb: toMb(memory.heapUsed),
        heap_total_mb: toMb(memory.heapTotal),
        array_buffers_mb: toMb(memory.arrayBuffers),
      },
      storage: { writable: fault === null, fault: fault?.code ?? null, since: fault ? new Date(fault.sinceMs).toISOString() : null },
    };
  }

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness for load balancers (open without a key); 200 while the process runs, degraded while the database cannot be written' })
  @ApiOkResponse({ type: LivenessDto })
  liveness(): LivenessDto {
    const fault = this.worker.storageFault;
    return fault === null ? { status: 'ok' } : { status: 'degraded', reason: `database not writable: ${fault.code}` };
  }
}
