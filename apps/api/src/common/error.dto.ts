import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['latency_ms must not be less than 0'],
  })
  message: string | string[];

  @ApiPropertyOptional({
    example: 149980,
    description: 'Messages left out: a response lists at most DRIFTWATCH_ERROR_MAX_MESSAGES (default 20)',
  })
  more_messages?: number;
}
