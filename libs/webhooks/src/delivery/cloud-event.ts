/**
 * The body of a delivery: a CloudEvents 1.0 structured-mode JSON event. `id` is the stored event's
 * id (so receivers dedupe by it and by `webhook-id`), `subject` the case (or contract) it concerns,
 * `time` the instant the fact happened in the domain.
 */
import { deserializeDomainEvent, domainEventInstant } from '@caseledger/domain';
import type { RecordedEvent } from '@caseledger/event-store';
import { CLOUD_EVENT_TYPE_PREFIX, PING_EVENT_TYPE, WebhookEventType } from '../event-types/webhook-event-types';
import type { CaseSummary } from './case-summary';

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

/** What a delivery is made of besides its body. */
export interface EventToDeliver {
  eventId: string;
  /** The public event type, e.g. `case.responded`. */
  eventType: string;
  accountId: string | undefined;
  /** Deliveries with one key go out in order: the stream (one case, one contract). */
  orderingKey: string;
  time: string;
  body: string;
}

function subjectOf(record: RecordedEvent): { kind: string; id: string } {
  const dash = record.streamId.indexOf('-');
  const category = record.streamId.slice(0, dash);
  const id = record.streamId.slice(dash + 1);
  return { kind: category === 'case' ? 'cases' : category === 'contract' ? 'contracts' : category, id };
}

/** When it happened, as the change feed and the history say it (not when it was recorded). */
function instantOf(record: RecordedEvent): string {
  return domainEventInstant(deserializeDomainEvent(record.type, record.data));
}

/** `summary`, for a case's event: the case right after it, delivered as `data.case`. */
export function cloudEventOf(record: RecordedEvent, type: WebhookEventType, summary?: CaseSummary): EventToDeliver {
  const accountId = record.metadata.tenantId;
  const subject = subjectOf(record);
  const time = new Date(instantOf(record)).toISOString();
  const event: CloudEvent = {
    specversion: '1.0',
    id: record.eventId,
    source: `/accounts/${accountId ?? 'none'}/${subject.kind}/${subject.id}`,
    type: `${CLOUD_EVENT_TYPE_PREFIX}${type.name}`,
    subject: subject.id,
    time,
    datacontenttype: 'application/json',
    data: {
      ...(record.data as Record<string, unknown>),
      ...(accountId !== undefined && { accountId }),
      ...(summary !== undefined && { case: summary }),
    },
  };
  return {
    eventId: record.eventId,
    eventType: type.name,
    accountId,
    orderingKey: record.streamId,
    time,
    body: JSON.stringify(event),
  };
}

export function pingEvent(id: string, subscriptionId: string, time: string): EventToDeliver {
  const event: CloudEvent = {
    specversion: '1.0',
    id,
    source: `/webhooks/${subscriptionId}`,
    type: `${CLOUD_EVENT_TYPE_PREFIX}${PING_EVENT_TYPE}`,
    subject: subscriptionId,
    time,
    datacontenttype: 'application/json',
    data: { subscriptionId },
  };
  return {
    eventId: id,
    eventType: PING_EVENT_TYPE,
    accountId: undefined,
    orderingKey: `ping-${id}`,
    time,
    body: JSON.stringify(event),
  };
}
