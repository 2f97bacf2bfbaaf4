import { AggregateRoot } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { validCalendar } from '../shared/calendar';
import { IsoInstant, toIsoInstant } from '../shared/instant';
import { AccountMismatch, NoTamAssigned, TamAlreadyAssigned, TamAlreadyHoldsAssignment } from './tam-assignment.errors';
import {
  TamAssigned,
  TamAssignmentEvent,
  TamProfile,
  TamReassigned,
  TamUnassigned,
  TamWorkingHoursAdjusted,
} from './tam-assignment.events';

interface Tenure {
  tam: TamProfile;
  from: IsoInstant;
  until: IsoInstant | null;
}

function checkedProfile(tam: TamProfile): TamProfile {
  return {
    id: tam.id,
    name: tam.name,
    phone: tam.phone,
    email: tam.email,
    workingHours: validCalendar(tam.workingHours, 'tam.workingHours'),
  };
}

/** Who is the Technical Account Manager of one account, and who was at any past instant. */
export class TAMAssignment extends AggregateRoot<TamAssignmentEvent> {
  private _accountId: string | null = null;
  private _tenures: Tenure[] = [];

  static fromHistory(events: readonly TamAssignmentEvent[]): TAMAssignment {
    const assignment = new TAMAssignment();
    assignment.loadFromHistory([...events]);
    return assignment;
  }

  protected override getEventName(event: TamAssignmentEvent): string {
    return event.type;
  }

  // ── commands ────────────────────────────────────────────────────────────

  assign(command: { accountId: string; tam: TamProfile; at: DateTime }): void {
    if (this._accountId !== null && this._accountId !== command.accountId)
      throw new AccountMismatch(this._accountId, command.accountId);
    const current = this.currentTam;
    if (current !== null) throw new TamAlreadyAssigned(command.accountId, current.id);
    this.apply(
      new TamAssigned({ accountId: command.accountId, tam: checkedProfile(command.tam), at: toIsoInstant(command.at) }),
    );
  }

  reassign(command: { tam: TamProfile; reason?: string; at: DateTime }): void {
    const current = this.requireCurrent();
    if (current.id === command.tam.id) throw new TamAlreadyHoldsAssignment(this.accountId, current.id);
    this.apply(
      new TamReassigned({
        accountId: this.accountId,
        previousTamId: current.id,
        tam: checkedProfile(command.tam),
        reason: command.reason ?? null,
        at: toIsoInstant(command.at),
      }),
    );
  }

  unassign(command: { reason?: string; at: DateTime }): void {
    const current = this.requireCurrent();
    this.apply(
      new TamUnassigned({
        accountId: this.accountId,
        tamId: current.id,
        reason: command.reason ?? null,
        at: toIsoInstant(command.at),
      }),
    );
  }

  adjustWorkingHours(command: { workingHours: TamProfile['workingHours']; at: DateTime }): void {
    const current = this.requireCurrent();
    this.apply(
      new TamWorkingHoursAdjusted({
        accountId: this.accountId,
        tamId: current.id,
        workingHours: validCalendar(command.workingHours, 'workingHours'),
        at: toIsoInstant(command.at),
      }),
    );
  }

  // ── queries ─────────────────────────────────────────────────────────────

  get accountId(): string {
    return this._accountId ?? '';
  }

  get currentTam(): TamProfile | null {
    const last = this._tenures[this._tenures.length - 1];
    return last !== undefined && last.until === null ? last.tam : null;
  }

  /** Whoever held the assignment at `t`: an escalation "to the TAM" goes to this person. */
  tamAt(t: DateTime): TamProfile | null {
    const ms = t.toMillis();
    const tenure = this._tenures.find(
      (x) => Date.parse(x.from) <= ms && (x.until === null || ms < Date.parse(x.until)),
    );
    return tenure?.tam ?? null;
  }

  // ── event handlers ──────────────────────────────────────────────────────

  onTamAssigned(event: TamAssigned): void {
    this._accountId = event.data.accountId;
    this._tenures = [...this._tenures, { tam: event.data.tam, from: event.data.at, until: null }];
  }

  onTamReassigned(event: TamReassigned): void {
    this.closeTenure(event.data.at);
    this._tenures = [...this._tenures, { tam: event.data.tam, from: event.data.at, until: null }];
  }

  onTamUnassigned(event: TamUnassigned): void {
    this.closeTenure(event.data.at);
  }

  onTamWorkingHoursAdjusted(event: TamWorkingHoursAdjusted): void {
    const last = this._tenures[this._tenures.length - 1];
    this._tenures = [
      ...this._tenures.slice(0, -1),
      { ...last, tam: { ...last.tam, workingHours: event.data.workingHours } },
    ];
  }

  private closeTenure(at: IsoInstant): void {
    const last = this._tenures[this._tenures.length - 1];
    this._tenures = [...this._tenures.slice(0, -1), { ...last, until: at }];
  }

  private requireCurrent(): TamProfile {
    const current = this.currentTam;
    if (current === null) throw new NoTamAssigned(this.accountId);
    return current;
  }
}
