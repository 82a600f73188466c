const DAY_MS = 86_400_000;

export interface RetentionCutoffs {
  telemetryBeforeMs: number;
  eventsBeforeMs: number;
}

/** Rows with a sample time strictly before these instants are expired. */
export function retentionCutoffs(nowMs: number, telemetryDays: number, eventDays: number): RetentionCutoffs {
  return { telemetryBeforeMs: nowMs - telemetryDays * DAY_MS, eventsBeforeMs: nowMs - eventDays * DAY_MS };
}
