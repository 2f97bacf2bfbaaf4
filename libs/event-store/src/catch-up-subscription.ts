/**
 * Catch-up-then-live subscription shared by the memory and SQL adapters. It reads `$all` in pages
 * after its last position; when a page comes back short it has caught up and sleeps until an
 * `AppendSignal` says something may have been appended, or until a short poll interval passes
 * (the fallback for wake-ups that never arrive: another process without LISTEN, a dropped
 * listener connection, or a slow transaction elsewhere that held the read horizon back).
 */
import { StoreUnavailable } from './event-store.errors';
import type { AllSubscription, GlobalPosition, RecordedEvent } from './event-store.port';

/** A version counter plus waiters: a wake-up that lands between a read and the wait is not lost. */
export class AppendSignal {
  private version = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves when the version moves past `seen`, after `timeoutMs`, or when `interrupt` fires. */
  wait(seen: number, timeoutMs: number, interrupt: Interrupt): Promise<void> {
    if (this.version !== seen || interrupt.fired) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        interrupt.off(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      interrupt.on(done);
    });
  }
}

export class Interrupt {
  fired = false;
  private readonly listeners = new Set<() => void>();
  on(listener: () => void): void {
    this.listeners.add(listener);
  }
  off(listener: () => void): void {
    this.listeners.delete(listener);
  }
  fire(): void {
    this.fired = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }
}

function pause(ms: number, interrupt: Interrupt): Promise<void> {
  if (interrupt.fired) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      interrupt.off(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    interrupt.on(done);
  });
}

export interface PageSource {
  /** Events strictly after `after`, in `$all` order, at most `limit`. */
  readPage(after: GlobalPosition, limit: number): Promise<RecordedEvent[]>;
}

export interface CatchUpOptions {
  pageSize?: number;
  pollIntervalMs?: number;
  /** Called when the backend is unreachable; the subscription keeps retrying until closed. */
  onUnavailable?: (error: StoreUnavailable) => void;
  /** Called once iteration ends, however it ends (close, break, error). */
  onEnd?: () => void;
}

export class CatchUpSubscription implements AllSubscription {
  private readonly interrupt = new Interrupt();
  private iterated = false;

  constructor(
    private readonly source: PageSource,
    private readonly signal: AppendSignal,
    private readonly from: GlobalPosition,
    private readonly options: CatchUpOptions = {},
  ) {}

  async close(): Promise<void> {
    this.interrupt.fire();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterated) throw new Error('a subscription can be iterated only once; subscribe again instead');
    this.iterated = true;
    return this.run();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    try {
      yield* this.follow();
    } finally {
      this.interrupt.fire();
      this.options.onEnd?.();
    }
  }

  private async *follow(): AsyncGenerator<RecordedEvent> {
    const pageSize = this.options.pageSize ?? 1000;
    const pollIntervalMs = this.options.pollIntervalMs ?? 250;
    let after = this.from;
    let backoffMs = 50;
    while (!this.interrupt.fired) {
      const seen = this.signal.current;
      let page: RecordedEvent[];
      try {
        page = await this.source.readPage(after, pageSize);
        backoffMs = 50;
      } catch (error) {
        if (!(error instanceof StoreUnavailable)) throw error;
        this.options.onUnavailable?.(error);
        await pause(backoffMs, this.interrupt);
        backoffMs = Math.min(backoffMs * 2, 1000);
        continue;
      }
      for (const event of page) {
        if (this.interrupt.fired) return;
        yield event;
        after = event.position;
      }
      if (page.length < pageSize) await this.signal.wait(seen, pollIntervalMs, this.interrupt);
    }
  }
}
