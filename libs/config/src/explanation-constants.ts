/**
 * The fixed thresholds of the drift explanations (kind and hints), each with its reason. They are
 * read by people as much as by code: the README's "Explanations and incidents" section quotes them.
 * Pure: the engine's framework-free entry point imports this file.
 */
export const EXPLANATION = {
  /**
   * The level has moved when the median of the settled samples is this many reference σ (robust:
   * 1.4826·MAD) from the reference median. One σ: the median of 20+ samples has a standard error
   * under 0.3σ, so noise does not reach it, and a change smaller than the service's own spread is
   * not what "the level moved" means to a reader.
   */
  levelShiftSigma: 1,
  /**
   * A moved level is gradual when, over the episode, the last third's median is this many σ further
   * in the drift's direction than the first third's (a ramp keeps going after the alarm; a step does not).
   */
  trendSigma: 1,
  /**
   * ... or when the lead-in (the samples just before the evidence) already sat this far from the
   * reference median: a ramp is under way before any rule fires; before a step the lead-in is normal
   * (its median of 50 samples is within ±0.2σ by noise).
   */
  leadInSigma: 0.5,
  /** The spread has grown (variance) when the settled samples' robust σ is this many times the reference's. */
  spreadRatio: 1.5,
  /**
   * A tail is heavier when samples land beyond the reference's 1 % line on one side this many times
   * as often (3 % instead of 1 %): the same "several times the usual rate" the tail rule uses, a little
   * lower because the episode is read after the rule has already fired.
   */
  tailRateRatio: 3,
  /**
   * ... and at least this many samples beyond the line: 3 % of 30 samples is one sample, which
   * normal noise gives one time in four; 8 where 1.3 are expected (130 samples) happens once in 10⁴.
   */
  minTailSamples: 8,
  /**
   * Both tails crossed this often, by at least this many samples each, is a wider spread even when
   * the median moved by chance: a normal service puts 3 of 20 samples below its 1st percentile once
   * in a thousand, and on both sides at once about once in a million.
   */
  minBothTailsSamples: 3,
  /** The reference's tail lines: its 1st and 99th percentiles. */
  tailQuantile: 0.99,
  /**
   * Samples needed after a would-be spike has passed (EXPLAIN_SPIKE_MAX_SAMPLES after the evidence
   * began) before the episode, not the onset, decides the kind: the median and the rates of 20
   * samples are stable enough for the 1σ and 3 % thresholds above.
   */
  minSettledSamples: 20,
  /** A reference of fewer baseline samples than this cannot say what normal was; the rule that fired decides alone. */
  minReferenceSamples: 20,
  /**
   * A metric departs at the first run of this many samples beyond `departureSevereSigma`, or of
   * `departureShiftRun` samples beyond `levelShiftSigma` on one side: the first catches spikes and
   * steps, the second a shift smaller than 3σ. Under normal noise such a run starts by chance once
   * in 10⁷–10⁸ samples, so the hint's "which moved first" is not noise.
   */
  departureSevereRun: 3,
  departureSevereSigma: 3,
  departureShiftRun: 8,
  /** Onsets read per query while grouping incidents: one query for most pages, bounded memory for a storm. */
  incidentReadChunk: 1000,
  /**
   * Final explanations kept in memory (about 1 KB each as JSON, so at most ~10 MB): a page of events
   * or incidents read again is not re-read from its samples. A final explanation never changes, so
   * the cache cannot make two reads differ.
   */
  finalCacheEntries: 10_000,
  /**
   * Streams whose last reference read is kept between their onsets (each up to
   * EXPLAIN_REFERENCE_SAMPLES samples, ~40 kB at the default, so at most ~5 MB): a flapping stream's
   * next onset reads only the samples stored since. An exact cache (see ExplanationRepository).
   */
  referenceCacheStreams: 128,
  /** At most this many other services are named in the concurrent-drift hint (the total is always given). */
  maxConcurrentListed: 20,
} as const;
