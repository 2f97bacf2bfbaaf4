/**
 * Time travel on `GET /v1/cases/{id}`: `asOf` and `atRevision` answer the case and its clocks as they
 * stood then, folded from the stream up to that point. A Beesender Business P2 case (desk 09:00-18:00
 * GMT+3 every day, so 06:00-15:00Z) is opened, answered, paused for the customer and resumed; every
 * read in the past must equal, field for field, what a live read showed at that instant.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';
import { authoriseContact } from '../support/authorised-contact';

interface ClockJson {
  clockId: string;
  status: string;
  usedMs: number;
  timeLeftMs: number;
  dueAt: string | null;
}

const HOUR = 3_600_000;

describe('time travel on a case through HTTP', () => {
  let api: ApiHarness;
  let agent: string;
  let customer: string;
  let stranger: string;
  let caseId: string;
  /** What a live read answered at each instant, and the revision each command left the case at. */
  const live = new Map<string, { body: Record<string, unknown>; etag: string }>();
  const revisionAfter: Record<string, string> = {};

  const clockOf = (body: Record<string, unknown>, clockId: string) =>
    (body.clocks as ClockJson[]).find((clock) => clock.clockId === clockId);

  async function readLiveAt(instant: string): Promise<void> {
    api.clock.set(instant);
    const read = await api.as(agent).get(`/v1/cases/${caseId}`).expect(200);
    live.set(instant, { body: read.body as Record<string, unknown>, etag: read.headers.etag });
  }

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z' });
    agent = await api.createKey('agent');
    const signed = await api
      .as(ADMIN_KEY)
      .post('/v1/contracts')
      .send({
        accountId: 'travel-acme',
        startsAt: '2026-01-01T00:00:00Z',
        planId: 'beesender-business',
        serviceTimeZone: 'gmt+3',
        targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
      })
      .expect(201);
    await api
      .as(ADMIN_KEY)
      .post(`/v1/contracts/${signed.body.id}/contacts`)
      .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' })
      .expect(201);
    customer = await api.createKey('customer', { accountId: 'travel-acme', contactId: 'olga' });
    await authoriseContact(api.app, ADMIN_KEY, 'other-account', 'ivan');
    stranger = await api.createKey('customer', { accountId: 'other-account', contactId: 'ivan' });

    api.clock.set('2026-04-02T07:00:00Z');
    const opened = await api
      .as(customer)
      .post('/v1/cases')
      .send({
        contractId: signed.body.id,
        channel: 'portal',
        subject: 'Chats are not created',
        description: '1. open the widget 2. send a message 3. no chat appears',
        category: 'incident',
        priority: 'P2',
        criticality: 'nonCritical',
      })
      .expect(201);
    caseId = opened.body.id;
    revisionAfter.opened = opened.headers.etag;
    await readLiveAt('2026-04-02T07:30:00Z');

    api.clock.set('2026-04-02T08:00:00Z');
    const responded = await api.as(agent).post(`/v1/cases/${caseId}/responses`).send({ message: 'Looking' });
    revisionAfter.responded = responded.headers.etag;
    await readLiveAt('2026-04-02T08:30:00Z');

    api.clock.set('2026-04-02T09:00:00Z');
    const asked = await api
      .as(agent)
      .post(`/v1/cases/${caseId}/information-requests`)
      .send({ question: 'Which channel is affected?' })
      .expect(200);
    expect(asked.body.events).toEqual(['InformationRequested', 'SlaClockPaused']);
    revisionAfter.asked = asked.headers.etag;
    await readLiveAt('2026-04-02T10:00:00Z');

    api.clock.set('2026-04-02T11:00:00Z');
    const answered = await api.as(customer).post(`/v1/cases/${caseId}/information`).send({ answer: 'Telegram' });
    expect(answered.status).toBe(200);
    revisionAfter.answered = answered.headers.etag;
    await readLiveAt('2026-04-02T12:00:00Z');
  });
  afterAll(() => api.close());

  it('asOf answers, field for field, what a live read showed at that instant, with its ETag', async () => {
    for (const [instant, then] of live) {
      const past = await api.as(agent).get(`/v1/cases/${caseId}?asOf=${instant}`).expect(200);
      expect({ instant, body: past.body as unknown, etag: past.headers.etag }).toEqual({ instant, ...then });
    }
  });

  it('shows the clocks used, left and status at the instant: running, then paused awaiting the customer', async () => {
    const early = await api.as(customer).get(`/v1/cases/${caseId}?asOf=2026-04-02T07:30:00Z`).expect(200);
    expect(early.headers.etag).toBe(revisionAfter.opened);
    expect(clockOf(early.body, 'firstResponse-1')).toMatchObject({
      status: 'running',
      usedMs: 0.5 * HOUR,
      timeLeftMs: 3.5 * HOUR,
    });
    expect(clockOf(early.body, 'resolution-1')).toMatchObject({ status: 'running', usedMs: 0.5 * HOUR });

    const waiting = await api.as(customer).get(`/v1/cases/${caseId}?asOf=2026-04-02T10:00:00Z`).expect(200);
    expect(waiting.headers.etag).toBe(revisionAfter.asked);
    expect(waiting.body.status).toBe('awaitingCustomer');
    expect(clockOf(waiting.body, 'firstResponse-1')).toMatchObject({ status: 'met', usedMs: 1 * HOUR });
    // Paused at 09:00Z after 2 business hours: an hour later it still shows 2 used and 14 left.
    expect(clockOf(waiting.body, 'resolution-1')).toMatchObject({
      status: 'paused',
      usedMs: 2 * HOUR,
      timeLeftMs: 14 * HOUR,
      dueAt: null,
    });

    const now = await api.as(customer).get(`/v1/cases/${caseId}`).expect(200);
    expect(now.body.status).not.toBe('awaitingCustomer');
    expect(clockOf(now.body, 'resolution-1')).toMatchObject({ status: 'running', usedMs: 3 * HOUR });
  });

  it("atRevision answers the case right after that revision, clocks evaluated at that event's instant", async () => {
    const revision = revisionAfter.asked.replaceAll('"', '');
    const read = await api.as(agent).get(`/v1/cases/${caseId}?atRevision=${revision}`).expect(200);
    expect(read.headers.etag).toBe(revisionAfter.asked);
    expect(read.body.revision).toBe(revision);
    expect(read.body.status).toBe('awaitingCustomer');
    expect(clockOf(read.body, 'resolution-1')).toMatchObject({ status: 'paused', usedMs: 2 * HOUR });
    // The same point reached by instant: the request's own instant.
    const byInstant = await api.as(agent).get(`/v1/cases/${caseId}?asOf=2026-04-02T09:00:00Z`).expect(200);
    expect(byInstant.body).toEqual(read.body);

    const opening = await api.as(agent).get(`/v1/cases/${caseId}?atRevision=0`).expect(200);
    expect(opening.headers.etag).toBe('"0"');
    expect(opening.body.clocks).toEqual([]);
  });

  it('an instant before the opening, or a revision the stream has not reached, is a 404 problem', async () => {
    const before = await api.as(agent).get(`/v1/cases/${caseId}?asOf=2026-04-02T06:59:59.999Z`).expect(404);
    expect(before.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(before.body).toMatchObject({ status: 404, detail: 'the case has not been opened' });
    const beyond = await api.as(agent).get(`/v1/cases/${caseId}?atRevision=999`).expect(404);
    expect(beyond.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(beyond.body).toMatchObject({ status: 404, detail: 'the case has no revision 999' });
  });

  it("another account's customer gets the same 404 at any point in time, revealing nothing", async () => {
    for (const query of ['', '?asOf=2026-04-02T10:00:00Z', '?atRevision=0', '?atRevision=999']) {
      const read = await api.as(stranger).get(`/v1/cases/${caseId}${query}`).expect(404);
      expect(read.body).toMatchObject({ status: 404, detail: 'the case has not been opened' });
    }
  });

  it.each([
    ['asOf=2026-04-02T10:00:00', 'asOf'],
    ['asOf=yesterday', 'asOf'],
    ['asOf=2026-02-30T10:00:00Z', 'asOf'],
    ['asOf=1775120400000', 'asOf'],
    ['atRevision=-1', 'atRevision'],
    ['atRevision=1.5', 'atRevision'],
    ['atRevision=0x1', 'atRevision'],
    ['atRevision=%2B1', 'atRevision'],
    ['atRevision=01', 'atRevision'],
    ['atRevision=', 'atRevision'],
  ])('?%s is a 400 problem naming %s', async (query, field) => {
    const read = await api.as(agent).get(`/v1/cases/${caseId}?${query}`).expect(400);
    expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.body.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('asOf and atRevision together are a 400 problem naming both; consistentWith is still accepted', async () => {
    const both = await api.as(agent).get(`/v1/cases/${caseId}?asOf=2026-04-02T10:00:00Z&atRevision=1`).expect(400);
    expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['asOf', 'atRevision']);
    await api.as(agent).get(`/v1/cases/${caseId}?consistentWith=1-1`).expect(200);
    const past = await api
      .as(agent)
      .get(`/v1/cases/${caseId}?asOf=2026-04-02T10:00:00Z&consistentWith=1-1`)
      .expect(200);
    expect(past.headers.etag).toBe(revisionAfter.asked);
  });
});
