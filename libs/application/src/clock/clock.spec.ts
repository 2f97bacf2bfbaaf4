import type { DateTime } from 'luxon';
import { ManualClock, SystemClock } from './clock';

describe('clocks', () => {
  it('a manual clock reads the same instant in milliseconds as its DateTime, wherever it is moved', () => {
    const clock = new ManualClock('2026-03-01T09:30:00.250Z');
    expect(clock.nowMillis()).toBe(Date.UTC(2026, 2, 1, 9, 30, 0, 250));
    clock.advance({ minutes: 5, milliseconds: 1 });
    expect(clock.nowMillis()).toBe(clock.now().toMillis());
    clock.set('2027-01-01T00:00:00Z');
    expect(clock.nowMillis()).toBe(Date.UTC(2027, 0, 1));
  });

  it('a test clock that overrides now() is obeyed by nowMillis() too', () => {
    class TickingClock extends ManualClock {
      override now(): DateTime {
        return this.advance({ milliseconds: 1 });
      }
    }
    const clock = new TickingClock('2026-03-01T00:00:00Z');
    expect(clock.nowMillis()).toBe(Date.UTC(2026, 2, 1) + 1);
    expect(clock.nowMillis()).toBe(Date.UTC(2026, 2, 1) + 2);
  });

  it('the system clock reads real time, the same in milliseconds as in DateTime', () => {
    const clock = new SystemClock();
    const before = clock.now().toMillis();
    const millis = clock.nowMillis();
    const after = clock.now().toMillis();
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(after);
  });
});
