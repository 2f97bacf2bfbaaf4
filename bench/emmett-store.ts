/**
 * The Emmett side of `npm run bench:store`: the same workload (bench/store-workload.ts) on Emmett's
 * PostgreSQL event store, used as its documentation shows. bench/event-store.ts forks this file once
 * and sends it, per pass, the connection string of a fresh schema; it answers the figures.
 *
 * Its own process because Emmett's driver layer (dumbo) installs process-wide `pg` type parsers
 * (int8 as BigInt, jsonb through its own serializer) when its first pool opens: in the same process
 * it would change how CaseLedger's adapter and the raw baselines decode their rows in the middle of
 * the run.
 */
import { dumbo } from '@event-driven-io/dumbo';
import {
  DefaultPostgreSQLEventStoreProcessorBatchSize,
  getPostgreSQLEventStore,
  PostgreSQLEventStoreDefaultStreamVersion,
  readMessagesBatch,
} from '@event-driven-io/emmett-postgresql';
import {
  backendCpu,
  clientCpu,
  cpuSince,
  rate,
  READ_BATCH,
  streamOf,
  tagged,
  TOTAL,
  waitUntilReadable,
  workloadEvents,
  type Figures,
} from './store-workload';

export interface EmmettRequest {
  connectionString: string;
}

export type EmmettReply = { figures: Figures } | { error: string };

async function measureEmmett(connectionString: string): Promise<Figures> {
  const figures: Figures = {};
  // Its own pool (pg's default of 10 connections, as CaseLedger's store gets in the bench) and its
  // own schema setup, run before the clock starts rather than inside the first append.
  const applicationName = 'bench_emmett';
  const own = tagged(connectionString, applicationName);
  const store = getPostgreSQLEventStore(own);
  const reader = dumbo({ connectionString: own }); // the same pg pool: dumbo keeps one per connection string
  try {
    await store.schema.migrate();
    const events = workloadEvents();
    const serverBefore = await backendCpu(connectionString, applicationName);
    const clientBefore = process.cpuUsage();
    let started = process.hrtime.bigint();
    await Promise.all(
      events.map(async (mine, writer) => {
        // Each writer gives the exact version of its own streams, as Emmett's command handling
        // does with the version its read of the stream returned (0 for a stream not yet written).
        const versions = new Map<string, bigint>();
        for (let i = 0; i < mine.length; i++) {
          const streamName = streamOf(writer, i);
          const { eventId, type, data, metadata } = mine[i];
          const result = await store.appendToStream(
            streamName,
            [{ type, data: data as Record<string, unknown>, metadata: { messageId: eventId, ...metadata } }],
            { expectedStreamVersion: versions.get(streamName) ?? PostgreSQLEventStoreDefaultStreamVersion },
          );
          versions.set(streamName, result.nextExpectedStreamVersion);
        }
      }),
    );
    figures['emmett append'] = rate(TOTAL, started);
    figures['emmett append CPU, client (µs/event)'] = clientCpu(clientBefore) / TOTAL;
    const serverAfter = await backendCpu(connectionString, applicationName);
    figures['emmett append CPU, server (µs/event)'] = cpuSince(serverBefore, serverAfter) / TOTAL;

    // The full ordered read as Emmett's own consumers do it: readMessagesBatch from the beginning,
    // each batch after the last global position of the one before, without the consumers' polling
    // pauses between batches. Best of two passes, as for CaseLedger's readAll. Once with the same
    // page size as CaseLedger's readAll, once with the batch size Emmett's processors use by default.
    await waitUntilReadable(connectionString, 'emt_messages');
    for (const [name, batchSize] of [
      ['emmett batch read', READ_BATCH],
      ['emmett batch read, default batch', DefaultPostgreSQLEventStoreProcessorBatchSize],
    ] as const) {
      figures[name] = 0;
      for (let pass = 0; pass < 2; pass++) {
        started = process.hrtime.bigint();
        const all: { metadata: { messageId: string } }[] = [];
        let after = 0n;
        for (;;) {
          const batch = await readMessagesBatch(reader.execute, { after, batchSize });
          for (const message of batch.messages) all.push(message);
          after = batch.currentGlobalPosition;
          if (!batch.areMessagesLeft) break;
        }
        figures[name] = Math.max(figures[name], rate(all.length, started));
        // Batches follow global position while rows come in transaction order, so a batch boundary
        // can repeat or pass over a row committed out of order: counted, not timed.
        figures[`${name} rows (count)`] = all.length;
        figures[`${name} distinct events (count)`] = new Set(all.map((m) => m.metadata.messageId)).size;
      }
    }
  } finally {
    await reader.close();
    await store.close();
  }
  return figures;
}

process.on('message', (request: EmmettRequest) => {
  measureEmmett(request.connectionString).then(
    (figures) => process.send!({ figures } satisfies EmmettReply),
    (error: Error) => process.send!({ error: error.stack ?? String(error) } satisfies EmmettReply),
  );
});
