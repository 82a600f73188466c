import { closestSetting, unknownSettingWarnings } from './unknown-settings';

describe('unknownSettingWarnings', () => {
  it('should name the closest known setting for a misspelt one', () => {
    expect(unknownSettingWarnings({ DRIFTWATCH_API_KEY: 'secret-value' })).toEqual([
      'Unknown setting DRIFTWATCH_API_KEY is ignored (did you mean DRIFTWATCH_API_KEYS?)',
    ]);
    expect(closestSetting('DRIFTWATCH_PROT')).toBe('DRIFTWATCH_PORT');
    expect(closestSetting('DRIFTWATCH_QUEUE_CAPACTY')).toBe('DRIFTWATCH_QUEUE_CAPACITY');
  });

  it('should never show the value', () => {
    const [warning] = unknownSettingWarnings({ DRIFTWATCH_API_KEY: 'admin:s3cr3t' });
    expect(warning).not.toContain('s3cr3t');
  });

  it('should stay quiet about known settings, the client-side DRIFTWATCH_URL and other namespaces', () => {
    expect(unknownSettingWarnings({ DRIFTWATCH_PORT: '1', DRIFTWATCH_URL: 'http://x', PATH: '/bin', NODE_ENV: 'test' })).toEqual([]);
  });

  it('should suggest nothing when no setting is close', () => {
    expect(unknownSettingWarnings({ DRIFTWATCH_COMPLETELY_DIFFERENT_THING_XYZ: '1' })).toEqual([
      'Unknown setting DRIFTWATCH_COMPLETELY_DIFFERENT_THING_XYZ is ignored (README: Configuration lists every setting)',
    ]);
  });
});
