import type { DriftExplainer, DriftOnset, ExplainableEvent, Incident } from '@app/health';
import type { IncidentDto, IncidentMemberDto } from './incidents.dto';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toIncidentDto(incident: Incident, events: Map<number, ExplainableEvent>, explainer: DriftExplainer): IncidentDto {
  const members = incident.members.map((m) => toMemberDto(m, events.get(m.eventId), explainer));
  return {
    start: new Date(incident.startMs).toISOString(),
    end: iso(incident.endMs),
    open: incident.endMs === null,
    first_mover: members[0],
    member_count: members.length,
    members,
  };
}

/** The member's kind as its event tells it now (refined with its episode), not only at its onset. */
function toMemberDto(m: DriftOnset, event: ExplainableEvent | undefined, explainer: DriftExplainer): IncidentMemberDto {
  const explained = event ? explainer.explain(event, false) : null;
  return {
    service_id: m.service,
    ...(m.endpoint ? { endpoint: m.endpoint } : {}),
    event_id: m.eventId,
    onset: new Date(m.timeMs).toISOString(),
    reason: m.reason,
    metric: m.metric,
    kind: explained ? explained.kind : m.kind,
    ended: iso(m.endMs),
  };
}
