/**
 * Where each contact's personal-data key lives: outside the event stream, so destroying it erases
 * the contact's data without changing any event. One live key per contact of a contract; a key is
 * never reissued under the same id, so data sealed under a destroyed key stays unreadable even when
 * the contact is authorised again later (and gets a new key).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSubject } from '@caseledger/domain';
import { KEY_BYTES, type PersonalDataKey } from './personal-data-cipher';

export interface PersonalDataKeys {
  /** The live key of each subject, made now for a subject that has none. */
  issue(subjects: readonly DataSubject[]): Promise<Map<string, PersonalDataKey>>;
  /** The keys that still exist among `keyIds`; a destroyed key is simply absent. */
  find(keyIds: readonly string[]): Promise<Map<string, Buffer>>;
  /** Destroys the subject's key; true when there was one. */
  destroy(subject: DataSubject): Promise<boolean>;
}

export function subjectKey(subject: DataSubject): string {
  return JSON.stringify([subject.contractId, subject.contactId]);
}

export function newPersonalDataKey(): PersonalDataKey {
  return { keyId: randomUUID(), secret: randomBytes(KEY_BYTES) };
}

/** For unit tests of the write path; the apps keep keys in the state database (sql-personal-data-keys.ts). */
export class MemoryPersonalDataKeys implements PersonalDataKeys {
  private readonly live = new Map<string, PersonalDataKey>();
  private readonly byId = new Map<string, Buffer>();

  issue(subjects: readonly DataSubject[]): Promise<Map<string, PersonalDataKey>> {
    const issued = new Map<string, PersonalDataKey>();
    for (const subject of subjects) {
      const id = subjectKey(subject);
      let key = this.live.get(id);
      if (!key) {
        key = newPersonalDataKey();
        this.live.set(id, key);
        this.byId.set(key.keyId, key.secret);
      }
      issued.set(id, key);
    }
    return Promise.resolve(issued);
  }

  find(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const keyId of keyIds) {
      const secret = this.byId.get(keyId);
      if (secret) found.set(keyId, secret);
    }
    return Promise.resolve(found);
  }

  destroy(subject: DataSubject): Promise<boolean> {
    const key = this.live.get(subjectKey(subject));
    if (!key) return Promise.resolve(false);
    this.live.delete(subjectKey(subject));
    this.byId.delete(key.keyId);
    return Promise.resolve(true);
  }
}
