/**
 * Reads a live subscription ahead of its consumer: events arrive into a bounded buffer while the
 * consumer writes the previous batch, and the next batch is whatever arrived meanwhile. The pump
 * pauses when `limit` events wait, so a slow consumer holds back the subscription rather than memory.
 * The projection runners and the reactors follow `$all` through it.
 */
import type { AllSubscription, RecordedEvent } from '@caseledger/event-store';

export class ReadAhead {
  private readonly buffer: RecordedEvent[] = [];
  private wake: (() => void) | undefined;
  private drained: (() => void) | undefined;
  private ended = false;
  /** What the subscription threw, if it ended by throwing. */
  failure: unknown;
  private readonly pump: Promise<void>;
  private readonly onAbort = () => {
    void this.subscription.close();
    this.poke();
    this.drained?.();
  };

  constructor(
    private readonly subscription: AllSubscription,
    private readonly limit: number,
    private readonly abort: AbortSignal,
  ) {
    abort.addEventListener('abort', this.onAbort);
    this.pump = this.run();
  }

  /**
   * Up to `max` events that have arrived, waiting for one if none has. Answers an empty batch when the
   * subscription ended or the attempt was aborted, or when `until` settled first (the caller's timer).
   */
  async take(max: number, until?: Promise<void>): Promise<RecordedEvent[]> {
    if (this.buffer.length === 0 && !this.ended && !this.abort.aborted) {
      const arrived = new Promise<void>((resolve) => (this.wake = resolve));
      await (until ? Promise.race([arrived, until]) : arrived);
    }
    const batch = this.buffer.splice(0, max);
    if (batch.length > 0) {
      this.drained?.();
      this.drained = undefined;
    }
    return batch;
  }

  /** No more events will come: the subscription ended (or threw) and the buffer is empty. */
  get exhausted(): boolean {
    return this.ended && this.buffer.length === 0;
  }

  async close(): Promise<void> {
    this.abort.removeEventListener('abort', this.onAbort);
    await this.subscription.close();
    this.drained?.();
    await this.pump;
  }

  private poke(): void {
    this.wake?.();
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        this.buffer.push(event);
        this.poke();
        if (this.buffer.length >= this.limit) await new Promise<void>((resolve) => (this.drained = resolve));
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.ended = true;
      this.poke();
    }
  }
}
