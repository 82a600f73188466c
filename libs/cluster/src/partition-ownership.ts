/** A lease change, as logged (one line each) and as the readiness route reports it. */
export interface LeaseChange {
  partition: number;
  kind: 'acquired' | 'released' | 'lost';
  epoch: number;
}

/**
 * Exclusive, balanced ownership of the log's partitions among the live processes. Only the owner
 * of a partition scores it, and its writes go through `runAsOwner`, which fails once the lease is
 * gone (fencing): a paused or partitioned owner cannot commit after a takeover.
 */
export interface PartitionOwnership {
  /** Partitions owned now, with the epoch of each lease (epochs only grow, cluster-wide). */
  owned(): ReadonlyMap<number, number>;
  /** Whether the lease session is up (false while reconnecting). */
  readonly connected: boolean;
  /** Live processes as last seen (for the fair share). */
  readonly members: number;
  onChange(listener: (change: LeaseChange) => void): void;
}

export const PARTITION_OWNERSHIP = Symbol('PARTITION_OWNERSHIP');
