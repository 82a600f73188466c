/** A deployment id that no marker has (mapped to 404 by the API's exception filter). */
export class UnknownDeploymentError extends Error {
  constructor(readonly deploymentId: number) {
    super(`Unknown deployment ${deploymentId}: no marker has this id`);
    this.name = 'UnknownDeploymentError';
  }
}

/** A gate or deployment request that contradicts itself or the data (mapped to 400). */
export class InvalidGateRequestError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'InvalidGateRequestError';
  }
}
