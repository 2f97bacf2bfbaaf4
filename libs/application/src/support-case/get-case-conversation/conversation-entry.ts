/**
 * Which events of a case are something a person said, and how a portal shows each: the rest
 * (clocks, assignments, classification) belongs to the history, not to the thread.
 */
import type { SupportCaseEvent } from '@caseledger/domain';
import type { Actor } from '@caseledger/event-store';

export type ConversationKind =
  | 'description'
  | 'response'
  | 'informationRequest'
  | 'informationProvided'
  | 'progressUpdate'
  | 'workaround'
  | 'resolutionProposal'
  | 'resolutionRejection'
  | 'resolutionAcceptance'
  | 'reopening';

export const CONVERSATION_KINDS: readonly ConversationKind[] = [
  'description',
  'response',
  'informationRequest',
  'informationProvided',
  'progressUpdate',
  'workaround',
  'resolutionProposal',
  'resolutionRejection',
  'resolutionAcceptance',
  'reopening',
];

export interface ConversationEntry {
  kind: ConversationKind;
  /** The person: an agent id, a contact id, or the key that acted. */
  authorId: string | null;
  /** The role of the key that recorded it (`customer`, `agent`, `tam`, `admin`, `integration`). */
  role: string | null;
  at: string;
  text: string;
}

/** The thread entry an event makes, or null for events nobody wrote. */
export function conversationEntryOf(event: SupportCaseEvent, actor: Actor | undefined): ConversationEntry | null {
  const role = actor?.role ?? null;
  const entry = (kind: ConversationKind, authorId: string | null, at: string, text: string): ConversationEntry => ({
    kind,
    authorId: authorId ?? actor?.id ?? null,
    role,
    at: new Date(Date.parse(at)).toISOString(),
    text,
  });
  switch (event.type) {
    case 'CaseOpened':
      return entry('description', event.data.contactId, event.data.openedAt, event.data.description);
    case 'CaseResponded':
      return entry('response', event.data.agentId, event.data.at, event.data.message);
    case 'InformationRequested':
      return entry('informationRequest', event.data.agentId, event.data.at, event.data.question);
    case 'InformationProvided':
      return entry('informationProvided', event.data.contactId, event.data.at, event.data.answer);
    case 'ProgressUpdateGiven':
      return entry('progressUpdate', event.data.agentId, event.data.at, event.data.message);
    case 'WorkaroundProvided':
      return entry('workaround', event.data.agentId, event.data.at, event.data.description);
    case 'ResolutionProposed':
      return entry('resolutionProposal', event.data.actorId, event.data.at, event.data.summary);
    case 'ResolutionRejected':
      return entry('resolutionRejection', event.data.actorId, event.data.at, event.data.reason);
    case 'CaseMutuallyResolved':
      return entry('resolutionAcceptance', event.data.acceptedByActorId, event.data.at, event.data.summary);
    case 'CaseReopened':
      return entry('reopening', null, event.data.at, event.data.reason);
    case 'HotlineCallLogged':
    case 'CallbackLogged':
    case 'CaseAssigned':
    case 'UpdateCadenceAgreed':
    case 'CaseReclassified':
    case 'CaseEscalated':
    case 'EscalationNotPossible':
    case 'CaseClosed':
    case 'SlaClockStarted':
    case 'SlaClockPaused':
    case 'SlaClockResumed':
    case 'SlaClockStopped':
    case 'SlaWarningReached':
    case 'SlaBreached':
      return null;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
