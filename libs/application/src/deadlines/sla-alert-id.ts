/**
 * Event ids derived from what an event says, so that saying it twice (a restart, a second watcher,
 * a replayed saga) produces the same id and the store's idempotent append keeps one copy.
 * RFC 9562 version 5: SHA-1 of a namespace and a name, formatted as a UUID.
 */
import type { SlaAlertKind } from '@caseledger/domain';
import { createHash } from 'node:crypto';

/** CaseLedger's own namespace; changing it would change every derived id already stored. */
const CASELEDGER_NAMESPACE = Buffer.from('5b0f3c7e9a2d4b618e4f0c1d2a3b4c5d', 'hex');

export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(CASELEDGER_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `at` is the alert's true instant; its ISO text is normalised to milliseconds so equal instants give equal ids. */
export function slaAlertEventId(alert: { caseId: string; clockId: string; kind: SlaAlertKind; at: string }): string {
  return nameBasedUuid(`sla-alert/${alert.caseId}/${alert.clockId}/${alert.kind}/${new Date(alert.at).toISOString()}`);
}
