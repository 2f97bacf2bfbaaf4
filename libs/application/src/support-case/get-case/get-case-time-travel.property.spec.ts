/**
 * Time travel is a fold of the stream's first events: for random command sequences written through
 * the write path, reading the case at the revision each command left it at answers exactly what the
 * live aggregate was right after that command (its state, and its view with the clocks evaluated at
 * the command's instant), and reading it `asOf` that instant answers the same.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { Contract, DomainError, SupportCase, caseView } from '@caseledger/domain';
import { MemoryEventStore } from '@caseledger/event-store';
import { ManualClock } from '../../clock/clock';
import { UuidV7Generator } from '../../ids/uuid-v7';
import { SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { MemoryPersonalDataKeys } from '../../personal-data/personal-data-keys';
import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import type { CommandContext } from '../../write-path/command-context';
import { DomainEventCodec } from '../../write-path/domain-event-codec';
import { GetCaseHandler } from './get-case.handler';
import { GetCase } from './get-case.query';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const START = at('2026-04-02T13:30:00Z');
const agent: CommandContext = { actor: { id: 'agent-7', role: 'agent' }, correlationId: 'c-agent' };

function birdTerms() {
  const contract = new Contract();
  contract.sign({
    contractId: 'k-1',
    accountId: 'acc-1',
    planId: 'bird-email-enterprise',
    serviceTimeZone: 'uk',
    targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
    startsAt: at('2026-01-01T00:00:00Z'),
    now: at('2025-12-01T00:00:00Z'),
  });
  contract.addAuthorisedContact({
    contactId: 'c-1',
    name: 'Olga',
    email: 'o@example.com',
    at: at('2026-01-02T00:00:00Z'),
  });
  return contract.termsAt(START);
}

type Step = (c: SupportCase, when: DateTime) => void;

const vital = { company: 'Acme', contactName: 'Olga', phone: '+44 20', email: 'o@example.com', description: 'down' };
const STEPS: Step[] = [
  (c, w) => c.logHotlineCall({ vitalInformation: vital, at: w }),
  (c, w) => c.logCallback({ agentId: 'a', at: w }),
  (c, w) => c.assign({ agentId: `a-${w.minute % 3}`, at: w }),
  (c, w) => c.respond({ agentId: 'a', message: 'm', at: w }),
  (c, w) => c.requestInformation({ agentId: 'a', question: 'q', at: w }),
  (c, w) => c.provideInformation({ contactId: 'c-1', answer: 'x', at: w }),
  (c, w) => c.giveProgressUpdate({ agentId: 'a', message: 'u', at: w }),
  (c, w) => c.agreeUpdateCadence({ minutes: 30 + (w.minute % 4) * 15, at: w }),
  (c, w) =>
    c.reclassify({
      priority: (['P1', 'P2', 'P3', 'P4'] as const)[w.minute % 4],
      criticality: w.minute % 2 === 0 ? 'critical' : 'nonCritical',
      retroactive: w.minute % 3 === 0,
      reason: 'r',
      at: w,
    }),
  (c, w) => c.escalate({ to: 'tam', tamId: 't', reason: 'r', at: w }),
  (c, w) => c.provideWorkaround({ agentId: 'a', description: 'w', at: w }),
  (c, w) => c.proposeResolution({ by: w.minute % 2 === 0 ? 'vendor' : 'customer', actorId: 'x', summary: 's', at: w }),
  (c, w) => c.acceptResolution({ by: w.minute % 2 === 0 ? 'vendor' : 'customer', actorId: 'y', at: w }),
  (c, w) => c.rejectResolution({ by: w.minute % 2 === 0 ? 'vendor' : 'customer', reason: 'r', at: w }),
  (c, w) => c.reopen({ reason: 'r', at: w }),
  (c, w) => c.close({ at: w }),
];

/** What the live aggregate was right after one command that wrote events. */
interface AfterCommand {
  revision: bigint;
  instant: DateTime;
  state: unknown;
  view: ReturnType<typeof caseView>;
}

const snapshot = (state: unknown): unknown => JSON.parse(JSON.stringify(state));

describe('reading a case at a revision or an instant', () => {
  const terms = birdTerms();

  it('folds to what the live aggregate was after each command, by revision and by instant alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            step: fc.integer({ min: 0, max: STEPS.length - 1 }),
            gapMinutes: fc.integer({ min: 0, max: 600 }),
          }),
          { maxLength: 20 },
        ),
        async (steps) => {
          const clock = new ManualClock(START.toISO()!);
          const repository = new AggregateRepository(
            new MemoryEventStore(),
            new DomainEventCodec(),
            new UuidV7Generator(clock),
            new PersonalDataVault(new MemoryPersonalDataKeys()),
          );
          const get = new GetCaseHandler(repository, clock);
          const history: AfterCommand[] = [];
          const remember = async (instant: DateTime) => {
            const { aggregate, revision } = await repository.get(SUPPORT_CASES, 'case-1');
            history.push({ revision, instant, state: snapshot(aggregate.state), view: caseView(aggregate, instant) });
          };

          await repository.create(
            SUPPORT_CASES,
            'case-1',
            (c) =>
              c.open({
                caseId: 'case-1',
                terms,
                contactId: 'c-1',
                channel: 'email',
                subject: 's',
                description: 'd',
                category: 'incident',
                priority: 'P2',
                criticality: 'critical',
                now: START,
              }),
            agent,
          );
          await remember(START);
          let now = START;
          for (const { step, gapMinutes } of steps) {
            now = now.plus({ minutes: gapMinutes });
            const when = now;
            try {
              await repository.update(SUPPORT_CASES, 'case-1', (c) => STEPS[step](c, when), agent);
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              continue;
            }
            await remember(when);
          }

          for (const [index, then] of history.entries()) {
            const byRevision = await get.execute(new GetCase('case-1', {}, { atRevision: then.revision }));
            expect(byRevision).toStrictEqual({ view: then.view, revision: then.revision });
            const folded = await repository.loadPrefix(
              SUPPORT_CASES,
              'case-1',
              {},
              (_, r) => r.revision <= then.revision,
            );
            expect(snapshot(folded?.aggregate.state)).toStrictEqual(then.state);

            // Commands at the same instant: a read as of it shows the last of them.
            const lastAtInstant = history
              .slice(index)
              .filter((later) => +later.instant === +then.instant)
              .pop()!;
            const byInstant = await get.execute(new GetCase('case-1', {}, { asOf: then.instant }));
            expect(byInstant).toStrictEqual(
              await get.execute(new GetCase('case-1', {}, { atRevision: lastAtInstant.revision })),
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
