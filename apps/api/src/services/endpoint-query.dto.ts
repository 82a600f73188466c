import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsEndpoint } from '../telemetry/telemetry.dto';

export const ENDPOINT_QUERY_DOC = 'Answer for this endpoint of the service alone (as sent in `endpoint`, e.g. "POST /pay"; URL-encode it); 404 if the service never sent it';

/** `?endpoint=`: narrows a service's answer to one of its endpoints. */
export class EndpointQueryDto {
  @ApiPropertyOptional({ example: 'POST /pay', maxLength: DRIFT_CONFIG_DEFAULTS.endpointMaxLength, description: ENDPOINT_QUERY_DOC })
  @IsOptional()
  @IsEndpoint()
  endpoint?: string;
}
