import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * A whole-number query parameter in [min, max], with one clear message for any bad value
 * (`?min_samples=abc` gets "min_samples must be an integer from 0 to 1000000", not three
 * contradictory ones from separate IsInt / Min / Max checks).
 */
export function IsIntegerParam(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value)),
    ValidateBy({
      name: 'isIntegerParam',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        defaultMessage: (args) =>
          max >= Number.MAX_SAFE_INTEGER && min === 1
            ? `${args?.property} must be a positive integer`
            : `${args?.property} must be an integer from ${min} to ${max}`,
      },
    }),
  );
}
