import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class QueueStatusDto {
  @ApiProperty({ example: 12, description: 'Samples waiting for the next group commit' }) depth: number;
  @ApiProperty({ example: 200000 }) capacity: number;
  @ApiProperty({ example: 0, description: 'Samples refused with 503 since start (counted once parsed)' }) refused_samples: number;
  @ApiProperty({ example: 0, description: 'Requests refused with 503 before their body was read (queue saturated)' })
  refused_requests: number;
  @ApiProperty({ example: 1250000, description: 'Samples committed since start' }) committed_samples: number;
}

export class MemoryStatusDto {
  @ApiProperty({ example: 180.2 }) rss_mb: number;
  @ApiProperty({ example: 61.5, description: 'JavaScript heap in use (live objects and garbage not yet collected)' })
  heap_used_mb: number;
  @ApiProperty({ example: 90.1, description: 'JavaScript heap committed by V8 (used or not)' }) heap_total_mb: number;
  @ApiProperty({ example: 160.3, description: 'Typed arrays and buffers (the baseline windows live here)' })
  array_buffers_mb: number;
}

export class StorageStatusDto {
  @ApiProperty({ example: true, description: 'false from a group commit that could not write until the next one that could' })
  writable: boolean;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'SQLite code of the failure (SQLITE_FULL, SQLITE_IOERR_WRITE, ...)' })
  fault: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, format: 'date-time', description: 'When the failure began' })
  since: string | null;
}

export class SystemStatusDto {
  @ApiProperty({ example: 'healthy', enum: ['healthy', 'degraded', 'shutting_down'] }) status: string;
  @ApiProperty({ example: 3600 }) uptime_seconds: number;
  @ApiProperty({ example: 5 }) services_monitored: number;
  @ApiProperty({ example: 5, description: 'Services whose detector and window are in memory (paged in on first use after a restart)' })
  detectors_loaded: number;
  @ApiProperty({ example: 12450 }) total_telemetry_records: number;
  @ApiProperty({ example: 2.3 }) database_size_mb: number;
  @ApiProperty({ type: QueueStatusDto }) queue: QueueStatusDto;
  @ApiProperty({ type: MemoryStatusDto }) memory: MemoryStatusDto;
  @ApiProperty({ type: StorageStatusDto }) storage: StorageStatusDto;
}

export class LivenessDto {
  @ApiProperty({
    example: 'ok',
    enum: ['ok', 'degraded'],
    description: 'degraded while the database cannot be written (the process is alive; samples get 503 + Retry-After)',
  })
  status: string;
  @ApiPropertyOptional({ example: 'database not writable: SQLITE_FULL' }) reason?: string;
}
