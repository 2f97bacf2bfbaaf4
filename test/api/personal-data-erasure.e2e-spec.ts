/**
 * Right to erasure by crypto-shredding, through HTTP on the embedded store and on PostgreSQL: the
 * stored events never hold a contact's name, email or phone in clear; reads show them until
 * `DELETE /v1/contracts/{id}/contacts/{contactId}/personal-data`, and "[erased]" after it, while
 * every event stays in the history and every SLA figure stays what it was.
 */
import { STATE_DB } from '@caseledger/application';
import type { SqlQueryable } from '@caseledger/event-store';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';

const OLGA = { name: 'Olga Petrova', email: 'olga.petrova@acme.example', phone: '+44 20 7946 0101' };
const IVAN = { name: 'Ivan Sidorov', email: 'ivan.sidorov@acme.example', phone: '+44 20 7946 0202' };
const PLAINTEXT = [...Object.values(OLGA), ...Object.values(IVAN)];
const ERASED = '[erased]';

interface Scenario {
  contractId: string;
  otherContractId: string;
  hotlineCaseId: string;
  portalCaseId: string;
  agent: string;
  auditor: string;
  customer: string;
  /** Position of the last write, for reads of the read models. */
  lastPosition: string;
}

async function recordCases(api: ApiHarness): Promise<Scenario> {
  const admin = () => api.as(ADMIN_KEY);
  const agent = await api.createKey('agent');
  const auditor = await api.createKey('auditor');
  const sign = async (accountId: string) =>
    (
      await admin()
        .post('/v1/contracts')
        .send({ accountId, planId: 'bird-email-enterprise', serviceTimeZone: 'uk', startsAt: '2026-01-01T00:00:00Z' })
        .expect(201)
    ).body.id as string;
  const contractId = await sign('acme');
  const otherContractId = await sign('globex');
  await admin()
    .post(`/v1/contracts/${contractId}/contacts`)
    .send({ contactId: 'olga', ...OLGA })
    .expect(201);
  await admin()
    .post(`/v1/contracts/${contractId}/contacts`)
    .send({ contactId: 'ivan', ...IVAN })
    .expect(201);
  await admin()
    .post(`/v1/contracts/${otherContractId}/contacts`)
    .send({ contactId: 'gus', name: 'Gus Globex', email: 'gus@globex.example' })
    .expect(201);
  const customer = await api.createKey('customer', { accountId: 'acme', contactId: 'olga' });

  // Tuesday 09:00 UK: olga calls the Severity-1 hotline; the representative takes her details down.
  api.clock.set('2026-04-07T08:00:00Z');
  const vital = { company: 'Acme Ltd', contactName: OLGA.name, phone: OLGA.phone, email: OLGA.email };
  const hotline = await api
    .as(agent)
    .post('/v1/cases/hotline-calls')
    .send({ contractId, contactId: 'olga', vitalInformation: { ...vital, description: 'Every send fails' } })
    .expect(201);
  const hotlineCaseId = hotline.body.id as string;
  const step = async (at: string, key: string, path: string, body: object) => {
    api.clock.set(at);
    await api.as(key).post(`/v1/cases/${hotlineCaseId}/${path}`).send(body).expect(200);
  };
  await step('2026-04-07T08:05:00Z', agent, 'callbacks', {});
  await step('2026-04-07T08:20:00Z', agent, 'responses', { message: 'Engineering is on it' });
  await step('2026-04-07T08:40:00Z', agent, 'information-requests', { question: 'Which region?' });
  await step('2026-04-07T09:10:00Z', customer, 'information', { answer: 'EU only' });

  // A case olga files herself through the portal.
  api.clock.set('2026-04-07T10:00:00Z');
  const portal = await api
    .as(customer)
    .post('/v1/cases')
    .send({
      contractId,
      channel: 'portal',
      subject: 'Bounce reports are late',
      description: 'Reports arrive hours late',
      category: 'incident',
      priority: 'P3',
      criticality: 'nonCritical',
      vitalInformation: { ...vital, description: 'Reports arrive hours late' },
    })
    .expect(201);
  api.clock.set('2026-04-07T11:00:00Z');
  return {
    contractId,
    otherContractId,
    hotlineCaseId,
    portalCaseId: portal.body.id as string,
    lastPosition: portal.headers['x-position'],
    agent,
    auditor,
    customer,
  };
}

interface Reads {
  contract: { authorisedContacts: { contactId: string; name: string; email: string; phone: string | null }[] };
  cases: Record<string, { vitalInformation: Record<string, string> | null; clocks: unknown[] }>;
  histories: Record<string, { eventId: string; type: string; data: Record<string, unknown> }[]>;
  conversations: Record<string, unknown[]>;
  /** The history as an audit export answers it (`Accept: application/x-ndjson`), one object a line. */
  exports: Record<string, { type: string; data: Record<string, unknown> }[]>;
  chains: Record<string, { verified: boolean }>;
  pastCase: { vitalInformation: Record<string, string> | null; clocks: unknown[] };
  /** The account directory's views of the contacts (read models). */
  account?: { authorisedContacts: { contactId: string; name: string; email: string }[] };
  contractList?: { items: { authorisedContacts: { contactId: string; name: string; email: string }[] }[] };
}

/** `withDirectory`: the account directory is read too (where this API process runs the projections). */
async function readEverything(api: ApiHarness, s: Scenario, withDirectory: boolean): Promise<Reads> {
  const get = async (key: string, path: string) => (await api.as(key).get(path).expect(200)).body as never;
  const cases: Reads['cases'] = {};
  const histories: Reads['histories'] = {};
  const conversations: Reads['conversations'] = {};
  const exports: Reads['exports'] = {};
  const chains: Reads['chains'] = {};
  for (const caseId of [s.hotlineCaseId, s.portalCaseId]) {
    cases[caseId] = await get(s.auditor, `/v1/cases/${caseId}`);
    const history = (await get(s.auditor, `/v1/cases/${caseId}/history?limit=200`)) as {
      items: never;
      chain: { verified: boolean };
    };
    histories[caseId] = history.items;
    chains[caseId] = history.chain;
    const ndjson = await api
      .as(s.auditor)
      .get(`/v1/cases/${caseId}/history`)
      .set('accept', 'application/x-ndjson')
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => done(null, body));
      })
      .expect(200);
    exports[caseId] = (ndjson.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as never);
    conversations[caseId] = await get(s.customer, `/v1/cases/${caseId}/conversation`);
  }
  return {
    contract: await get(ADMIN_KEY, `/v1/contracts/${s.contractId}`),
    cases,
    histories,
    conversations,
    exports,
    chains,
    ...(withDirectory && {
      account: await get(ADMIN_KEY, `/v1/accounts/acme?consistentWith=${s.lastPosition}`),
      contractList: await get(ADMIN_KEY, `/v1/contracts?account=acme&consistentWith=${s.lastPosition}`),
    }),
    pastCase: await get(s.auditor, `/v1/cases/${s.hotlineCaseId}?atRevision=3`),
  };
}

const EVENT_ROWS = `select stream_id || ' ' || revision || ' ' || data::text || ' ' || metadata::text as text
                      from events order by transaction_id, position`;

async function storedText(sql: SqlQueryable, query: string): Promise<string> {
  return (await sql.query<{ text: string }>(query)).map((row) => row.text).join('\n');
}

/** `projectionsHere`: the API under test runs the projections (the embedded store; ROLE=api on PostgreSQL does not). */
function erasureSpec(name: string, env: () => Record<string, string>, projectionsHere: boolean) {
  describe(name, () => {
    let api: ApiHarness;
    let sql: SqlQueryable;
    let s: Scenario;
    let before: Reads;

    beforeAll(async () => {
      api = await startApi({ env: env() });
      sql = api.app.get<SqlQueryable>(STATE_DB);
      s = await recordCases(api);
      before = await readEverything(api, s, projectionsHere);
    });
    afterAll(() => api.close());

    it('stores no name, email or phone of a contact in clear in any event row', async () => {
      const rows = await storedText(sql, 'select data::text || metadata::text as text from events');
      for (const plain of PLAINTEXT) expect(rows).not.toContain(plain);
      const sealed = await storedText(
        sql,
        `select data::text as text from events where type in ('AuthorisedContactAdded', 'CaseOpened', 'HotlineCallLogged')`,
      );
      // Contacts: olga's and ivan's three fields, gus's two (no phone); cases: three fields in each of the
      // hotline case's CaseOpened and HotlineCallLogged and the portal case's CaseOpened.
      expect(sealed.match(/"\$pii"/g)?.length).toBe(3 + 3 + 2 + 3 * 3);
    });

    it('keeps no personal data in clear in any other table of the database (read models, checkpoints, keys)', async () => {
      if (!env().DATABASE_URL) {
        // The embedded store runs its projections in this process: wait until they hold both cases.
        const position = (await api.store.readStream(`case-${s.portalCaseId}`))[0].position;
        const list = await api
          .as(s.auditor)
          .get(`/v1/cases?consistentWith=${position.commit.toString()}-${position.prepare.toString()}`)
          .expect(200);
        expect(list.body.items).toHaveLength(2);
      }
      const tables = await sql.query<{ table_name: string }>(
        `select table_name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'events'`,
      );
      expect(tables.length).toBeGreaterThan(2);
      for (const { table_name } of tables) {
        const text = await storedText(sql, `select t::text as text from ${table_name} t`);
        for (const plain of PLAINTEXT) expect([table_name, text.includes(plain)]).toEqual([table_name, false]);
      }
    });

    it('keeps no personal data in the key table either: only ids and keys', async () => {
      const keys = await storedText(sql, 'select k::text as text from personal_data_keys k');
      expect(keys.split('\n')).toHaveLength(3);
      for (const plain of PLAINTEXT) expect(keys).not.toContain(plain);
    });

    it('shows the personal data in clear before the erasure', () => {
      expect(before.contract.authorisedContacts).toEqual([
        { contactId: 'olga', ...OLGA },
        { contactId: 'ivan', ...IVAN },
      ]);
      expect(before.cases[s.hotlineCaseId].vitalInformation).toMatchObject({
        contactName: OLGA.name,
        phone: OLGA.phone,
        email: OLGA.email,
      });
      expect(before.pastCase.vitalInformation).toMatchObject({ contactName: OLGA.name });
      const opened = before.histories[s.portalCaseId].find((e) => e.type === 'CaseOpened')!;
      expect(opened.data.vitalInformation).toMatchObject({ contactName: OLGA.name, email: OLGA.email });
    });

    it('is refused to every role but admin, and answers 404 for a contact the contract never had', async () => {
      const path = `/v1/contracts/${s.contractId}/contacts/olga/personal-data`;
      for (const key of [s.agent, s.auditor, s.customer]) await api.as(key).delete(path).expect(403);
      const problem = await api.as(ADMIN_KEY).delete(`/v1/contracts/${s.contractId}/contacts/gus/personal-data`);
      expect([problem.status, problem.body.type]).toEqual([
        404,
        expect.stringContaining('authorised-contact-not-found'),
      ]);
      await api.as(ADMIN_KEY).delete(`/v1/contracts/${s.otherContractId}/contacts/olga/personal-data`).expect(404);
      await api
        .as(ADMIN_KEY)
        .delete('/v1/contracts/01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11/contacts/olga/personal-data')
        .expect(404);
      expect(await storedText(sql, 'select count(*)::text as text from personal_data_keys')).toBe('3');
    });

    describe('after DELETE .../contacts/olga/personal-data', () => {
      let after: Reads;
      let first: { id: string; revision: string; position: string; events: string[] };
      let contractEvents: number;
      let rowsBefore: string;

      beforeAll(async () => {
        rowsBefore = await storedText(sql, EVENT_ROWS);
        const path = `/v1/contracts/${s.contractId}/contacts/olga/personal-data`;
        const erased = await api.as(ADMIN_KEY).delete(path).expect(200);
        first = erased.body;
        expect(erased.headers.etag).toBe(`"${first.revision}"`);
        contractEvents = (await api.store.readStream(`contract-${s.contractId}`)).length;
        after = await readEverything(api, s, projectionsHere);
      });

      it('records the erasure on the contract stream, with no personal data in it', async () => {
        expect(first).toMatchObject({ id: s.contractId, events: ['ContactPersonalDataErased'] });
        const stream = await api.store.readStream(`contract-${s.contractId}`);
        const last = stream[stream.length - 1];
        expect([last.type, last.revision.toString()]).toEqual(['ContactPersonalDataErased', first.revision]);
        expect(last.data).toEqual({ contractId: s.contractId, contactId: 'olga', at: '2026-04-07T11:00:00.000Z' });
        expect(last.metadata.actor?.role).toBe('admin');
      });

      it('is idempotent: a repeat answers the same erasure and records nothing', async () => {
        const again = await api
          .as(ADMIN_KEY)
          .delete(`/v1/contracts/${s.contractId}/contacts/olga/personal-data`)
          .expect(200);
        expect(again.body).toEqual(first);
        expect((await api.store.readStream(`contract-${s.contractId}`)).length).toBe(contractEvents);
      });

      it("shows olga's name, email and phone as [erased] in the contract, the cases and their histories", () => {
        expect(after.contract.authorisedContacts).toEqual([
          { contactId: 'olga', name: ERASED, email: ERASED, phone: ERASED },
          { contactId: 'ivan', ...IVAN },
        ]);
        for (const read of [...Object.values(after.cases), after.pastCase])
          expect(read.vitalInformation).toEqual({
            company: 'Acme Ltd',
            contactName: ERASED,
            phone: ERASED,
            email: ERASED,
            description: expect.any(String),
          });
        const sealedTypes = ['CaseOpened', 'HotlineCallLogged'];
        for (const history of Object.values(after.histories))
          for (const entry of history.filter((e) => sealedTypes.includes(e.type)))
            expect(entry.data.vitalInformation).toMatchObject({ contactName: ERASED, phone: ERASED, email: ERASED });
        const everything = JSON.stringify(after);
        for (const plain of Object.values(OLGA)) expect(everything).not.toContain(plain);
      });

      // On PostgreSQL this API runs with ROLE=api: no projection feeds the directory there.
      const directoryIt = projectionsHere ? it : () => undefined;
      directoryIt(
        'shows [erased] in the account directory too, which keeps contacts sealed as the events carry them',
        () => {
          const olga = (contacts: { contactId: string; name: string; email: string }[]) =>
            contacts.find((c) => c.contactId === 'olga');
          if (!before.account || !before.contractList || !after.account || !after.contractList)
            throw new Error('the directory was not read');
          expect(olga(before.account.authorisedContacts)).toMatchObject({ name: OLGA.name, email: OLGA.email });
          expect(olga(before.contractList.items[0].authorisedContacts)).toMatchObject({ name: OLGA.name });
          expect(olga(after.account.authorisedContacts)).toMatchObject({ name: ERASED, email: ERASED });
          expect(olga(after.contractList.items[0].authorisedContacts)).toMatchObject({ name: ERASED, email: ERASED });
          expect(after.account.authorisedContacts.find((c) => c.contactId === 'ivan')).toMatchObject({
            name: IVAN.name,
          });
        },
      );

      it('shows [erased] in the audit export lines too, and every chain still verifies', () => {
        const opened = (e: Reads['exports'][string]) =>
          e.filter((line) => ['CaseOpened', 'HotlineCallLogged'].includes(line.type)).map((line) => line.data);
        for (const caseId of [s.hotlineCaseId, s.portalCaseId]) {
          expect(JSON.stringify(opened(before.exports[caseId]))).toContain(OLGA.name);
          for (const data of opened(after.exports[caseId]))
            expect(data.vitalInformation).toMatchObject({ contactName: ERASED, phone: ERASED, email: ERASED });
          expect(after.exports[caseId]).toHaveLength(before.exports[caseId].length);
          expect([before.chains[caseId].verified, after.chains[caseId].verified]).toEqual([true, true]);
        }
        for (const plain of Object.values(OLGA)) expect(JSON.stringify(after.exports)).not.toContain(plain);
      });

      it('keeps every event in each history and every SLA figure as it was', () => {
        for (const caseId of [s.hotlineCaseId, s.portalCaseId]) {
          const ids = (h: Reads['histories'][string]) => h.map((e) => [e.eventId, e.type]);
          expect(ids(after.histories[caseId])).toEqual(ids(before.histories[caseId]));
          expect(after.cases[caseId].clocks).toEqual(before.cases[caseId].clocks);
          expect(after.conversations[caseId]).toEqual(before.conversations[caseId]);
        }
        expect(after.histories[s.hotlineCaseId].map((e) => e.type)).toEqual(
          expect.arrayContaining(['CaseOpened', 'HotlineCallLogged', 'CallbackLogged', 'InformationProvided']),
        );
        expect(after.pastCase.clocks).toEqual(before.pastCase.clocks);
        expect(before.cases[s.hotlineCaseId].clocks.length).toBeGreaterThan(0);
      });

      it('changes no stored event: the rows hold the same ciphertext as before', async () => {
        const rowsAfter = (await storedText(sql, EVENT_ROWS)).split('\n');
        expect(rowsAfter.slice(0, rowsBefore.split('\n').length)).toEqual(rowsBefore.split('\n'));
        expect(rowsAfter).toHaveLength(rowsBefore.split('\n').length + 1);
        const stream = await api.store.readStream(`case-${s.hotlineCaseId}`);
        const stored = stream.find((e) => e.type === 'HotlineCallLogged')!.data as {
          vitalInformation: { contactName: { $pii: { contact: string } } };
        };
        expect(stored.vitalInformation.contactName.$pii.contact).toBe('olga');
        expect(await storedText(sql, `select count(*)::text as text from personal_data_keys`)).toBe('2');
      });

      it('lets the cases and the contract go on: commands still decide on the erased state', async () => {
        api.clock.set('2026-04-07T11:30:00Z');
        await api
          .as(s.agent)
          .post(`/v1/cases/${s.hotlineCaseId}/progress-updates`)
          .send({ message: 'Fix deployed to EU' })
          .expect(200);
        await api
          .as(ADMIN_KEY)
          .post(`/v1/contracts/${s.contractId}/contacts`)
          .send({ contactId: 'maria', name: 'Maria Lopez', email: 'maria@acme.example' })
          .expect(201);
        const contract = await api.as(ADMIN_KEY).get(`/v1/contracts/${s.contractId}`).expect(200);
        expect(contract.body.authorisedContacts.map((c: { name: string }) => c.name)).toEqual([
          ERASED,
          IVAN.name,
          'Maria Lopez',
        ]);
      });

      it('seals what is recorded for olga after her erasure under a new key, which a repeat DELETE destroys', async () => {
        api.clock.set('2026-04-07T12:00:00Z');
        const call = await api
          .as(s.agent)
          .post('/v1/cases/hotline-calls')
          .send({
            contractId: s.contractId,
            contactId: 'olga',
            vitalInformation: {
              company: 'Acme Ltd',
              contactName: 'Olga P.',
              phone: '+44 20 7946 0303',
              email: 'op@acme.example',
              description: 'Down again',
            },
          })
          .expect(201);
        const read = async () =>
          (await api.as(s.auditor).get(`/v1/cases/${call.body.id}`).expect(200)).body.vitalInformation.contactName;
        expect(await read()).toBe('Olga P.');
        const again = await api
          .as(ADMIN_KEY)
          .delete(`/v1/contracts/${s.contractId}/contacts/olga/personal-data`)
          .expect(200);
        expect(again.body).toEqual(first);
        expect(await read()).toBe(ERASED);
      });
    });
  });
}

erasureSpec('erasing a contact’s personal data on the embedded store', () => ({}), true);

describePostgres('erasing a contact’s personal data on PostgreSQL', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('erasure');
  });
  afterAll(() => schema.drop());
  erasureSpec('through HTTP', () => ({ DATABASE_URL: schema.connectionString }), false);
});

describePostgres('an erasure in one process on PostgreSQL', () => {
  let schema: TestSchema;
  let eraser: ApiHarness;
  let reader: ApiHarness;
  beforeAll(async () => {
    schema = await createTestSchema('erasure2');
    eraser = await startApi({ env: { DATABASE_URL: schema.connectionString } });
    reader = await startApi({ env: { DATABASE_URL: schema.connectionString } });
  });
  afterAll(async () => {
    await reader.close();
    await eraser.close();
    await schema.drop();
  });

  it('is seen by another process at its next read, with no cache to expire', async () => {
    const s = await recordCases(eraser);
    const read = async () => {
      const contract = await reader.as(ADMIN_KEY).get(`/v1/contracts/${s.contractId}`).expect(200);
      const supportCase = await reader.as(ADMIN_KEY).get(`/v1/cases/${s.hotlineCaseId}`).expect(200);
      return [contract.body.authorisedContacts[0].email, supportCase.body.vitalInformation.contactName];
    };
    // The reader has opened olga's data (and written to her case, so its stream cache holds the case).
    expect(await read()).toEqual([OLGA.email, OLGA.name]);
    reader.clock.set('2026-04-07T11:00:00Z');
    await reader
      .as(ADMIN_KEY)
      .post(`/v1/cases/${s.hotlineCaseId}/progress-updates`)
      .send({ message: 'EU fixed' })
      .expect(200);
    await eraser.as(ADMIN_KEY).delete(`/v1/contracts/${s.contractId}/contacts/olga/personal-data`).expect(200);
    expect(await read()).toEqual([ERASED, ERASED]);
    const history = await reader.as(ADMIN_KEY).get(`/v1/cases/${s.hotlineCaseId}/history?limit=200`).expect(200);
    expect(JSON.stringify(history.body)).not.toContain(OLGA.name);
  });
});
