/**
 * A small in-process EventStoreDB node for tests that cannot reach a real one. It serves the gRPC
 * `Streams.Read` and `Streams.Append` calls from the service definitions that @eventstore/db-client
 * ships, so the adapter talks to the client's real classes over a real HTTP/2 connection. It leaves
 * `ServerFeatures` and `Gossip` unimplemented: the client then assumes an unknown server version
 * (and appends with `Append`, not `BatchAppend`), and `esdb+discover://` finds no node.
 *
 * It keeps the semantics of EventStoreDB 24.10 that the adapter depends on, and only those:
 * - `$all` holds system events (types and streams starting with `$`) among user events;
 * - reading `$all` forwards from a position includes the event at that position; an unknown position
 *   is refused with INVALID_ARGUMENT; `count` bounds the read and the call ends after it;
 * - a subscription to `$all` confirms, catches up strictly after its position, then stays live;
 *   its event-type regex filter is applied on the server;
 * - writes go through HTTP/2 flow control: a reader that stops reading holds the call open;
 * - appends check the expected revision; re-sent ids are recognised by id only (never content): all
 *   of them at the expected place answer success without a position, as an idempotent write does; a
 *   mix of stored and new ids is a wrong expected version; deleted streams and appends over
 *   `maxAppendSize` are refused with the metadata the client turns into its typed errors.
 *
 * Every call is recorded (what was asked, whether it is open, how it ended) so tests can count
 * calls left open and see what the adapter asked for.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';

export interface StoredRecord {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
  position: bigint;
  createdTicks: bigint;
}

export type CallState = 'open' | 'completed' | 'cancelled' | 'failed';

export interface RecordedCall {
  id: number;
  method: 'read' | 'append';
  /** For reads: `all`, `stream:<name>` or `subscribe-all`. */
  target: string;
  direction?: 'forwards' | 'backwards';
  /** `start`, `end`, a revision, or `<commit>/<prepare>`. */
  from?: string;
  count?: bigint;
  sent: number;
  state: CallState;
}

export interface SubscriptionFault {
  /** Fail the next subscription call after it has sent this many events. */
  afterEvents: number;
  code: grpc.status;
  details: string;
  /** e.g. `exception: not-leader` with `leader-endpoint-host`/`-port`, as a follower answers. */
  metadata?: grpc.Metadata;
}

export interface FakeEventStoreDbOptions {
  /** EventStoreDB's `MaxAppendSize` (1 MiB by default on the server). */
  maxAppendSize?: number;
}

const TICKS_PER_MS = 10_000n;

export class FakeEventStoreDb {
  readonly calls: RecordedCall[] = [];
  private readonly log: StoredRecord[] = [];
  private readonly deleted = new Set<string>();
  private readonly live = new Set<(record: StoredRecord) => void>();
  private readonly subscriptionFaults: SubscriptionFault[] = [];
  private nextPosition = 1_000n;
  private server: grpc.Server | undefined;
  port = 0;

  constructor(private readonly options: FakeEventStoreDbOptions = {}) {
    // A fresh node already holds system events before any user write.
    this.writeSystemEvent('$epoch-information', '$epoch-information');
    this.writeSystemEvent('$users', '$user-created');
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  openCalls(): RecordedCall[] {
    return this.calls.filter((call) => call.state === 'open');
  }

  records(): readonly StoredRecord[] {
    return this.log;
  }

  async start(): Promise<void> {
    const server = new grpc.Server();
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => void this.read(call),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) =>
        this.append(call, callback),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.server = server;
  }

  async stop(): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** The next subscription calls fail, one fault each, after sending the given number of events. */
  failSubscriptions(...faults: SubscriptionFault[]): void {
    this.subscriptionFaults.push(...faults);
  }

  /** A system event, as the server writes them (statistics, projections, users). */
  writeSystemEvent(streamId: string, type: string): StoredRecord {
    return this.store(streamId, type, randomUUID(), Buffer.from('{}'), Buffer.alloc(0));
  }

  /** Writes a user event straight into the log, as if another writer had appended it. */
  writeEvent(streamId: string, type: string, data: unknown, eventId: string = randomUUID()): StoredRecord {
    const metadata = Buffer.from(JSON.stringify({ schemaVersion: 1 }));
    return this.store(streamId, type, eventId, Buffer.from(JSON.stringify(data)), metadata);
  }

  /** Tombstones a stream, as `tombstoneStream` does. */
  deleteStream(streamId: string): void {
    this.deleted.add(streamId);
  }

  private store(streamId: string, type: string, eventId: string, data: Buffer, metadata: Buffer): StoredRecord {
    const revision = BigInt(this.log.filter((record) => record.streamId === streamId).length);
    const record: StoredRecord = {
      streamId,
      revision,
      eventId,
      type,
      contentType: 'application/json',
      data,
      metadata,
      position: this.nextPosition,
      createdTicks: BigInt(Date.now()) * TICKS_PER_MS,
    };
    // Log positions grow by the record's size on disk, never by one.
    this.nextPosition += BigInt(100 + data.length + metadata.length);
    this.log.push(record);
    for (const listener of this.live) listener(record);
    return record;
  }

  private record(call: NodeJS.EventEmitter, fields: Omit<RecordedCall, 'id' | 'sent' | 'state'>): RecordedCall {
    const recorded: RecordedCall = { ...fields, id: this.calls.length + 1, sent: 0, state: 'open' };
    this.calls.push(recorded);
    call.on('cancelled', () => {
      if (recorded.state === 'open') recorded.state = 'cancelled';
    });
    return recorded;
  }

  private async read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions()!;
    const direction = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
    if (options.hasSubscription()) return this.subscribe(call, options);

    let recorded: RecordedCall;
    let selected: StoredRecord[];
    const count = BigInt(options.getCount());
    if (options.hasStream()) {
      const stream = options.getStream()!;
      const name = Buffer.from(stream.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      const from = stream.hasStart() ? 'start' : stream.hasEnd() ? 'end' : stream.getRevision();
      recorded = this.record(call, { method: 'read', target: `stream:${name}`, direction, from, count });
      if (this.deleted.has(name)) return this.fail(call, recorded, streamDeleted(name));
      const events = this.log.filter((record) => record.streamId === name);
      if (events.length === 0) {
        const notFound = new ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(streamIdentifier(name));
        call.write(new ReadResp().setStreamNotFound(notFound));
        return this.complete(call, recorded);
      }
      if (direction === 'forwards') {
        const first = from === 'start' ? 0n : from === 'end' ? BigInt(events.length) : BigInt(from);
        selected = events.filter((record) => record.revision >= first);
      } else {
        const last = from === 'end' ? BigInt(events.length - 1) : from === 'start' ? 0n : BigInt(from);
        selected = events.filter((record) => record.revision <= last).reverse();
      }
    } else {
      const all = options.getAll()!;
      const position = all.getPosition();
      const from = all.hasStart()
        ? 'start'
        : all.hasEnd()
          ? 'end'
          : `${position!.getCommitPosition()}/${position!.getPreparePosition()}`;
      recorded = this.record(call, { method: 'read', target: 'all', direction, from, count });
      let index: number;
      if (from === 'start') index = direction === 'forwards' ? 0 : -1;
      else if (from === 'end') index = direction === 'forwards' ? this.log.length : this.log.length;
      else {
        const commit = BigInt(position!.getCommitPosition());
        index =
          commit === this.nextPosition ? this.log.length : this.log.findIndex((record) => record.position === commit);
        if (index < 0 || commit !== BigInt(position!.getPreparePosition())) {
          return this.fail(call, recorded, { code: grpc.status.INVALID_ARGUMENT, details: 'Invalid position.' });
        }
      }
      selected = direction === 'forwards' ? this.log.slice(index) : this.log.slice(0, Math.max(index, 0)).reverse();
    }
    for (const record of selected.slice(0, Number(count < BigInt(selected.length) ? count : selected.length))) {
      if (recorded.state !== 'open') return;
      await this.send(call, recorded, record);
    }
    this.complete(call, recorded);
  }

  private async subscribe(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): Promise<void> {
    const all = options.getAll()!;
    const position = all.getPosition();
    const from = all.hasStart()
      ? 'start'
      : all.hasEnd()
        ? 'end'
        : `${position!.getCommitPosition()}/${position!.getPreparePosition()}`;
    const recorded = this.record(call, { method: 'read', target: 'subscribe-all', direction: 'forwards', from });
    const expression = options.hasFilter() ? options.getFilter()!.getEventType() : undefined;
    const filter = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined;
    const fault = this.subscriptionFaults.shift();

    const pending: StoredRecord[] = [];
    let wake: (() => void) | undefined;
    const listener = (record: StoredRecord): void => {
      pending.push(record);
      wake?.();
    };
    this.live.add(listener);
    call.on('cancelled', () => wake?.());
    try {
      call.write(
        new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())),
      );
      // Subscriptions start strictly after their position.
      const after = from === 'start' ? -1n : from === 'end' ? this.nextPosition : BigInt(position!.getCommitPosition());
      pending.unshift(...this.log.filter((record) => record.position > after));
      for (;;) {
        while (pending.length > 0) {
          if (recorded.state !== 'open') return;
          const record = pending.shift()!;
          if (filter && !filter.test(record.type)) continue;
          if (fault && recorded.sent >= fault.afterEvents) return this.fail(call, recorded, fault);
          await this.send(call, recorded, record);
        }
        if (recorded.state !== 'open') return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.live.delete(listener);
    }
  }

  private async send(call: grpc.ServerWritableStream<ReadReq, ReadResp>, recorded: RecordedCall, record: StoredRecord) {
    if (call.cancelled) return;
    recorded.sent++;
    const event = new ReadResp.ReadEvent();
    event.setEvent(toGrpcRecord(record));
    event.setCommitPosition(record.position.toString());
    if (!call.write(new ReadResp().setEvent(event))) {
      // Flow control: the client has stopped reading; wait for it, or for the call to go away.
      await new Promise<void>((resolve) => {
        const done = (): void => {
          call.off('drain', done);
          call.off('cancelled', done);
          resolve();
        };
        call.on('drain', done);
        call.on('cancelled', done);
      });
    }
  }

  private complete(call: grpc.ServerWritableStream<ReadReq, ReadResp>, recorded: RecordedCall): void {
    if (recorded.state !== 'open') return;
    recorded.state = 'completed';
    call.end();
  }

  private fail(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    recorded: RecordedCall,
    error: Partial<grpc.StatusObject>,
  ) {
    if (recorded.state !== 'open') return;
    recorded.state = 'failed';
    call.emit('error', error);
  }

  private append(
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void {
    const messages: AppendReq[] = [];
    let recorded: RecordedCall | undefined;
    call.on('data', (message: AppendReq) => messages.push(message));
    call.on('end', () => {
      const options = messages[0]?.getOptions();
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'Options expected.' });
      const streamId = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      recorded = this.record(call, { method: 'append', target: `stream:${streamId}` });
      const answer = (error: Partial<grpc.StatusObject> | null, response?: AppendResp): void => {
        recorded!.state = error ? 'failed' : 'completed';
        callback(error, response);
      };
      const proposed = messages.slice(1).map((message) => message.getProposedMessage()!);
      const size = proposed.reduce(
        (sum, event) => sum + event.getData_asU8().length + event.getCustomMetadata_asU8().length,
        0,
      );
      const maxAppendSize = this.options.maxAppendSize ?? 1024 * 1024;
      if (size > maxAppendSize) {
        const metadata = new grpc.Metadata();
        metadata.set('exception', 'maximum-append-size-exceeded');
        metadata.set('maximum-append-size', String(maxAppendSize));
        return answer({
          code: grpc.status.INVALID_ARGUMENT,
          details: `Maximum Append Size of ${maxAppendSize} Exceeded.`,
          metadata,
        });
      }
      if (this.deleted.has(streamId)) return answer(streamDeleted(streamId));

      const stream = this.log.filter((record) => record.streamId === streamId);
      const current = BigInt(stream.length) - 1n;
      const ids = proposed.map((event) => event.getId()!.getString());
      const expected = options.hasAny()
        ? 'any'
        : options.hasStreamExists()
          ? 'stream_exists'
          : options.hasNoStream()
            ? -1n
            : BigInt(options.getRevision());

      // The server's idempotency check compares ids only, at the place the writer expected them.
      const firstAt =
        typeof expected === 'bigint' ? Number(expected + 1n) : stream.findIndex((record) => record.eventId === ids[0]);
      const replayed = firstAt >= 0 ? ids.filter((id, i) => stream[firstAt + i]?.eventId === id).length : 0;
      if (replayed === ids.length && ids.length > 0 && (typeof expected !== 'bigint' || expected < current)) {
        const success = new AppendResp.Success();
        success.setCurrentRevision((BigInt(firstAt + ids.length) - 1n).toString());
        success.setNoPosition(new Empty());
        return answer(null, new AppendResp().setSuccess(success));
      }
      const wrong =
        replayed > 0 ||
        (expected === 'stream_exists' && stream.length === 0) ||
        (typeof expected === 'bigint' && expected !== current);
      if (wrong) {
        const details = new AppendResp.WrongExpectedVersion();
        if (stream.length === 0) details.setCurrentNoStream(new Empty());
        else details.setCurrentRevision(current.toString());
        if (expected === 'any') details.setExpectedAny(new Empty());
        else if (expected === 'stream_exists') details.setExpectedStreamExists(new Empty());
        else if (expected === -1n) details.setExpectedNoStream(new Empty());
        else details.setExpectedRevision(expected.toString());
        return answer(null, new AppendResp().setWrongExpectedVersion(details));
      }
      let last: StoredRecord | undefined;
      for (const event of proposed) {
        const metadata = event.getMetadataMap();
        last = this.store(
          streamId,
          metadata.get('type') ?? '<no-event-type-provided>',
          event.getId()!.getString(),
          Buffer.from(event.getData_asU8()),
          Buffer.from(event.getCustomMetadata_asU8()),
        );
        last.contentType = metadata.get('content-type') ?? 'application/octet-stream';
      }
      const success = new AppendResp.Success();
      success.setCurrentRevision(last!.revision.toString());
      success.setPosition(
        new AppendResp.Position()
          .setCommitPosition(last!.position.toString())
          .setPreparePosition(last!.position.toString()),
      );
      answer(null, new AppendResp().setSuccess(success));
    });
  }
}

function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

function streamDeleted(name: string): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', name);
  return { code: grpc.status.FAILED_PRECONDITION, details: `Event stream '${name}' is deleted.`, metadata };
}

function toGrpcRecord(record: StoredRecord): ReadResp.ReadEvent.RecordedEvent {
  const grpcRecord = new ReadResp.ReadEvent.RecordedEvent();
  grpcRecord.setId(new UUID().setString(record.eventId));
  grpcRecord.setStreamIdentifier(streamIdentifier(record.streamId));
  grpcRecord.setStreamRevision(record.revision.toString());
  grpcRecord.setCommitPosition(record.position.toString());
  grpcRecord.setPreparePosition(record.position.toString());
  grpcRecord.getMetadataMap().set('type', record.type);
  grpcRecord.getMetadataMap().set('content-type', record.contentType);
  grpcRecord.getMetadataMap().set('created', record.createdTicks.toString());
  grpcRecord.setData(record.data);
  grpcRecord.setCustomMetadata(record.metadata);
  return grpcRecord;
}
