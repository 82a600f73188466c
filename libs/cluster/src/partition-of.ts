/**
 * The partition of a service: FNV-1a (32 bit) of its UTF-8 id, modulo the partition count.
 * Stable across processes, versions and restarts (it decides which owner scores a service), so
 * it must never change once a cluster database exists.
 */
export function partitionOf(serviceId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(serviceId, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
