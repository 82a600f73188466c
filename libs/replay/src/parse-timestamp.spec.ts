import { parseTimestamp } from './parse-timestamp';

describe(parseTimestamp.name, () => {
  const sut = parseTimestamp;

  it('should read a timestamp without a zone as UTC', () => {
    expect(sut('2014-02-19 10:50:00')).toBe(Date.UTC(2014, 1, 19, 10, 50, 0));
    expect(sut('2014-02-19T10:50')).toBe(Date.UTC(2014, 1, 19, 10, 50, 0));
    expect(sut('2014-02-19')).toBe(Date.UTC(2014, 1, 19));
  });

  it('should honour Z, offsets and fractions', () => {
    expect(sut('2024-05-01T12:00:00.250Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 250));
    expect(sut('2024-05-01T14:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
    expect(sut('2024-05-01T07:30:00-0430')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
  });

  it.each(['', 'yesterday', '2024-13-01', '2024-02-30 00:00:00', '2024-01-01 24:00:00', '1714560000', '2024-01-01T00:00:00+2'])(
    'should reject %j',
    (text) => {
      expect(sut(text)).toBeNull();
    },
  );
});
