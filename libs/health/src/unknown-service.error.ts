/** A service that has never sent a sample (mapped to 404 by the API's exception filter). */
export class UnknownServiceError extends Error {
  constructor(readonly serviceId: string) {
    super(`Unknown service '${serviceId}': it has not sent any telemetry`);
    this.name = 'UnknownServiceError';
  }
}
