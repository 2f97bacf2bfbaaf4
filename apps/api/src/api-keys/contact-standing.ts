/**
 * Whether a customer key's contact may still act for its account: an authorised contact of a running
 * contract of that account, as the account directory read model keeps them. Asked when a customer
 * key is created and each time the verifier looks a customer key up (so at most once per key per
 * cache lifetime), which is how revoking the contact or ending the contract disables the key.
 *
 * The directory follows the store a moment behind. A "yes" is trusted at once; before a "no" the
 * directory is given, bounded, the time to apply what the store already holds, so a key created or
 * used right after its contact was added is not refused for the lag. Only refusals pay that wait,
 * and a refused key's answer is then cached like any other.
 *
 * "What the store already holds" is every event committed when the question was asked, including
 * those PostgreSQL's `$all` does not show yet because an older transaction on the server still
 * runs: the directory counts as caught up once its checkpoint reaches the store's last committed
 * position as of the question, not when `$all` merely shows nothing after the checkpoint.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '@caseledger/application';
import { comparePositions, type EventStore, type GlobalPosition, type SqlClient } from '@caseledger/event-store';
import { isAuthorisedContact, readCheckpoint } from '@caseledger/read-models';
import { STATE_DB } from '@caseledger/runtime';

const DIRECTORY = 'account_directory';
export const CONTACT_STANDING_WAIT_MS = 5000;
const POLL_MS = 20;
const SETTLE_MS = 300;

@Injectable()
export class ContactStanding {
  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async isAuthorised(accountId: string, contactId: string, at: Date): Promise<boolean> {
    if (await this.authorisedInDirectory(accountId, contactId, at)) return true;
    // Before a "no", give the directory (bounded) the time to apply what the store holds, never less
    // than SETTLE_MS. A store that tells its last committed position is judged by it exactly; for
    // the others "nothing left to apply" rests on what `$all` shows, and the settle covers a commit
    // it does not show yet.
    const started = Date.now();
    const committed = await this.store.lastCommittedPosition?.();
    while (Date.now() - started < CONTACT_STANDING_WAIT_MS) {
      // Caught up, the directory's answer now is final: it may have applied the contact since the
      // last look, in the same transaction that moved its checkpoint, so it is asked once more.
      if (Date.now() - started >= SETTLE_MS && (await this.directoryCaughtUp(committed)))
        return this.authorisedInDirectory(accountId, contactId, at);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (await this.authorisedInDirectory(accountId, contactId, at)) return true;
    }
    return false;
  }

  private async authorisedInDirectory(accountId: string, contactId: string, at: Date): Promise<boolean> {
    return (await this.exists('directory_contracts')) && isAuthorisedContact(this.sql, accountId, contactId, at);
  }

  /**
   * Whether the directory has applied every event committed before the question (`committed`, from
   * a store that tells it), or else every event the store shows now.
   */
  private async directoryCaughtUp(committed: GlobalPosition | undefined): Promise<boolean> {
    // No checkpoint kept yet: no directory has run here so far, and one may be starting (the API's
    // own right after boot, or a worker's); it cannot be caught up, so the wait goes on.
    if (!(await this.exists('projection_checkpoints'))) return false;
    const checkpoint = await readCheckpoint(this.sql, DIRECTORY);
    if (committed !== undefined)
      return checkpoint !== undefined && comparePositions(checkpoint.position, committed) >= 0;
    const ahead = await this.store.readAll({ fromPosition: checkpoint?.position ?? 'start', maxCount: 1 });
    return ahead.length === 0;
  }

  private async exists(table: string): Promise<boolean> {
    const [row] = await this.sql.query<{ present: boolean }>('select to_regclass($1) is not null as present', [table]);
    return row.present;
  }
}
