import { BadRowError, SampleLineParser } from './sample-line-parser';

const T = Date.UTC(2024, 0, 1, 0, 0, 0);

function parseAll(lines: string[], service = 'svc'): ReturnType<SampleLineParser['parse']>[] {
  const sut = new SampleLineParser(service);
  return lines.map((line, i) => sut.parse(line, i + 1)).filter((s) => s !== null);
}

function problem(lines: string[]): string {
  try {
    parseAll(lines);
  } catch (error) {
    if (error instanceof BadRowError) return error.message;
    throw error;
  }
  throw new Error('expected a BadRowError');
}

describe(SampleLineParser.name, () => {
  describe('endpoint', () => {
    it('should read an endpoint column (an empty field: none)', () => {
      expect(parseAll(['timestamp,latency_ms,endpoint', '2024-01-01 00:00:00,10,POST /pay', '2024-01-01 00:00:01,11,'])).toEqual([
        { serviceId: 'svc', timeMs: T, latency: 10, payload: NaN, endpoint: 'POST /pay' },
        { serviceId: 'svc', timeMs: T + 1000, latency: 11, payload: NaN },
      ]);
    });

    it('should read an endpoint field in JSON lines, and refuse one that is not a non-empty string', () => {
      expect(parseAll(['{"timestamp": "2024-01-01T00:00:00Z", "latency_ms": 10, "endpoint": "GET /a"}'])).toEqual([
        { serviceId: 'svc', timeMs: T, latency: 10, payload: NaN, endpoint: 'GET /a' },
      ]);
      expect(problem(['{"timestamp": "2024-01-01T00:00:00Z", "latency_ms": 10, "endpoint": 3}'])).toBe('line 1: endpoint must be a non-empty string (or absent)');
    });
  });

  describe('CSV timestamp,value', () => {
    it('should read value as latency with no payload (NaN) and the default service', () => {
      expect(parseAll(['timestamp,value', '2024-01-01 00:00:00,12.5', '', '2024-01-01 00:05:00,-3'])).toEqual([
        { serviceId: 'svc', timeMs: T, latency: 12.5, payload: NaN },
        { serviceId: 'svc', timeMs: T + 300_000, latency: -3, payload: NaN },
      ]);
    });

    it('should accept a BOM, quotes and CRLF leftovers', () => {
      expect(parseAll(['\uFEFF"timestamp","value"\r', '"2024-01-01 00:00:00","7"\r'])).toEqual([
        { serviceId: 'svc', timeMs: T, latency: 7, payload: NaN },
      ]);
    });
  });

  describe('CSV timestamp,latency_ms[,payload_kb]', () => {
    it('should read latency and payload in any column order', () => {
      expect(parseAll(['payload_kb,timestamp,latency_ms,service_id', '2,2024-01-01T00:00:00Z,150,api', '3,2024-01-01T00:00:01Z,160,'])).toEqual([
        { serviceId: 'api', timeMs: T, latency: 150, payload: 2 },
        { serviceId: 'svc', timeMs: T + 1000, latency: 160, payload: 3 },
      ]);
    });

    it('should read a file without payload_kb, or an empty payload field, as no payload', () => {
      expect(parseAll(['timestamp,latency_ms', '2024-01-01 00:00:00,150'])).toEqual([{ serviceId: 'svc', timeMs: T, latency: 150, payload: NaN }]);
      expect(parseAll(['timestamp,latency_ms,payload_kb', '2024-01-01T00:00:00Z,150,'])).toEqual([
        { serviceId: 'svc', timeMs: T, latency: 150, payload: NaN },
      ]);
    });

    it('should reject a negative latency', () => {
      expect(problem(['timestamp,latency_ms', '2024-01-01 00:00:00,-1'])).toBe('line 2: latency_ms must be >= 0, got -1');
    });
  });

  describe('JSON lines', () => {
    it('should read objects with or without service_id', () => {
      expect(
        parseAll([
          '{"service_id":"pay","latency_ms":150,"payload_kb":2,"timestamp":"2024-01-01T00:00:00Z"}',
          '{"latency_ms":151,"timestamp":"2024-01-01T00:00:01Z"}',
        ]),
      ).toEqual([
        { serviceId: 'pay', timeMs: T, latency: 150, payload: 2 },
        { serviceId: 'svc', timeMs: T + 1000, latency: 151, payload: NaN },
      ]);
    });

    it.each([
      ['{"latency_ms":1,"timestamp":"x"}', 'line 2: timestamp "x" is not ISO-8601'],
      ['{"latency_ms":"1","timestamp":"2024-01-01"}', 'line 2: latency_ms must be a finite number'],
      ['{"latency_ms":1}', 'line 2: timestamp must be an ISO-8601 string'],
      ['{"latency_ms":1,"timestamp":"2024-01-01","service_id":""}', 'line 2: service_id must be a non-empty string'],
      ['{"latency_ms":1,', 'line 2: not valid JSON'],
      ['[1]', 'line 2: expected a JSON object'],
    ])('should reject %s', (line, message) => {
      expect(problem(['{"latency_ms":1,"timestamp":"2024-01-01"}', line])).toBe(message);
    });
  });

  describe('bad CSV rows', () => {
    it.each([
      ['2024-01-01 00:00:00', 'line 2: missing value (expected 2 fields, got 1)'],
      ['2024-01-01 00:00:00,', 'line 2: value "" is not a finite number'],
      ['2024-01-01 00:00:00,NaN', 'line 2: value "NaN" is not a finite number'],
      ['01/02/2024,1', 'line 2: timestamp "01/02/2024" is not ISO-8601'],
    ])('should reject %j', (line, message) => {
      expect(problem(['timestamp,value', line])).toBe(message);
    });

    it('should reject an unknown header', () => {
      expect(problem(['time,latency'])).toMatch(/^line 1: expected a CSV header/);
    });
  });
});
