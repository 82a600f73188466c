/**
 * First keys of the two-key advisory locks DriftWatch takes (pg_advisory_lock(int, int)), so
 * they cannot collide with another application's locks in the same database: "DW" then a kind.
 */
export const ADVISORY = {
  /** (PARTITION, p): the lease on partition p. */
  PARTITION: 0x44570001,
  /** (MEMBER, backend pid): held by every live process's lease session; counting them gives the fair share. */
  MEMBER: 0x44570002,
  /** (MIGRATE, 0): one process at a time runs migrations. */
  MIGRATE: 0x44570003,
} as const;
