import { formatVerdictTable } from './verdict-table';

describe(formatVerdictTable.name, () => {
  it('should align the columns and count the passes', () => {
    const sut = formatVerdictTable('Verdict', [
      { criterion: 'STABLE reached', measured: '100 samples', limit: '<= 600 samples', pass: true },
      { criterion: 'no DRIFT_DETECTED', measured: '1 transitions', limit: '0', pass: false },
    ]);

    expect(sut.split('\n')).toEqual([
      'Verdict',
      'criterion          measured       limit           result',
      '-----------------  -------------  --------------  ------',
      'STABLE reached     100 samples    <= 600 samples  PASS',
      'no DRIFT_DETECTED  1 transitions  0               FAIL',
      '-----------------  -------------  --------------  ------',
      '1/2 passed',
      '',
    ]);
  });
});
