import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's console logger with a mute switch. Nest logs start-up failures itself (a stack per
 * failed provider, an error line for a port in use) before main.ts's catch sees them; while
 * muted those are dropped, and the catch prints the single line that names the setting.
 */
export class StartupLogger extends ConsoleLogger {
  muted = false;

  override error(message: unknown, ...rest: unknown[]): void {
    if (!this.muted) super.error(message, ...rest);
  }

  override fatal(message: unknown, ...rest: unknown[]): void {
    if (!this.muted) super.fatal(message, ...rest);
  }
}
