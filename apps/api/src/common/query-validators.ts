import { ValidateBy } from 'class-validator';

/**
 * An integer query parameter within [min, max], checked by ONE rule with ONE message: stacking
 * IsInt, Min and Max answers `limit=abc` with three messages, two of which make no sense.
 * Use after `@Type(() => Number)` (a non-number arrives as NaN).
 */
export function IsIntegerBetween(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isIntegerBetween',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      defaultMessage: () => `$property must be an integer from ${min} to ${max}`,
    },
  });
}

/**
 * A comma-separated list whose every item is one of `choices` (`reason=persistent_shift,extreme_sample`).
 * The query value stays a string; `splitList` turns it into the items.
 */
export function IsListOf(choices: readonly string[]): PropertyDecorator {
  return ValidateBy({
    name: 'isListOf',
    constraints: [choices],
    validator: {
      validate: (value: unknown) => typeof value === 'string' && splitList(value).length > 0 && splitList(value).every((v) => choices.includes(v)),
      defaultMessage: () => `$property must be one or more (comma-separated) of: ${choices.join(', ')}`,
    },
  });
}

export const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
