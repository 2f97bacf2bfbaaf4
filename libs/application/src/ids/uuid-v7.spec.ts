import { ManualClock } from '../clock/clock';
import { UUID_PATTERN, UuidV7Generator } from './uuid-v7';

describe('UUIDv7 ids', () => {
  it('carry the clock millisecond in their first 48 bits and the version 7 nibble', () => {
    const clock = new ManualClock('2026-03-01T10:00:00.123Z');
    const id = new UuidV7Generator(clock).next();
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(clock.now().toMillis());
  });

  it('increase strictly within one millisecond and across milliseconds', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const ids = new UuidV7Generator(clock);
    const made: string[] = [];
    for (let i = 0; i < 5000; i++) {
      if (i % 1000 === 0) clock.advance({ milliseconds: 1 });
      made.push(ids.next());
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('never go backwards when the clock does', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const ids = new UuidV7Generator(clock);
    const first = ids.next();
    clock.advance({ seconds: -5 });
    expect(ids.next() > first).toBe(true);
  });

  it('differ in their random bits across many pool refills', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const ids = new UuidV7Generator(clock);
    const tails = new Set<string>();
    for (let i = 0; i < 3000; i++) tails.add(ids.next().slice(19));
    expect(tails.size).toBe(3000);
  });
});
