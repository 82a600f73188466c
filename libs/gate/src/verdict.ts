/** What a gate or a deployment comparison says about promoting a release. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';
