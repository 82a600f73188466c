/** Where the simulator writes; stdout in production, a silent buffer in tests. */
export interface SimOutput {
  readonly isTTY: boolean;
  write(text: string): void;
}

export const SIM_OUTPUT = Symbol('SIM_OUTPUT');

export const stdoutOutput: SimOutput = {
  isTTY: process.stdout.isTTY === true,
  write: (text) => void process.stdout.write(text),
};
