import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { SERVICE_ID_PATTERN, SERVICE_ID_PATTERN_MESSAGE } from '@app/ingestion';
import { BadRequestException, Inject, Injectable, PipeTransform } from '@nestjs/common';

/** Validates a `{service_id}` path parameter with the same rules as the telemetry body. */
@Injectable()
export class ServiceIdPipe implements PipeTransform<string, string> {
  constructor(@Inject(DRIFT_CONFIG) private readonly config: DriftConfig) {}

  transform(value: string): string {
    if (value.length > this.config.serviceIdMaxLength) {
      throw new BadRequestException([`service_id must be shorter than or equal to ${this.config.serviceIdMaxLength} characters`]);
    }
    if (!SERVICE_ID_PATTERN.test(value)) throw new BadRequestException([`service_id ${SERVICE_ID_PATTERN_MESSAGE}`]);
    return value;
  }
}
