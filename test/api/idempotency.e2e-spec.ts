/**
 * Idempotency-Key through HTTP. A probe write route counts how often its handler really runs and
 * answers with the write headers, so a replay can be told apart from a second execution.
 */
import { Body, Controller, HttpCode, Module, Param, Post, Res } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SqlClient } from '@caseledger/event-store';
import { IsInt, IsOptional, IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { Roles } from '../../apps/api/src/auth/principal';
import { loadConfig, STATE_DB } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';
import { setWriteHeaders } from '../../apps/api/src/http-conventions/write-headers';
import { IdempotencyRecordRepository } from '../../apps/api/src/idempotency/idempotency-record.repository';
import { ProblemException } from '../../apps/api/src/problem-details/problem-details';

const ADMIN = 'idempotency-spec-admin-key-0123456789';

class NoteRequest {
  @IsString() text: string;
  @IsOptional() @IsInt() priority?: number;
}

const runs = new Map<string, number>();
let gate: Promise<void> | undefined;

@Roles('admin', 'agent')
@Controller('probe-notes')
class NotesProbeController {
  @Post(':stream')
  @HttpCode(201)
  async write(
    @Param('stream') stream: string,
    @Body() body: NoteRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const revision = (runs.get(stream) ?? 0) + 1;
    runs.set(stream, revision);
    if (gate) await gate;
    if (body.text === 'refuse') {
      throw new ProblemException({
        type: 'urn:caseledger:problem:refused',
        title: 'Refused',
        status: 409,
        detail: 'refused on purpose',
      });
    }
    setWriteHeaders(reply, {
      revision: BigInt(revision),
      position: `${revision * 10}-${revision * 10}`,
      location: `/v1/probe-notes/${stream}/${revision}`,
    });
    return { stream, revision: String(revision), text: body.text };
  }
}

/** A write answering plain text, as a route may; a replay must answer the same bytes. */
@Roles('admin')
@Controller('probe-text')
class TextProbeController {
  @Post()
  @HttpCode(201)
  write(@Res({ passthrough: true }) reply: FastifyReply) {
    runs.set('text', (runs.get('text') ?? 0) + 1);
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return 'written';
  }
}

describe('Idempotency-Key', () => {
  let app: NestFastifyApplication;
  let sql: SqlClient;
  let agent: string;
  const http = () => request(app.getHttpServer());
  const note = (stream: string, key: string | undefined, body: object, token = ADMIN) => {
    const test = http().post(`/v1/probe-notes/${stream}`).auth(token, { type: 'bearer' });
    return (key === undefined ? test : test.set('idempotency-key', key)).send(body);
  };

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN });
    @Module({ imports: [AppModule.register(config)], controllers: [NotesProbeController, TextProbeController] })
    class ProbeAppModule {}
    app = await createApp(config, { rootModule: ProbeAppModule });
    sql = app.get<SqlClient>(STATE_DB);
    agent = (
      await http()
        .post('/v1/api-keys')
        .auth(ADMIN, { type: 'bearer' })
        .send({ name: 'agent', role: 'agent' })
        .expect(201)
    ).body.secret;
  });
  afterAll(() => app.close());

  it('replays the first response (status, body, ETag, Location, X-Position) without running the handler again', async () => {
    const first = await note('a', 'key-1', { text: 'hello', priority: 1 }).expect(201);
    const second = await note('a', 'key-1', { priority: 1, text: 'hello' }).expect(201);
    expect(runs.get('a')).toBe(1);
    expect(second.body).toEqual(first.body);
    for (const header of ['etag', 'location', 'x-position', 'content-type'])
      expect(second.headers[header]).toBe(first.headers[header]);
    expect(first.headers.etag).toBe('"1"');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('runs every request without the header', async () => {
    await note('b', undefined, { text: 'x' }).expect(201);
    await note('b', undefined, { text: 'x' }).expect(201);
    expect(runs.get('b')).toBe(2);
  });

  it('answers 422 problem+json when the key comes back with another body or path', async () => {
    await note('c', 'key-2', { text: 'one' }).expect(201);
    const otherBody = await note('c', 'key-2', { text: 'two' }).expect(422);
    expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(otherBody.body).toMatchObject({ status: 422, type: 'urn:caseledger:problem:idempotency-key-reused' });
    await note('other', 'key-2', { text: 'one' }).expect(422);
    expect(runs.get('c')).toBe(1);
    expect(runs.get('other')).toBeUndefined();
  });

  it('answers a reused key 422 before the body is validated', async () => {
    await note('j', 'key-7', { text: 'one' }).expect(201);
    const invalid = await note('j', 'key-7', { text: 42 }).expect(422);
    expect(invalid.body).toMatchObject({ type: 'urn:caseledger:problem:idempotency-key-reused' });
    expect(runs.get('j')).toBe(1);
  });

  it('replays an answer that is not JSON as it was sent', async () => {
    const post = () =>
      http().post('/v1/probe-text').auth(ADMIN, { type: 'bearer' }).set('idempotency-key', 'text-1').send({});
    const first = await post().expect(201);
    const replay = await post().expect(201);
    expect(runs.get('text')).toBe(1);
    expect(replay.text).toBe('written');
    expect(replay.text).toBe(first.text);
    expect(replay.headers['content-type']).toBe(first.headers['content-type']);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps keys apart per API key', async () => {
    await note('d', 'shared-key', { text: 'x' }).expect(201);
    const other = await note('d', 'shared-key', { text: 'x' }, agent).expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(runs.get('d')).toBe(2);
  });

  it('stores no failure, so a failed request can be retried with its key', async () => {
    await note('e', 'key-3', { text: 'refuse' }).expect(409);
    await note('e', 'key-3', { text: 42 }).expect(400);
    await note('e', 'key-3', { text: 'fine' }).expect(201);
    const replay = await note('e', 'key-3', { text: 'fine' }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 409 to a duplicate that arrives while the first is still running', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const first = note('f', 'key-4', { text: 'slow' }).then((r) => r);
    while ((await sql.query(`SELECT 1 FROM idempotency_records WHERE idempotency_key = 'key-4'`)).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const duplicate = await note('f', 'key-4', { text: 'slow' }).expect(409);
    expect(duplicate.body).toMatchObject({ status: 409, type: 'urn:caseledger:problem:idempotency-key-in-progress' });
    open();
    gate = undefined;
    expect((await first).status).toBe(201);
    await note('f', 'key-4', { text: 'slow' }).expect(201);
    expect(runs.get('f')).toBe(1);
  });

  it('lets exactly one of a burst of identical requests run', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => note('g', 'key-5', { text: 'burst' })));
    expect(runs.get('g')).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
  });

  it('ignores a record older than 24 h', async () => {
    await note('h', 'key-6', { text: 'old' }).expect(201);
    await sql.query(
      `UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'key-6'`,
    );
    const again = await note('h', 'key-6', { text: 'old' }).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(runs.get('h')).toBe(2);
    const records = app.get(IdempotencyRecordRepository);
    await sql.query(
      `UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'key-6'`,
    );
    expect(await records.purgeExpired(new Date())).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not printable ASCII', 'clé-1'],
  ])('refuses an Idempotency-Key that is %s with 400 naming the header', async (_, key) => {
    const response = await http()
      .post('/v1/probe-notes/i')
      .auth(ADMIN, { type: 'bearer' })
      .set('idempotency-key', key)
      .send({ text: 'x' })
      .expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(runs.get('i')).toBeUndefined();
  });

  it('makes key creation idempotent without storing the secret it showed', async () => {
    const count = async () => Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM api_keys'))[0].n);
    const before = await count();
    const body = { name: 'Retried creation', role: 'auditor' };
    const first = await http()
      .post('/v1/api-keys')
      .auth(ADMIN, { type: 'bearer' })
      .set('idempotency-key', 'create-1')
      .send(body)
      .expect(201);
    const replay = await http()
      .post('/v1/api-keys')
      .auth(ADMIN, { type: 'bearer' })
      .set('idempotency-key', 'create-1')
      .send(body)
      .expect(201);
    expect(await count()).toBe(before + 1);
    expect(replay.body).toEqual({ ...first.body, secret: undefined });
    expect(replay.body).not.toHaveProperty('secret');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(JSON.stringify(await sql.query('SELECT * FROM idempotency_records'))).not.toContain(first.body.secret);
  });
});
