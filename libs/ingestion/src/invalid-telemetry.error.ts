/** Raised with the field-level messages of an invalid request (HTTP 400); nothing was queued. */
export class InvalidTelemetryError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'InvalidTelemetryError';
  }
}
