/**
 * The ceiling for bench/api.ts: bare Fastify routes doing the raw work a command and a read do
 * underneath (one INSERT of an event-sized JSON row, one SELECT by key), with no validation, no
 * auth, no domain. Run as its own process, like the API, so both are measured the same way. Also the
 * read of one stream from the store's own table, the floor under folding a case (bench/audit-asof.ts), and a
 * trivial route with no I/O, the baseline for the API's CPU per request.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(
    'create table if not exists raw_events (position bigserial primary key, stream_id text not null, data jsonb ' +
      'not null)',
  );
  await pool.query('create index if not exists raw_events_stream on raw_events (stream_id)');
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  // The baseline for CPU per request (bench/api.ts): what Fastify itself costs to answer, no I/O.
  app.get('/raw/trivial', async () => ({ status: 'ok' }));
  app.post<{ Body: { streamId: string; data: unknown } }>('/raw/insert', async (request, reply) => {
    const { rows } = await pool.query('insert into raw_events (stream_id, data) values ($1, $2) returning position', [
      request.body.streamId,
      JSON.stringify(request.body.data),
    ]);
    return reply.code(201).send({ position: rows[0].position });
  });
  app.get<{ Params: { streamId: string } }>('/raw/select/:streamId', async (request) => {
    const { rows } = await pool.query('select position, data from raw_events where stream_id = $1 order by position', [
      request.params.streamId,
    ]);
    return { rows };
  });
  // The floor under a read of one case's whole stream (bench/audit-asof.ts): the store's own SELECT, no fold.
  app.get<{ Params: { streamId: string } }>('/raw/stream/:streamId', async (request) => {
    const { rows } = await pool.query(
      'select event_id::text as event_id, type, data, metadata, stream_id, revision::text as revision, ' +
        'transaction_id::text as commit, position::text as prepare, recorded_at::text as recorded_at ' +
        'from events where stream_id = $1 and revision >= 0 order by revision',
      [request.params.streamId],
    );
    return { rows };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

void main();
