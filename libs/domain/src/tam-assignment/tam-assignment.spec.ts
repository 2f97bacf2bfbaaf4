import { aggregateSpecification } from '@caseledger/testing';
import { DateTime } from 'luxon';
import { InvalidCalendar } from '../shared/calendar';
import { TAMAssignment } from './tam-assignment.aggregate';
import { AccountMismatch, NoTamAssigned, TamAlreadyAssigned, TamAlreadyHoldsAssignment } from './tam-assignment.errors';
import {
  TamAssigned,
  TamProfile,
  TamReassigned,
  TamUnassigned,
  TamWorkingHoursAdjusted,
} from './tam-assignment.events';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const spec = aggregateSpecification(() => new TAMAssignment());

const easternHours = {
  timeZone: 'America/New_York',
  weekly: { mon: [{ from: '09:00', to: '17:00' }], fri: [{ from: '09:00', to: '17:00' }] },
};
const ada: TamProfile = {
  id: 'tam-ada',
  name: 'Ada',
  phone: '+1 555 0100',
  email: 'ada@bird.example',
  workingHours: easternHours,
};
const bob: TamProfile = {
  id: 'tam-bob',
  name: 'Bob',
  phone: '+1 555 0101',
  email: 'bob@bird.example',
  workingHours: easternHours,
};

const adaAssigned = new TamAssigned({ accountId: 'acc-1', tam: ada, at: '2026-01-01T00:00:00.000Z' });

describe('TAMAssignment', () => {
  it('a TAM is assigned to an account with phone, email and working hours', () => {
    const assignment = spec
      .given()
      .when((a) => a.assign({ accountId: 'acc-1', tam: ada, at: at('2026-01-01T00:00:00Z') }))
      .then(adaAssigned);
    expect(assignment.currentTam).toEqual(ada);
  });

  it('assigning while a TAM holds the account is refused: reassign instead', () => {
    spec
      .given(adaAssigned)
      .when((a) => a.assign({ accountId: 'acc-1', tam: bob, at: at('2026-02-01T00:00:00Z') }))
      .thenThrows(TamAlreadyAssigned);
  });

  it('an assignment stream belongs to one account', () => {
    spec
      .given(
        adaAssigned,
        new TamUnassigned({ accountId: 'acc-1', tamId: 'tam-ada', reason: null, at: '2026-02-01T00:00:00.000Z' }),
      )
      .when((a) => a.assign({ accountId: 'acc-2', tam: bob, at: at('2026-03-01T00:00:00Z') }))
      .thenThrows(AccountMismatch);
  });

  it('working hours must be a valid calendar', () => {
    spec
      .given()
      .when((a) =>
        a.assign({
          accountId: 'acc-1',
          tam: { ...ada, workingHours: { timeZone: 'Nowhere/Town' } },
          at: at('2026-01-01T00:00:00Z'),
        }),
      )
      .thenThrows(InvalidCalendar, (e) => expect(e.problems[0].field).toBe('tam.workingHours.timeZone'));
  });

  it('a reassignment hands the account to another TAM from its instant', () => {
    const assignment = spec
      .given(adaAssigned)
      .when((a) => a.reassign({ tam: bob, reason: 'Ada moved to EMEA', at: at('2026-03-01T00:00:00Z') }))
      .then(
        new TamReassigned({
          accountId: 'acc-1',
          previousTamId: 'tam-ada',
          tam: bob,
          reason: 'Ada moved to EMEA',
          at: '2026-03-01T00:00:00.000Z',
        }),
      );
    expect(assignment.currentTam?.id).toBe('tam-bob');
  });

  it('reassigning to the TAM who already holds the account is refused', () => {
    spec
      .given(adaAssigned)
      .when((a) => a.reassign({ tam: ada, at: at('2026-03-01T00:00:00Z') }))
      .thenThrows(TamAlreadyHoldsAssignment);
  });

  it('reassigning an account without a TAM is refused', () => {
    spec
      .given()
      .when((a) => a.reassign({ tam: bob, at: at('2026-03-01T00:00:00Z') }))
      .thenThrows(NoTamAssigned);
  });

  it('an unassigned account has no TAM', () => {
    const assignment = spec
      .given(adaAssigned)
      .when((a) => a.unassign({ at: at('2026-04-01T00:00:00Z'), reason: 'contract ended' }))
      .then(
        new TamUnassigned({
          accountId: 'acc-1',
          tamId: 'tam-ada',
          reason: 'contract ended',
          at: '2026-04-01T00:00:00.000Z',
        }),
      );
    expect(assignment.currentTam).toBeNull();
  });

  it('unassigning an account without a TAM is refused', () => {
    spec
      .given(
        adaAssigned,
        new TamUnassigned({ accountId: 'acc-1', tamId: 'tam-ada', reason: null, at: '2026-04-01T00:00:00.000Z' }),
      )
      .when((a) => a.unassign({ at: at('2026-05-01T00:00:00Z') }))
      .thenThrows(NoTamAssigned);
  });

  it("the TAM's working hours are adjusted", () => {
    const wider = { ...easternHours, weekly: { ...easternHours.weekly, sat: [{ from: '10:00', to: '14:00' }] } };
    const assignment = spec
      .given(adaAssigned)
      .when((a) => a.adjustWorkingHours({ workingHours: wider, at: at('2026-02-01T00:00:00Z') }))
      .then(
        new TamWorkingHoursAdjusted({
          accountId: 'acc-1',
          tamId: 'tam-ada',
          workingHours: wider,
          at: '2026-02-01T00:00:00.000Z',
        }),
      );
    expect(assignment.currentTam?.workingHours).toEqual(wider);
  });

  it('working hours of an account without a TAM cannot be adjusted', () => {
    spec
      .given()
      .when((a) => a.adjustWorkingHours({ workingHours: easternHours, at: at('2026-02-01T00:00:00Z') }))
      .thenThrows(NoTamAssigned);
  });

  it('an escalation to the TAM resolves to whoever held the assignment at that instant', () => {
    const assignment = TAMAssignment.fromHistory([
      adaAssigned,
      new TamReassigned({
        accountId: 'acc-1',
        previousTamId: 'tam-ada',
        tam: bob,
        reason: null,
        at: '2026-03-01T00:00:00.000Z',
      }),
      new TamUnassigned({ accountId: 'acc-1', tamId: 'tam-bob', reason: null, at: '2026-04-01T00:00:00.000Z' }),
    ]);
    expect(assignment.tamAt(at('2025-12-31T00:00:00Z'))).toBeNull();
    expect(assignment.tamAt(at('2026-02-15T00:00:00Z'))?.id).toBe('tam-ada');
    expect(assignment.tamAt(at('2026-03-01T00:00:00Z'))?.id).toBe('tam-bob');
    expect(assignment.tamAt(at('2026-04-01T00:00:00Z'))).toBeNull();
  });
});
