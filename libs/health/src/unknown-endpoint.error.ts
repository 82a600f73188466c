/** An endpoint a known service has never sent a sample for (mapped to 404 by the API's exception filter). */
export class UnknownEndpointError extends Error {
  constructor(
    readonly serviceId: string,
    readonly endpoint: string,
    known: readonly string[],
  ) {
    const hint = known.length === 0 ? 'it sends no endpoints' : `its endpoints: ${known.slice(0, 10).map((e) => `'${e}'`).join(', ')}${known.length > 10 ? ', …' : ''}`;
    super(`Unknown endpoint '${endpoint}' of service '${serviceId}' (${hint})`);
    this.name = 'UnknownEndpointError';
  }
}
