/**
 * `audit verify` and `audit export`: the tamper-evident chain of the event store (docs/adr/0006),
 * checked in one pass with a progress bar, or written out as NDJSON for offline checking.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  type PersonalDataVault,
  exportAccountAudit,
  verifyExportLines,
  verifyStoreChains,
  type ChainBreak,
  type ChainStart,
} from '@caseledger/application';
import type { EventStore, SqlClient } from '@caseledger/event-store';
import { EventLagProbe } from '@caseledger/read-models';
import { START_POSITION } from '@caseledger/event-store';
import { ProgressBar } from './progress-bar';

export interface CliOutput {
  out: NodeJS.WritableStream;
  err: NodeJS.WriteStream;
}

const describeBreak = (b: ChainBreak) => `broken: ${b.stream} revision ${b.revision}: ${b.reason}`;
const describeStart = (s: ChainStart) =>
  `note: ${s.stream}: chain starts at revision ${s.hashedFrom}; earlier events unhashed`;

/** Exit code 0 when every link holds, 1 when any is broken. */
export async function verifyStore(
  store: EventStore,
  sql: SqlClient,
  options: { streamId?: string; accountId?: string },
  io: CliOutput,
): Promise<number> {
  const total = options.streamId ? 0 : (await new EventLagProbe(store, sql).lagAfter(START_POSITION)).events;
  const bar = new ProgressBar('audit verify', total, io.err);
  let read = 0;
  const verifier = await verifyStoreChains(store, {
    ...options,
    onBreak: (b) => io.out.write(`${describeBreak(b)}\n`),
    onChainStart: (s) => io.out.write(`${describeStart(s)}\n`),
    onProgress: (n) => bar.update((read = n)),
  });
  bar.finish(read);
  const unhashed = verifier.unhashedStreams;
  if (unhashed > 0)
    io.out.write(
      `note: ${unhashed} stream${unhashed === 1 ? ' ends' : 's end'} with events written before the chain existed (no hash)\n`,
    );
  const broken = verifier.broken.length;
  io.out.write(
    `${broken === 0 ? 'ok' : 'FAILED'}: ${verifier.events} events in ${verifier.streams} streams checked, ` +
      `${broken} broken link${broken === 1 ? '' : 's'}\n`,
  );
  return broken === 0 ? 0 : 1;
}

export async function verifyFile(path: string, io: CliOutput): Promise<number> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const verdict = await verifyExportLines(lines);
  for (const start of verdict.chainStarts) io.out.write(`line ${start.line}: ${describeStart(start)}\n`);
  for (const b of verdict.broken) io.out.write(`line ${b.line}: ${describeBreak(b)}\n`);
  const broken = verdict.broken.length;
  io.out.write(
    `${broken === 0 ? 'ok' : 'FAILED'}: ${verdict.events} events in ${verdict.streams} streams checked, ` +
      `${broken} broken link${broken === 1 ? '' : 's'}\n`,
  );
  return broken === 0 ? 0 : 1;
}

export async function exportAudit(
  store: EventStore,
  personalData: PersonalDataVault,
  options: { accountId: string; from?: string; to?: string },
  io: CliOutput,
): Promise<number> {
  const { cases, events } = await exportAccountAudit(
    store,
    options.accountId,
    { from: options.from, to: options.to },
    personalData,
    (text) =>
      new Promise<void>((resolve, reject) => io.out.write(text, (error) => (error ? reject(error) : resolve()))),
  );
  io.err.write(`exported ${events} events of ${cases} cases of account ${options.accountId}\n`);
  return 0;
}
