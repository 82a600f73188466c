import { parseTimestamp } from './timestamp';

describe(parseTimestamp.name, () => {
  const sut = parseTimestamp;

  it('should read a timestamp without a zone as UTC, with T or a space', () => {
    expect(sut('2014-02-19 10:50:00')).toBe(Date.UTC(2014, 1, 19, 10, 50, 0));
    expect(sut('2026-12-02 05:00:00')).toBe(Date.UTC(2026, 11, 2, 5, 0, 0));
    expect(sut('2014-02-19T10:50')).toBe(Date.UTC(2014, 1, 19, 10, 50, 0));
    expect(sut('2014-02-19')).toBe(Date.UTC(2014, 1, 19));
  });

  it('should honour Z, offsets and fractions', () => {
    expect(sut('2024-05-01T12:00:00.250Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 250));
    expect(sut('2024-05-01t12:00:00.123456789z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
    expect(sut('2024-05-01T14:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
    expect(sut('2024-05-01T07:30:00-0430')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
    expect(sut('2024-05-01 12:00:00 Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
  });

  it.each([
    '',
    'yesterday',
    '2024-13-01',
    '2024-02-30 00:00:00',
    '2024-01-01 24:00:00',
    '1714560000',
    '1714560000000',
    '2024-01-01T00:00:00+2',
    '2024-01-01T00:00:00+25:00',
    '12/01/2026',
  ])('should reject %j', (text) => {
    expect(sut(text)).toBeNaN();
  });
});
