import { parseTimestamp, TIMESTAMP_FORMAT_HINT } from '@app/config';
import { ValidateBy } from 'class-validator';

/** A timestamp in DriftWatch's one contract (@app/config timestamp.ts), the same as replay's. */
export function IsTimestamp(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(parseTimestamp(value)),
      defaultMessage: () => `$property must be ${TIMESTAMP_FORMAT_HINT}`,
    },
  });
}

/** What Swagger says about the accepted timestamp formats. */
export const TIMESTAMP_DOC =
  'ISO-8601: `2026-01-12T10:30:45.123Z`, `2026-01-12T12:30:45+02:00`, `2026-01-12 10:30:45` (space or T; ' +
  'no zone = UTC; a date alone = midnight UTC). Epoch numbers are not accepted (seconds or milliseconds would be a guess).';
