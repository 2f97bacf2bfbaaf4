/**
 * Offline verification of an audit export (audit-export.ts): the chain of every stream in the
 * file, recomputed from each line's `hashed` content alone. A stream whose first line is not its
 * revision 0 (a window) is verified from the `previousHash` that line carries. Each line must also
 * show what it hashed: same type, stream and revision, and the same data unless it was upcast.
 */
import { canonicalJson, GENESIS_HASH, CHAIN_HASH_KEY } from './chain-hash';
import { ChainVerifier, type ChainBreak, type ChainStart } from './chain-verifier';
import type { AuditExportLine } from './audit-export';

export interface ExportBreak extends ChainBreak {
  /** 1-based line number in the file. */
  line: number;
}

export interface ExportVerdict {
  events: number;
  streams: number;
  broken: ExportBreak[];
  chainStarts: (ChainStart & { line: number })[];
}

export async function verifyExportLines(lines: AsyncIterable<string> | Iterable<string>): Promise<ExportVerdict> {
  let lineNumber = 0;
  const broken: ExportBreak[] = [];
  const chainStarts: ExportVerdict['chainStarts'] = [];
  const verifier = new ChainVerifier({
    onBreak: (b) => broken.push({ ...b, line: lineNumber }),
    onChainStart: (s) => chainStarts.push({ ...s, line: lineNumber }),
  });
  const fail = (stream: string, revision: bigint, reason: string) =>
    broken.push({ stream, revision, reason, line: lineNumber });
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    let line: AuditExportLine;
    let revision: bigint;
    try {
      line = JSON.parse(text) as AuditExportLine;
      if (!/^\d{1,19}$/.test(line.hashed?.revision)) throw new Error('no hashed.revision');
      revision = BigInt(line.hashed.revision);
    } catch {
      fail('?', -1n, 'the line is not an audit export line (JSON with a `hashed` object)');
      continue;
    }
    const stream = line.hashed.stream;
    if (line.stream !== stream || line.type !== line.hashed.type || line.revision !== line.hashed.revision) {
      fail(stream, revision, 'the line shows another type, stream or revision than it hashed');
    } else if (
      line.schemaVersion === line.hashed.metadata?.schemaVersion &&
      canonicalJson(line.data) !== canonicalJson(line.hashed.data)
    ) {
      fail(stream, revision, 'the line shows other data than it hashed');
    }
    if (!verifier.knows(stream)) {
      // A window: the first line carries the hash of its predecessor, which the file does not hold.
      if (revision > 0n) verifier.resumeAt(stream, revision - 1n, line.previousHash ?? undefined);
    } else if (line.hash !== null && line.previousHash !== (verifier.lastHash(stream) ?? GENESIS_HASH)) {
      fail(stream, revision, 'previousHash is not the hash of the line before it');
    }
    verifier.check({
      type: line.hashed.type,
      data: line.hashed.data,
      metadata: line.hash === null ? line.hashed.metadata : { ...line.hashed.metadata, [CHAIN_HASH_KEY]: line.hash },
      streamId: stream,
      revision,
    });
  }
  broken.sort((a, b) => a.line - b.line);
  return { events: verifier.events, streams: verifier.streams, broken, chainStarts };
}
