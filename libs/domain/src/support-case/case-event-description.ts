/**
 * What an auditor reads beside each event of a case's history: the domain instant it records and
 * one line of English. Both come from the event's own data, so a history reads the same on every
 * replay and needs nothing but the stream.
 */
import type { IsoInstant } from '../shared/instant';
import type { SupportCaseEvent } from './support-case.events';

/** The instant the fact happened in the domain (not when the store recorded it). */
export function caseEventInstant(event: SupportCaseEvent): IsoInstant {
  switch (event.type) {
    case 'CaseOpened':
      return event.data.openedAt;
    case 'SlaClockStarted':
      return event.data.startedAt;
    case 'HotlineCallLogged':
    case 'CallbackLogged':
    case 'CaseAssigned':
    case 'CaseResponded':
    case 'InformationRequested':
    case 'InformationProvided':
    case 'ProgressUpdateGiven':
    case 'UpdateCadenceAgreed':
    case 'CaseReclassified':
    case 'CaseEscalated':
    case 'EscalationNotPossible':
    case 'WorkaroundProvided':
    case 'ResolutionProposed':
    case 'ResolutionRejected':
    case 'CaseMutuallyResolved':
    case 'CaseReopened':
    case 'CaseClosed':
    case 'SlaClockPaused':
    case 'SlaClockResumed':
    case 'SlaClockStopped':
    case 'SlaWarningReached':
    case 'SlaBreached':
      return event.data.at;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

const sideName = (side: 'customer' | 'vendor') => (side === 'customer' ? 'Customer' : 'Vendor');

/** One line of English per event, e.g. "Agent kim responded". */
export function describeCaseEvent(event: SupportCaseEvent): string {
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      return `Case opened by contact ${d.contactId} via ${d.channel}: ${d.priority} ${d.criticality} ${d.category} "${d.subject}"`;
    }
    case 'HotlineCallLogged':
      return `Hotline call logged for ${event.data.vitalInformation.company}`;
    case 'CallbackLogged':
      return `Agent ${event.data.agentId} called the customer back`;
    case 'CaseAssigned':
      return event.data.previousAgentId === null
        ? `Case assigned to agent ${event.data.agentId}`
        : `Case reassigned from agent ${event.data.previousAgentId} to agent ${event.data.agentId}`;
    case 'CaseResponded':
      return `Agent ${event.data.agentId} responded`;
    case 'InformationRequested':
      return `Agent ${event.data.agentId} requested information`;
    case 'InformationProvided':
      return `Contact ${event.data.contactId} provided information`;
    case 'ProgressUpdateGiven':
      return `Agent ${event.data.agentId} gave a progress update`;
    case 'UpdateCadenceAgreed':
      return `Update cadence agreed: every ${event.data.minutes} ${event.data.unit} minutes`;
    case 'CaseReclassified': {
      const { from, to, retroactive, reason } = event.data;
      return (
        `Case reclassified from ${from.priority} ${from.criticality} to ${to.priority} ${to.criticality}` +
        `${retroactive ? ' retroactively' : ''}: ${reason}`
      );
    }
    case 'CaseEscalated':
      return event.data.tamId === null
        ? `Case escalated to ${event.data.to}: ${event.data.reason}`
        : `Case escalated to ${event.data.to} (TAM ${event.data.tamId}): ${event.data.reason}`;
    case 'EscalationNotPossible':
      return `Escalation to ${event.data.to} not possible after clock ${event.data.clockId} breached at ${event.data.breachedAt}: ${event.data.reason}`;
    case 'WorkaroundProvided':
      return `Agent ${event.data.agentId} provided a workaround`;
    case 'ResolutionProposed':
      return `${sideName(event.data.by)} ${event.data.actorId} proposed a resolution`;
    case 'ResolutionRejected':
      return `${sideName(event.data.by)}${event.data.actorId === null ? '' : ` ${event.data.actorId}`} rejected the resolution: ${event.data.reason}`;
    case 'CaseMutuallyResolved':
      return `${sideName(event.data.acceptedBy)} ${event.data.acceptedByActorId} accepted the resolution; case resolved`;
    case 'CaseReopened':
      return `Case reopened: ${event.data.reason}`;
    case 'CaseClosed':
      return 'Case closed';
    case 'SlaClockStarted':
      return `Clock ${event.data.clockId} started: ${event.data.target.minutes} ${event.data.target.unit} minutes, due ${event.data.dueAt}`;
    case 'SlaClockPaused':
      return `Clock ${event.data.clockId} paused: awaiting the customer`;
    case 'SlaClockResumed':
      return `Clock ${event.data.clockId} resumed, due ${event.data.dueAt}`;
    case 'SlaClockStopped':
      return `Clock ${event.data.clockId} stopped: ${event.data.outcome}`;
    case 'SlaWarningReached':
      return `Clock ${event.data.clockId} reached its warning share`;
    case 'SlaBreached':
      return `Clock ${event.data.clockId} breached`;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
