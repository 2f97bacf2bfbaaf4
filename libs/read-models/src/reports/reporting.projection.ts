/**
 * The reporting read model: `report_cases` (one row per case, for the backlog and the entitlements),
 * `report_sla_clocks` (one row per SLA clock with how it was decided and the time it used),
 * `report_activity` (what agents did, for the per-agent report) and `report_contracts` (a contract's
 * plans, contacts and counted allowances, for the entitlements report).
 *
 * The clocks are folded with the domain's own functions (`startedClock`, `pausedClock`, …) and their
 * time is measured with `viewOfClock`, the evaluation the case itself answers with, so a report never
 * disagrees with the case's clocks: same calendar, same pauses, same instants.
 */
import {
  alertInstants,
  type CaseOpenedData,
  type ClockOutcome,
  pausedClock,
  resumedClock,
  type SlaClock,
  type SlaClockStartedData,
  startedClock,
  stoppedClock,
  viewOfClock,
  fromIsoInstant,
} from '@caseledger/domain';
import { createHash } from 'node:crypto';
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import { CaseDocumentProjection, CaseEventHandler, Column, upsertRows } from '../runner/case-document-projection';
import {
  AGENT_DAY_GROUPS,
  AGENT_DAYS,
  agentClockShares,
  CLOCK_DAY_GROUPS,
  CLOCK_DAYS,
  CLOCK_VALUE_GROUPS,
  CLOCK_VALUE_TYPES,
  CLOCK_VALUES,
  clockDayShares,
  ClockValues,
  clockValues,
} from './clock-days';
import { DayCountChanges, DayShare, migrateDayCounts, utcDay, writeDayCounts } from './day-counts';
import { foldContractEntitlements, migrateContractEntitlements } from './contract-entitlements';

/**
 * How a clock was decided. `superseded`: stopped by a reclassification before it breached (a new clock
 * took over); `ended`: stopped by the resolution before it was due (a first response never owed any more).
 */
export type ReportOutcome = 'running' | 'met' | 'breached' | 'superseded' | 'ended';

interface ReportClock {
  clock: SlaClock;
  priority: string;
  criticality: string;
  /** The agent holding the case when the clock was decided (or now, while it runs). */
  assigneeId: string | null;
  /** The agent whose action stopped the clock (the response, the workaround), if an agent's. */
  decidedBy: string | null;
  breachRecordedAt: string | null;
  dirty: boolean;
  /** What the clock last added to `report_clock_days` and `report_agent_days`, taken back when it changes. */
  dayShares?: DayShare[];
  agentShares?: { agentId: string; shares: DayShare[] };
  /** What the clock last added to `report_clock_values`. */
  values?: ClockValues;
}

export type ActivityKind = 'assigned' | 'firstResponse' | 'resolved' | 'escalated';

interface Activity {
  seq: number;
  agentId: string;
  kind: ActivityKind;
  at: string;
  businessMs: number | null;
}

export type CaseStatus = 'open' | 'awaitingCustomer' | 'resolutionProposed' | 'resolved' | 'closed';

interface ReportCaseDoc {
  caseId: string;
  accountId: string;
  contractId: string;
  planId: string;
  channel: string;
  category: string;
  contactId: string;
  serviceZone: string;
  calendar: unknown;
  priority: string;
  criticality: string;
  status: CaseStatus;
  /** Whose move it is is the customer's: information requested, or the vendor's resolution proposal open. */
  awaitingCustomer: boolean;
  receivedAt: string;
  openedAt: string;
  resolvedAt: string | null;
  assigneeId: string | null;
  /** The agent of the last agent action, which the clock events of the same command follow. */
  lastAgent: string | null;
  hotlineCalls: number;
  /** The clocks not stopped yet, and those stopped in the batch being written; a stopped clock lives on in its row. */
  clocks: Record<string, ReportClock>;
  activitySeq: number;
  pendingActivity: Activity[];
}

const CASE_COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'contract_id', type: 'text' },
  { name: 'plan_id', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'contact_id', type: 'text' },
  { name: 'service_zone', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'criticality', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'open', type: 'boolean' },
  { name: 'awaiting_customer', type: 'boolean' },
  { name: 'received_at', type: 'timestamptz' },
  { name: 'resolved_at', type: 'timestamptz' },
  { name: 'assignee_id', type: 'text' },
  { name: 'hotline_calls', type: 'integer' },
  { name: 'calendar', type: 'jsonb' },
  { name: 'calendar_key', type: 'text' },
  { name: 'doc', type: 'jsonb' },
];

const CLOCK_COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'clock_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'contract_id', type: 'text' },
  { name: 'plan_id', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'criticality', type: 'text' },
  { name: 'metric', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'service_zone', type: 'text' },
  { name: 'assignee_id', type: 'text' },
  { name: 'decided_by', type: 'text' },
  { name: 'phase', type: 'text' },
  { name: 'target_unit', type: 'text' },
  { name: 'target_ms', type: 'bigint' },
  { name: 'started_at', type: 'timestamptz' },
  { name: 'due_at', type: 'timestamptz' },
  { name: 'outcome', type: 'text' },
  { name: 'decided_at', type: 'timestamptz' },
  { name: 'business_ms', type: 'bigint' },
  { name: 'elapsed_ms', type: 'bigint' },
  { name: 'breach_ms', type: 'bigint' },
];

const ACTIVITY_COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'seq', type: 'integer' },
  { name: 'account_id', type: 'text' },
  { name: 'agent_id', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'at', type: 'timestamptz' },
  { name: 'business_ms', type: 'bigint' },
];

type ClockData = { caseId: string; clockId: string; at: string };

/**
 * Cases share a handful of calendars: the backlog ages thousands of open cases by fetching each distinct
 * calendar once, by this key, instead of one copy per case.
 */
export function calendarKey(calendar: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify(calendar ?? null))
    .digest('base64url');
}

function change<T>(fn: (doc: ReportCaseDoc, data: T) => void): CaseEventHandler<ReportCaseDoc> {
  return (doc, event: RecordedEvent<T>) => {
    if (!doc) return undefined;
    fn(doc, event.data);
    return doc;
  };
}

function onClock<T extends ClockData>(
  fn: (entry: ReportClock, data: T, doc: ReportCaseDoc) => void,
): CaseEventHandler<ReportCaseDoc> {
  return (doc, event: RecordedEvent<T>) => {
    const entry = doc?.clocks[event.data.clockId];
    if (!doc || !entry) return undefined;
    fn(entry, event.data, doc);
    entry.dirty = true;
    return doc;
  };
}

function record(
  doc: ReportCaseDoc,
  agentId: string | null,
  kind: ActivityKind,
  at: string,
  businessMs: number | null = null,
): void {
  if (agentId === null) return;
  doc.activitySeq += 1;
  doc.pendingActivity.push({ seq: doc.activitySeq, agentId, kind, at, businessMs });
}

const agentActed = (fn?: (doc: ReportCaseDoc, data: { agentId: string; at: string }) => void) =>
  change((doc, d: { agentId: string; at: string }) => {
    doc.lastAgent = d.agentId;
    fn?.(doc, d);
  });

/** Running time between the clock's transitions, up to `untilMs`: elapsed time with the pauses left out. */
function runningMs(clock: SlaClock, untilMs: number): number {
  let total = 0;
  let since: number | null = null;
  for (const t of clock.transitions) {
    const ms = Math.min(Date.parse(t.at), untilMs);
    if (t.kind === 'start' || t.kind === 'resume') since = ms;
    else if (since !== null) {
      total += ms - since;
      since = null;
    }
  }
  if (since !== null) total += Math.max(0, untilMs - since);
  return total;
}

export interface ClockFigures {
  outcome: ReportOutcome;
  decidedAt: string | null;
  businessMs: number | null;
  elapsedMs: number | null;
  breachMs: number | null;
}

/** How a clock stands after its events so far; the time figures are final only once it stopped. */
export function clockFigures(entry: Pick<ReportClock, 'clock' | 'breachRecordedAt'>): ClockFigures {
  const { clock } = entry;
  if (clock.phase !== 'stopped' || clock.stoppedAt === null) {
    // A clock paused after passing its due instant breached then, recorded or not; a running one is
    // judged against `now` when the report is read.
    const breachAt = entry.breachRecordedAt ?? (clock.phase === 'paused' ? alertInstants(clock).breachAt : null);
    return {
      outcome: breachAt !== null ? 'breached' : 'running',
      decidedAt: breachAt,
      businessMs: null,
      elapsedMs: null,
      breachMs: null,
    };
  }
  const view = viewOfClock(clock, fromIsoInstant(clock.stoppedAt));
  const targetMs = clock.target.minutes * 60_000;
  const breached = view.status === 'breached';
  const outcomes: Record<ClockOutcome, ReportOutcome> = {
    met: 'met',
    breached: 'breached',
    reclassified: 'superseded',
    resolved: 'ended',
  };
  const outcome = breached ? 'breached' : outcomes[clock.outcome ?? 'met'];
  return {
    outcome,
    // A breach is decided when the clock ran past its due instant, whenever the clock stopped.
    decidedAt: breached ? (view.dueAt ?? clock.stoppedAt) : clock.stoppedAt,
    businessMs: view.usedMs,
    elapsedMs: runningMs(clock, Date.parse(clock.stoppedAt)),
    breachMs: breached ? Math.max(0, view.usedMs - targetMs) : 0,
  };
}

export class ReportingProjection extends CaseDocumentProjection<ReportCaseDoc> {
  protected readonly docTable = 'report_cases';
  readonly name = 'reports';
  readonly version = 4;
  readonly tables = [
    'report_activity',
    'report_sla_clocks',
    'report_clock_days',
    'report_clock_days_by_month',
    'report_clock_values',
    'report_clock_values_by_month',
    'report_agent_days',
    'report_agent_days_by_month',
    'report_cases',
    'report_contracts',
  ];

  override async handle(events: readonly RecordedEvent[], tx: SqlQueryable): Promise<void> {
    await super.handle(events, tx);
    await foldContractEntitlements(events, tx);
  }

  protected readonly handlers: Record<string, CaseEventHandler<ReportCaseDoc>> = {
    CaseOpened: (_doc, event: RecordedEvent<CaseOpenedData>) => {
      const d = event.data;
      return {
        caseId: d.caseId,
        accountId: d.accountId,
        contractId: d.contractId,
        planId: d.terms.planId,
        channel: d.channel,
        category: d.category,
        contactId: d.contactId,
        serviceZone: d.terms.calendar?.timeZone ?? 'UTC',
        calendar: d.terms.calendar ?? null,
        priority: d.priority,
        criticality: d.criticality,
        status: 'open',
        awaitingCustomer: false,
        receivedAt: d.receivedAt,
        openedAt: d.openedAt,
        resolvedAt: null,
        assigneeId: null,
        lastAgent: null,
        hotlineCalls: 0,
        clocks: {},
        activitySeq: 0,
        pendingActivity: [],
      };
    },
    HotlineCallLogged: change((doc) => (doc.hotlineCalls += 1)),
    CaseAssigned: change((doc, d: { agentId: string; at: string }) => {
      doc.assigneeId = d.agentId;
      for (const entry of Object.values(doc.clocks))
        if (entry.clock.phase !== 'stopped' && entry.breachRecordedAt === null) {
          entry.assigneeId = d.agentId;
          entry.dirty = true;
        }
      record(doc, d.agentId, 'assigned', d.at);
    }),
    CaseReclassified: change((doc, d: { to: { priority: string; criticality: string } }) => {
      doc.priority = d.to.priority;
      doc.criticality = d.to.criticality;
    }),
    CaseResponded: agentActed(),
    CallbackLogged: agentActed(),
    ProgressUpdateGiven: agentActed(),
    WorkaroundProvided: agentActed(),
    InformationRequested: agentActed((doc) => {
      doc.status = 'awaitingCustomer';
      doc.awaitingCustomer = true;
    }),
    InformationProvided: change((doc) => {
      doc.status = 'open';
      doc.awaitingCustomer = false;
      doc.lastAgent = null;
    }),
    ResolutionProposed: change((doc, d: { by: string; actorId: string }) => {
      doc.status = 'resolutionProposed';
      doc.awaitingCustomer = d.by !== 'customer';
      doc.lastAgent = d.by === 'customer' ? null : d.actorId;
    }),
    ResolutionRejected: change((doc) => {
      doc.status = 'open';
      doc.awaitingCustomer = false;
    }),
    CaseMutuallyResolved: change((doc, d: { at: string }) => {
      doc.status = 'resolved';
      doc.awaitingCustomer = false;
      doc.resolvedAt = d.at;
      record(doc, doc.assigneeId, 'resolved', d.at);
    }),
    CaseReopened: change((doc) => {
      doc.status = 'open';
      doc.awaitingCustomer = false;
      doc.resolvedAt = null;
    }),
    CaseClosed: change((doc) => {
      doc.status = 'closed';
      doc.awaitingCustomer = false;
    }),
    CaseEscalated: change((doc, d: { at: string }) => record(doc, doc.assigneeId, 'escalated', d.at)),
    SlaClockStarted: (doc, event: RecordedEvent<SlaClockStartedData>) => {
      if (!doc) return undefined;
      doc.clocks[event.data.clockId] = {
        clock: startedClock(event.data),
        priority: doc.priority,
        criticality: doc.criticality,
        assigneeId: doc.assigneeId,
        decidedBy: null,
        breachRecordedAt: null,
        dirty: true,
      };
      return doc;
    },
    SlaClockPaused: onClock((entry, d) => (entry.clock = pausedClock(entry.clock, d.at))),
    SlaClockResumed: onClock(
      (entry, d: ClockData & { dueAt: string; warningAt: string }) => (entry.clock = resumedClock(entry.clock, d)),
    ),
    SlaBreached: onClock((entry, d) => {
      entry.breachRecordedAt ??= d.at;
    }),
    SlaClockStopped: onClock((entry, d: ClockData & { outcome: ClockOutcome }, doc) => {
      entry.clock = stoppedClock(entry.clock, d);
      if (entry.breachRecordedAt === null) entry.assigneeId = doc.assigneeId;
      if (d.outcome === 'met' || d.outcome === 'breached') entry.decidedBy = doc.lastAgent;
      if (entry.clock.metric === 'firstResponse' && (d.outcome === 'met' || d.outcome === 'breached')) {
        record(doc, doc.lastAgent, 'firstResponse', d.at, clockFigures(entry).businessMs);
      }
    }),
  };

  async migrate(sql: SqlQueryable): Promise<void> {
    await sql.query(`create table if not exists report_cases (
        case_id text primary key,
        account_id text not null,
        contract_id text not null,
        plan_id text not null,
        channel text not null,
        category text not null,
        contact_id text not null,
        service_zone text not null,
        priority text not null,
        criticality text not null,
        status text not null,
        open boolean not null,
        awaiting_customer boolean not null,
        received_at timestamptz not null,
        resolved_at timestamptz,
        assignee_id text,
        hotline_calls integer not null,
        calendar jsonb,
        calendar_key text not null,
        doc jsonb not null
      )`);
    // The backlog reads the open cases from this index alone (an index-only scan, no wide rows with their documents).
    await sql.query(
      `create index if not exists report_cases_open_backlog on report_cases (calendar_key, priority, status, awaiting_customer, received_at) include (account_id) where open`,
    );
    await sql.query(
      `create index if not exists report_cases_open_oldest on report_cases (priority, received_at, case_id) where open`,
    );
    await sql.query(`create index if not exists report_cases_contract on report_cases (contract_id, received_at)`);
    await sql.query(`create table if not exists report_sla_clocks (
        case_id text not null,
        clock_id text not null,
        account_id text not null,
        contract_id text not null,
        plan_id text not null,
        priority text not null,
        criticality text not null,
        metric text not null,
        channel text not null,
        service_zone text not null,
        assignee_id text,
        decided_by text,
        phase text not null,
        target_unit text not null,
        target_ms bigint not null,
        started_at timestamptz not null,
        due_at timestamptz not null,
        outcome text not null,
        decided_at timestamptz,
        business_ms bigint,
        elapsed_ms bigint,
        breach_ms bigint,
        primary key (case_id, clock_id)
      )`);
    await sql.query(`create index if not exists report_sla_clocks_decided on report_sla_clocks (decided_at)`);
    await sql.query(`create index if not exists report_sla_clocks_started on report_sla_clocks (started_at)`);
    await sql.query(
      `create index if not exists report_sla_clocks_undecided on report_sla_clocks (due_at) where decided_at is null`,
    );
    await sql.query(`create table if not exists report_activity (
        case_id text not null,
        seq integer not null,
        account_id text not null,
        agent_id text not null,
        kind text not null,
        at timestamptz not null,
        business_ms bigint,
        primary key (case_id, seq)
      )`);
    await sql.query(`create index if not exists report_activity_at on report_activity (at)`);
    await sql.query(
      `create index if not exists report_activity_first_responses on report_activity (at) include (agent_id, account_id, business_ms) where kind = 'firstResponse'`,
    );
    await migrateDayCounts(sql, CLOCK_DAYS, CLOCK_DAY_GROUPS);
    await migrateDayCounts(sql, AGENT_DAYS, AGENT_DAY_GROUPS);
    await migrateDayCounts(sql, CLOCK_VALUES, CLOCK_VALUE_GROUPS, CLOCK_VALUE_TYPES);
    await migrateContractEntitlements(sql);
  }

  protected async save(tx: SqlQueryable, docs: readonly ReportCaseDoc[]): Promise<void> {
    const clockRows: Record<string, unknown>[] = [];
    const activityRows: Record<string, unknown>[] = [];
    const days = new DayCountChanges(CLOCK_DAYS, CLOCK_DAY_GROUPS);
    const agentDays = new DayCountChanges(AGENT_DAYS, AGENT_DAY_GROUPS);
    const values = new DayCountChanges(CLOCK_VALUES, CLOCK_VALUE_GROUPS, CLOCK_VALUE_TYPES);
    const addValues = (group: Record<string, string>, v: ClockValues | undefined, sign: 1 | -1) => {
      if (v === undefined) return;
      values.add({ ...group, value_ms: v.businessMs }, [{ kind: 'business', day: v.day, breachMs: 0 }], sign);
      values.add({ ...group, value_ms: v.elapsedMs }, [{ kind: 'elapsed', day: v.day, breachMs: 0 }], sign);
    };
    for (const doc of docs) {
      for (const [clockId, entry] of Object.entries(doc.clocks)) {
        if (!entry.dirty) continue;
        entry.dirty = false;
        const { clock } = entry;
        // A stopped clock's figures are final (no event moves a stopped clock): its row is written now
        // and the document lets go of it, so a case's document carries only its live clocks.
        if (clock.phase === 'stopped') delete doc.clocks[clockId];
        const figures = clockFigures(entry);
        const group = {
          account_id: doc.accountId,
          plan_id: clock.planId,
          priority: entry.priority,
          criticality: entry.criticality,
          metric: clock.metric,
          channel: doc.channel,
        };
        const shares = clockDayShares({
          started_at: clock.startedAt,
          decided_at: figures.decidedAt,
          outcome: figures.outcome,
          phase: clock.phase,
          due_at: clock.dueAt,
          breach_ms: figures.breachMs,
        });
        days.add(group, entry.dayShares, -1);
        days.add(group, shares, 1);
        entry.dayShares = shares;
        const measured = clockValues({
          phase: clock.phase,
          outcome: figures.outcome,
          decided_at: figures.decidedAt,
          business_ms: figures.businessMs,
          elapsed_ms: figures.elapsedMs,
        });
        addValues(group, entry.values, -1);
        addValues(group, measured, 1);
        entry.values = measured;
        const held = {
          decided_at: figures.decidedAt,
          outcome: figures.outcome,
          phase: clock.phase,
          due_at: clock.dueAt,
        };
        const agentShares = entry.assigneeId === null ? [] : agentClockShares(held);
        if (entry.agentShares)
          agentDays.add(
            { account_id: doc.accountId, agent_id: entry.agentShares.agentId },
            entry.agentShares.shares,
            -1,
          );
        if (entry.assigneeId !== null)
          agentDays.add({ account_id: doc.accountId, agent_id: entry.assigneeId }, agentShares, 1);
        entry.agentShares = entry.assigneeId === null ? undefined : { agentId: entry.assigneeId, shares: agentShares };
        clockRows.push({
          case_id: doc.caseId,
          clock_id: clock.clockId,
          account_id: doc.accountId,
          contract_id: doc.contractId,
          plan_id: clock.planId,
          priority: entry.priority,
          criticality: entry.criticality,
          metric: clock.metric,
          channel: doc.channel,
          service_zone: doc.serviceZone,
          assignee_id: entry.assigneeId,
          decided_by: entry.decidedBy,
          phase: clock.phase,
          target_unit: clock.target.unit,
          target_ms: clock.target.minutes * 60_000,
          started_at: clock.startedAt,
          due_at: clock.dueAt,
          outcome: figures.outcome,
          decided_at: figures.decidedAt,
          business_ms: figures.businessMs,
          elapsed_ms: figures.elapsedMs,
          breach_ms: figures.breachMs,
        });
      }
      for (const a of doc.pendingActivity) {
        agentDays.add(
          { account_id: doc.accountId, agent_id: a.agentId },
          [{ kind: a.kind, day: utcDay(a.at), breachMs: 0 }],
          1,
        );
        activityRows.push({
          case_id: doc.caseId,
          seq: a.seq,
          account_id: doc.accountId,
          agent_id: a.agentId,
          kind: a.kind,
          at: a.at,
          business_ms: a.businessMs,
        });
      }
      doc.pendingActivity = [];
    }
    await upsertRows(
      tx,
      'report_cases',
      CASE_COLUMNS,
      ['case_id'],
      docs.map((doc) => ({
        case_id: doc.caseId,
        account_id: doc.accountId,
        contract_id: doc.contractId,
        plan_id: doc.planId,
        channel: doc.channel,
        category: doc.category,
        contact_id: doc.contactId,
        service_zone: doc.serviceZone,
        priority: doc.priority,
        criticality: doc.criticality,
        status: doc.status,
        open: doc.status !== 'resolved' && doc.status !== 'closed',
        awaiting_customer: doc.awaitingCustomer,
        received_at: doc.receivedAt,
        resolved_at: doc.resolvedAt,
        assignee_id: doc.assigneeId,
        hotline_calls: doc.hotlineCalls,
        calendar: doc.calendar,
        calendar_key: calendarKey(doc.calendar),
        doc,
      })),
    );
    await upsertRows(tx, 'report_sla_clocks', CLOCK_COLUMNS, ['case_id', 'clock_id'], clockRows);
    await upsertRows(tx, 'report_activity', ACTIVITY_COLUMNS, ['case_id', 'seq'], activityRows, 'nothing');
    await writeDayCounts(tx, [days, agentDays, values]);
  }
}
