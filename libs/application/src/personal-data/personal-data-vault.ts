/**
 * The personal-data step of the write path and of every read that shows or folds events.
 *
 * `seal` runs on the way to the store, on the encoded events and before their envelope (metadata)
 * is built, so anything later computed over the stored event (a chain hash) covers the ciphertext:
 * destroying a key never changes a stored byte, and the record stays verifiable after an erasure.
 * `reveal` runs on the way out: each sealed field opens with its key, or reads as "[erased]" when
 * the key is gone. Keys are read once per call (one load, one page), never cached across requests,
 * so an erasure is seen by every process at once.
 */
import { DataSubject, dataSubjectOf, ERASED, FieldPath, personalDataFieldsOf } from '@caseledger/domain';
import type { PersonalDataReader } from '@caseledger/runtime';
import { isSealedField, openField, SealedField, sealField } from './personal-data-cipher';
import { PersonalDataKeys, subjectKey } from './personal-data-keys';

export interface EventData {
  type: string;
  data: unknown;
}

type Fields = Record<string, unknown>;

function fieldAt(data: unknown, [parent, field]: FieldPath): { holder: Fields; value: unknown } | undefined {
  const holder = (data as Fields | null)?.[parent];
  if (typeof holder !== 'object' || holder === null) return undefined;
  return { holder: holder as Fields, value: (holder as Fields)[field] };
}

/** A copy of `data` with each listed field replaced; nothing else is shared with the original's listed objects. */
function withFields(data: unknown, replace: (path: FieldPath, value: unknown) => unknown, paths: readonly FieldPath[]) {
  const copy: Fields = { ...(data as Fields) };
  for (const path of paths) {
    const found = fieldAt(copy, path);
    if (!found) continue;
    const [parent, field] = path;
    const holder: Fields = { ...found.holder };
    holder[field] = replace(path, found.value);
    copy[parent] = holder;
  }
  return copy;
}

export class PersonalDataVault implements PersonalDataReader {
  constructor(private readonly keys: PersonalDataKeys) {}

  /**
   * The events' data with each personal-data field sealed under its contact's key. `caseContact`:
   * the contact of the case recording them, asked only for events that name none (a hotline call).
   */
  async seal<E extends EventData>(events: readonly E[], caseContact?: () => DataSubject): Promise<E[]> {
    const subjects = events.map((e) => {
      const paths = personalDataFieldsOf(e.type).filter((path) => typeof fieldAt(e.data, path)?.value === 'string');
      if (paths.length === 0) return undefined;
      const subject = dataSubjectOf(e.type, e.data, caseContact);
      if (!subject) throw new Error(`${e.type} records personal data but names no contact to seal it for`);
      return { subject, paths };
    });
    const needed = subjects.flatMap((s) => (s ? [s.subject] : []));
    if (needed.length === 0) return [...events];
    const keys = await this.keys.issue(needed);
    return events.map((event, index) => {
      const sealing = subjects[index];
      if (!sealing) return event;
      const key = keys.get(subjectKey(sealing.subject));
      if (!key) throw new Error(`no personal-data key was issued for contact ${sealing.subject.contactId}`);
      const data = withFields(
        event.data,
        (_path, value) => (typeof value === 'string' ? sealField(value, key, sealing.subject.contactId) : value),
        sealing.paths,
      );
      return { ...event, data };
    });
  }

  /** The records with every sealed field opened, or "[erased]" where its key was destroyed. */
  async reveal<R extends EventData>(records: readonly R[]): Promise<R[]> {
    const sealed = records.map((record) =>
      personalDataFieldsOf(record.type).filter((path) => isSealedField(fieldAt(record.data, path)?.value)),
    );
    const keyIds = records.flatMap((record, index) =>
      sealed[index].map((path) => (fieldAt(record.data, path)!.value as SealedField).$pii.key),
    );
    if (keyIds.length === 0) return [...records];
    const secrets = await this.keys.find(keyIds);
    return records.map((record, index) => {
      if (sealed[index].length === 0) return record;
      const data = withFields(
        record.data,
        (_path, value) => {
          const field = value as SealedField;
          const secret = secrets.get(field.$pii.key);
          return secret ? openField(field, secret) : ERASED;
        },
        sealed[index],
      );
      return { ...record, data };
    });
  }

  /**
   * Authorised contacts as a read model copied them from AuthorisedContactAdded (sealed), opened the
   * same way as the event they came from: read models keep ciphertext, so an erasure reaches them too.
   */
  async revealContacts<C extends object>(contacts: readonly C[]): Promise<C[]> {
    const opened = await this.reveal(
      contacts.map((contact) => ({ type: 'AuthorisedContactAdded', data: { contact } })),
    );
    return opened.map((record) => record.data.contact);
  }

  /** Destroys the contact's key: from now on everything sealed under it reads as "[erased]". */
  async erase(subject: DataSubject): Promise<void> {
    await this.keys.destroy(subject);
  }
}
