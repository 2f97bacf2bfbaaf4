import type { AggregateRoot, IEvent } from '@nestjs/cqrs';

type ErrorClass = abstract new (...args: never[]) => Error;

interface Event {
  readonly type: string;
  readonly data: unknown;
}

export interface Then<A> {
  /** The command's new events, in order and to the last field; returns the aggregate for state checks. */
  then(...expected: Event[]): A;
  /** The command is refused with this error class and leaves no uncommitted event behind. */
  thenThrows<E extends Error>(
    errorClass: ErrorClass & (abstract new (...args: never[]) => E),
    check?: (error: E) => void,
  ): E;
}

export interface When<A> {
  when(command: (aggregate: A) => void): Then<A>;
}

/**
 * Given / when / then on events for an `AggregateRoot`:
 *
 *   const spec = aggregateSpecification(() => new SupportCase());
 *   spec.given(caseOpened, clockStarted).when((c) => c.respond({ … })).then(caseResponded, clockStopped);
 *
 * The history is loaded with `loadFromHistory`, so the events' handlers are exercised exactly as in a
 * replay; every new event must also survive a JSON round trip, since that is how it is stored.
 */
export function aggregateSpecification<A extends AggregateRoot<IEvent>>(
  create: () => A,
): { given(...history: Event[]): When<A> } {
  return {
    given: (...history) => ({
      when: (command) => {
        const aggregate = create();
        aggregate.loadFromHistory(history);
        let failure: unknown = undefined;
        let failed = false;
        try {
          command(aggregate);
        } catch (error) {
          failed = true;
          failure = error;
        }
        return {
          then: (...expected) => {
            if (failed) throw failure;
            const actual = aggregate.getUncommittedEvents() as Event[];
            expect(actual).toStrictEqual(expected);
            for (const event of actual) expect(JSON.parse(JSON.stringify(event.data))).toStrictEqual(event.data);
            return aggregate;
          },
          thenThrows: (errorClass, check) => {
            if (!failed) {
              const events = (aggregate.getUncommittedEvents() as Event[]).map((e) => e.type);
              throw new Error(`expected ${errorClass.name} but the command succeeded with [${events.join(', ')}]`);
            }
            expect(failure).toBeInstanceOf(errorClass);
            expect(aggregate.getUncommittedEvents()).toEqual([]);
            const error = failure as InstanceType<typeof errorClass>;
            check?.(error);
            return error;
          },
        };
      },
    }),
  };
}
