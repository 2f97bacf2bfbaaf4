/**
 * `sla_clocks`: one row per SLA clock with its case's context, for the breach board. The case
 * context (contract, account, plan, priority, criticality, assignee) lives in `sla_clock_cases`
 * because clocks start, and assignments happen, in later events than the opening.
 */
import type { CaseOpenedData, ClockOutcome, SlaClockStartedData } from '@caseledger/domain';
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import { CaseDocumentProjection, CaseEventHandler, Column, upsertRows } from '../runner/case-document-projection';

/** running/paused while live; met, breached or stopped (reclassified, resolved) once it ends; breached as soon as the breach is recorded. */
export type ClockStatus = 'running' | 'paused' | 'met' | 'breached' | 'stopped';
export type ClockPhase = 'running' | 'paused' | 'stopped';

export interface SlaClockRow {
  caseId: string;
  clockId: string;
  contractId: string;
  accountId: string;
  planId: string;
  priority: string;
  criticality: string;
  assigneeId: string | null;
  metric: string;
  phase: ClockPhase;
  status: ClockStatus;
  startedAt: string;
  dueAt: string;
  warningAt: string;
  warnedAt: string | null;
  /** The breach instant: from SlaBreached, or the due instant of a clock stopped as breached. */
  breachedAt: string | null;
  pausedAt: string | null;
  stoppedAt: string | null;
  outcome: ClockOutcome | null;
  /** Why the escalation this clock's breach called for could not be made; null when made or not called for. */
  escalationNotPossible?: string | null;
}

interface SlaCaseDoc {
  caseId: string;
  contractId: string;
  accountId: string;
  planId: string;
  priority: string;
  criticality: string;
  assigneeId: string | null;
  clocks: Record<string, SlaClockRow>;
}

const COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'clock_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'contract_id', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'criticality', type: 'text' },
  { name: 'assignee_id', type: 'text' },
  { name: 'metric', type: 'text' },
  { name: 'phase', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'due_at', type: 'timestamptz' },
  { name: 'warning_at', type: 'timestamptz' },
  { name: 'breached_at', type: 'timestamptz' },
  { name: 'doc', type: 'jsonb' },
];

type ClockData = { caseId: string; clockId: string; at: string };

function onClock<T extends ClockData>(change: (clock: SlaClockRow, data: T) => void): CaseEventHandler<SlaCaseDoc> {
  return (doc, event: RecordedEvent<T>) => {
    const clock = doc?.clocks[event.data.clockId];
    if (!doc || !clock) return undefined;
    change(clock, event.data);
    return doc;
  };
}

/** Live clocks follow the case's class and assignee; ended ones keep what they ended with. */
function onCase<T>(change: (target: SlaCaseDoc | SlaClockRow, data: T) => void): CaseEventHandler<SlaCaseDoc> {
  return (doc, event: RecordedEvent<T>) => {
    if (!doc) return undefined;
    change(doc, event.data);
    for (const clock of Object.values(doc.clocks)) if (clock.phase !== 'stopped') change(clock, event.data);
    return doc;
  };
}

export class SlaClocksProjection extends CaseDocumentProjection<SlaCaseDoc> {
  protected readonly docTable = 'sla_clock_cases';
  readonly name = 'sla_clocks';
  // 2: rows carry escalationNotPossible. 3: the case document no longer keeps a copy of its clocks' rows.
  readonly version = 3;
  readonly tables = ['sla_clocks', 'sla_clock_cases'];

  protected readonly handlers: Record<string, CaseEventHandler<SlaCaseDoc>> = {
    CaseOpened: (_doc, event: RecordedEvent<CaseOpenedData>) => ({
      caseId: event.data.caseId,
      contractId: event.data.contractId,
      accountId: event.data.accountId,
      planId: event.data.terms.planId,
      priority: event.data.priority,
      criticality: event.data.criticality,
      assigneeId: null,
      clocks: {},
    }),
    CaseAssigned: onCase((target, d: { agentId: string }) => (target.assigneeId = d.agentId)),
    CaseReclassified: onCase((target, d: { to: { priority: string; criticality: string } }) => {
      target.priority = d.to.priority;
      target.criticality = d.to.criticality;
    }),
    SlaClockStarted: (doc, event: RecordedEvent<SlaClockStartedData>) => {
      if (!doc) return undefined;
      const d = event.data;
      doc.clocks[d.clockId] = {
        caseId: doc.caseId,
        clockId: d.clockId,
        contractId: doc.contractId,
        accountId: doc.accountId,
        planId: d.planId,
        priority: doc.priority,
        criticality: doc.criticality,
        assigneeId: doc.assigneeId,
        metric: d.metric,
        phase: 'running',
        status: 'running',
        startedAt: d.startedAt,
        dueAt: d.dueAt,
        warningAt: d.warningAt,
        warnedAt: null,
        breachedAt: null,
        pausedAt: null,
        stoppedAt: null,
        outcome: null,
        escalationNotPossible: null,
      };
      return doc;
    },
    SlaClockPaused: onClock((clock, d) => {
      clock.phase = 'paused';
      clock.pausedAt = d.at;
      if (clock.breachedAt === null) clock.status = 'paused';
    }),
    SlaClockResumed: onClock((clock, d: ClockData & { dueAt: string; warningAt: string }) => {
      clock.phase = 'running';
      clock.pausedAt = null;
      clock.dueAt = d.dueAt;
      clock.warningAt = d.warningAt;
      if (clock.breachedAt === null) clock.status = 'running';
    }),
    SlaWarningReached: onClock((clock, d) => (clock.warnedAt ??= d.at)),
    SlaBreached: onClock((clock, d) => {
      clock.breachedAt ??= d.at;
      clock.status = 'breached';
    }),
    EscalationNotPossible: onClock(
      (clock, d: ClockData & { reason: string }) => (clock.escalationNotPossible = d.reason),
    ),
    SlaClockStopped: onClock((clock, d: ClockData & { outcome: ClockOutcome }) => {
      clock.phase = 'stopped';
      clock.stoppedAt = d.at;
      clock.pausedAt = null;
      clock.outcome = d.outcome;
      if (d.outcome === 'breached') clock.breachedAt ??= clock.dueAt;
      clock.status = clock.breachedAt !== null ? 'breached' : d.outcome === 'met' ? 'met' : 'stopped';
    }),
  };

  async migrate(sql: SqlQueryable): Promise<void> {
    await sql.query(`create table if not exists sla_clock_cases (case_id text primary key, doc jsonb not null)`);
    await sql.query(`create table if not exists sla_clocks (
        case_id text not null,
        clock_id text not null,
        account_id text not null,
        contract_id text not null,
        priority text not null,
        criticality text not null,
        assignee_id text,
        metric text not null,
        phase text not null,
        status text not null,
        due_at timestamptz not null,
        warning_at timestamptz not null,
        breached_at timestamptz,
        doc jsonb not null,
        primary key (case_id, clock_id)
      )`);
    await sql.query(
      `create index if not exists sla_clocks_live_due on sla_clocks (due_at, case_id, clock_id) where phase <> 'stopped'`,
    );
    await sql.query(
      `create index if not exists sla_clocks_breached on sla_clocks (breached_at) where breached_at is not null`,
    );
  }

  /** The case's context from its document, its clocks from their own rows (each clock's state is kept once). */
  protected override async load(tx: SqlQueryable, caseIds: readonly string[]): Promise<Map<string, SlaCaseDoc>> {
    const docs = await super.load(tx, caseIds);
    if (docs.size === 0) return docs;
    const rows = await tx.query<{ doc: SlaClockRow }>(
      // An array, not a set from jsonb: the planner then probes the key's index for each case whatever its estimates.
      `select doc from sla_clocks where case_id = any ($1::text[])`,
      [[...docs.keys()]],
    );
    for (const doc of docs.values()) doc.clocks = {};
    for (const { doc: clock } of rows) {
      const doc = docs.get(clock.caseId);
      if (doc) doc.clocks[clock.clockId] = clock;
    }
    return docs;
  }

  protected async save(tx: SqlQueryable, docs: readonly SlaCaseDoc[]): Promise<void> {
    await upsertRows(
      tx,
      'sla_clock_cases',
      [
        { name: 'case_id', type: 'text' },
        { name: 'doc', type: 'jsonb' },
      ],
      ['case_id'],
      docs.map(({ clocks: _clocks, ...context }) => ({ case_id: context.caseId, doc: context })),
    );
    const clocks = docs.flatMap((doc) => Object.values(doc.clocks));
    await upsertRows(
      tx,
      'sla_clocks',
      COLUMNS,
      ['case_id', 'clock_id'],
      clocks.map((clock) => ({
        case_id: clock.caseId,
        clock_id: clock.clockId,
        account_id: clock.accountId,
        contract_id: clock.contractId,
        priority: clock.priority,
        criticality: clock.criticality,
        assignee_id: clock.assigneeId,
        metric: clock.metric,
        phase: clock.phase,
        status: clock.status,
        due_at: clock.dueAt,
        warning_at: clock.warningAt,
        breached_at: clock.breachedAt,
        doc: clock,
      })),
    );
  }
}
