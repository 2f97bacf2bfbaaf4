/**
 * Personal-data keys in the state database (PostgreSQL or the embedded PGlite, same SQL). Destroying
 * a key deletes its row: nothing else holds the secret, and no process caches it beyond one read,
 * so every process reads the contact's fields as "[erased]" from the moment the delete commits.
 * Secrets travel as base64 text so pg and PGlite behave the same.
 */
import type { DataSubject } from '@caseledger/domain';
import type { SqlQueryable } from '@caseledger/event-store';
import type { PersonalDataKey } from './personal-data-cipher';
import { newPersonalDataKey, PersonalDataKeys, subjectKey } from './personal-data-keys';

export const PERSONAL_DATA_KEYS_DDL = `create table if not exists personal_data_keys (
    key_id text primary key,
    contract_id text not null,
    contact_id text not null,
    secret text not null,
    created_at timestamptz not null default now(),
    unique (contract_id, contact_id)
  )`;

interface KeyRow {
  key_id: string;
  contract_id: string;
  contact_id: string;
  secret: string;
}

export class SqlPersonalDataKeys implements PersonalDataKeys {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly sql: SqlQueryable) {}

  private migrated(): Promise<unknown> {
    // Two processes creating the table at once: the loser's `if not exists` races on the catalogue
    // and fails once; by the second try the table is there.
    this.ready ??= this.sql
      .query(PERSONAL_DATA_KEYS_DDL)
      .catch(() => this.sql.query(PERSONAL_DATA_KEYS_DDL))
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }

  async issue(subjects: readonly DataSubject[]): Promise<Map<string, PersonalDataKey>> {
    await this.migrated();
    const wanted = [...new Map(subjects.map((s) => [subjectKey(s), s])).values()];
    const issued = await this.live(wanted);
    const missing = wanted.filter((s) => !issued.has(subjectKey(s)));
    if (missing.length > 0) {
      const rows = missing.map((s) => {
        const key = newPersonalDataKey();
        return {
          key_id: key.keyId,
          contract_id: s.contractId,
          contact_id: s.contactId,
          secret: key.secret.toString('base64'),
        };
      });
      // A concurrent writer may have made the same contact's key first: its key wins, read back below.
      await this.sql.query(
        `insert into personal_data_keys (key_id, contract_id, contact_id, secret)
         select key_id, contract_id, contact_id, secret
           from jsonb_to_recordset($1::jsonb) as r(key_id text, contract_id text, contact_id text, secret text)
         on conflict (contract_id, contact_id) do nothing`,
        [JSON.stringify(rows)],
      );
      for (const [id, key] of await this.live(missing)) issued.set(id, key);
    }
    return issued;
  }

  private async live(subjects: readonly DataSubject[]): Promise<Map<string, PersonalDataKey>> {
    if (subjects.length === 0) return new Map();
    const rows = await this.sql.query<KeyRow>(
      `select k.key_id, k.contract_id, k.contact_id, k.secret
         from personal_data_keys k
         join jsonb_to_recordset($1::jsonb) as r(contract_id text, contact_id text)
           on k.contract_id = r.contract_id and k.contact_id = r.contact_id`,
      [JSON.stringify(subjects.map((s) => ({ contract_id: s.contractId, contact_id: s.contactId })))],
    );
    return new Map(
      rows.map((row) => [
        subjectKey({ contractId: row.contract_id, contactId: row.contact_id }),
        { keyId: row.key_id, secret: Buffer.from(row.secret, 'base64') },
      ]),
    );
  }

  async find(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    if (keyIds.length === 0) return new Map();
    await this.migrated();
    const rows = await this.sql.query<Pick<KeyRow, 'key_id' | 'secret'>>(
      `select key_id, secret from personal_data_keys
        where key_id in (select jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify([...new Set(keyIds)])],
    );
    return new Map(rows.map((row) => [row.key_id, Buffer.from(row.secret, 'base64')]));
  }

  async destroy(subject: DataSubject): Promise<boolean> {
    await this.migrated();
    const rows = await this.sql.query(
      `delete from personal_data_keys where contract_id = $1 and contact_id = $2 returning key_id`,
      [subject.contractId, subject.contactId],
    );
    return rows.length > 0;
  }
}
