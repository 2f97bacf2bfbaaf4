/**
 * Looking a key up costs a query of the state database, so an unknown key must not cost more than
 * the per-address budget allows: the address is charged before the lookup, and an id found missing
 * is remembered for a few seconds on the application clock.
 */
import type { SqlClient } from '@caseledger/event-store';
import { randomBytes } from 'node:crypto';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { API_KEY_NEGATIVE_CACHE_MS } from '../../apps/api/src/api-keys/api-key.verifier';
import { hashApiKeyToken, keyIdOfToken } from '../../apps/api/src/api-keys/api-key-token';
import { STATE_DB } from '@caseledger/runtime';

const unknownToken = () => `clk_${randomBytes(16).toString('hex')}_${randomBytes(32).toString('base64url')}`;

describe('API key lookups and the per-address limit', () => {
  let api: ApiHarness;
  let sql: SqlClient;
  const withToken = (token: string) => api.as(token).get('/v1/api-keys');

  beforeAll(async () => {
    api = await startApi({ env: { RATE_LIMIT_ANONYMOUS_BURST: '3', RATE_LIMIT_ANONYMOUS_PER_SECOND: '1' } });
    sql = api.app.get<SqlClient>(STATE_DB);
  });
  afterAll(() => api.close());

  /** While the key table is away, any lookup fails: an answer other than an error shows none was made. */
  async function withoutKeyTable<T>(run: () => Promise<T>): Promise<T> {
    await sql.query('ALTER TABLE api_keys RENAME TO api_keys_away');
    try {
      return await run();
    } finally {
      await sql.query('ALTER TABLE api_keys_away RENAME TO api_keys');
    }
  }

  it('charges the address before looking an unknown key up, so a spent budget costs the database nothing', async () => {
    for (let i = 0; i < 3; i++) await withToken(unknownToken()).expect(401);
    const refused = await withoutKeyTable(() => withToken(unknownToken()));
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    api.clock.advance({ seconds: 10 });
  });

  it('remembers an unknown key id for a few seconds of the application clock, then looks again', async () => {
    api.clock.advance({ seconds: 10 });
    const token = unknownToken();
    await withToken(token).expect(401);
    const remembered = await withoutKeyTable(() => withToken(token));
    expect(remembered.status).toBe(401);

    // The id now exists (as if made by another process): the remembered miss still answers until it lapses.
    await sql.query(
      `INSERT INTO api_keys (id, name, role, secret_sha256, created_at) VALUES ($1, 'late', 'admin', $2, $3)`,
      [keyIdOfToken(token), hashApiKeyToken(token), api.clock.now().toJSDate()],
    );
    api.clock.advance({ milliseconds: API_KEY_NEGATIVE_CACHE_MS - 1 });
    await withToken(token).expect(401);
    api.clock.advance({ milliseconds: 1 });
    await withToken(token).expect(200);
  });

  it('still lets a known key through on its own budget when the address budget is spent', async () => {
    api.clock.advance({ seconds: 10 });
    // Its cache entry has lapsed by now, so this lookup spends one of the address's 3 tokens.
    await api.as(ADMIN_KEY).get('/v1/api-keys').expect(200);
    for (let i = 0; i < 2; i++) await withToken(unknownToken()).expect(401);
    await withToken(unknownToken()).expect(429);
    await api.as(ADMIN_KEY).get('/v1/api-keys').expect(200);
  });
});
