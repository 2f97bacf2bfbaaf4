import { CaseCommandName, CASE_TRANSITIONS, checkTransition, isAllowed, LifecycleStatus } from './case-transitions';
import {
  CaseAlreadyClosed,
  CaseAlreadyOpened,
  CaseAlreadyResolved,
  CaseNotFound,
  CaseNotResolved,
  InvalidTransition,
} from './support-case.errors';

const STATUSES: LifecycleStatus[] = [
  'notOpened',
  'open',
  'awaitingCustomer',
  'resolutionProposed',
  'resolved',
  'closed',
];

/**
 * The lifecycle as a reader checks it against the contract wording, one row per command, columns in
 * STATUSES order: notOpened, open, awaitingCustomer, resolutionProposed, resolved, closed.
 */
const EXPECTED: Record<CaseCommandName, string> = {
  open: '✓ · · · · ·',
  openFromHotlineCall: '✓ · · · · ·',
  logHotlineCall: '· ✓ ✓ · · ·',
  logCallback: '· ✓ ✓ ✓ · ·',
  assign: '· ✓ ✓ ✓ · ·',
  respond: '· ✓ ✓ ✓ · ·',
  requestInformation: '· ✓ · · · ·',
  provideInformation: '· · ✓ · · ·',
  giveProgressUpdate: '· ✓ ✓ ✓ · ·',
  agreeUpdateCadence: '· ✓ ✓ ✓ · ·',
  reclassify: '· ✓ ✓ · · ·',
  escalate: '· ✓ ✓ ✓ · ·',
  provideWorkaround: '· ✓ ✓ ✓ · ·',
  proposeResolution: '· ✓ · · · ·',
  acceptResolution: '· · · ✓ · ·',
  rejectResolution: '· · · ✓ · ·',
  reopen: '· · · · ✓ ·',
  close: '· · · · ✓ ·',
  recordSlaWarning: '· ✓ ✓ ✓ ✓ ✓',
  recordSlaBreach: '· ✓ ✓ ✓ ✓ ✓',
};

const commands = Object.keys(CASE_TRANSITIONS) as CaseCommandName[];

function refusal(command: CaseCommandName, status: LifecycleStatus): unknown {
  try {
    checkTransition(command, status, 'case-1');
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('case transitions', () => {
  it('the table allows each command in exactly the statuses of the lifecycle', () => {
    const actual = Object.fromEntries(
      commands.map((command) => [command, STATUSES.map((s) => (isAllowed(command, s) ? '✓' : '·')).join(' ')]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('an allowed command passes the check, and every other pair is refused', () => {
    for (const command of commands)
      for (const status of STATUSES)
        expect([command, status, refusal(command, status) === undefined]).toEqual([
          command,
          status,
          isAllowed(command, status),
        ]);
  });

  it('opening a case that exists is refused as already opened, whatever its status', () => {
    for (const status of STATUSES.filter((s) => s !== 'notOpened')) {
      expect(refusal('open', status)).toBeInstanceOf(CaseAlreadyOpened);
      expect(refusal('openFromHotlineCall', status)).toBeInstanceOf(CaseAlreadyOpened);
    }
  });

  it('a command on a case never opened is a command on no case', () => {
    for (const command of commands.filter((c) => c !== 'open' && c !== 'openFromHotlineCall'))
      expect(refusal(command, 'notOpened')).toBeInstanceOf(CaseNotFound);
  });

  it('a closed case refuses every command with already closed, a resolved one with already resolved', () => {
    for (const command of commands.filter((c) => !isAllowed(c, 'closed') && !c.startsWith('open')))
      expect(refusal(command, 'closed')).toBeInstanceOf(CaseAlreadyClosed);
    for (const command of commands.filter((c) => !isAllowed(c, 'resolved') && !c.startsWith('open')))
      expect(refusal(command, 'resolved')).toBeInstanceOf(CaseAlreadyResolved);
  });

  it('closing a case that is not resolved says so', () => {
    for (const status of ['open', 'awaitingCustomer', 'resolutionProposed'] as const)
      expect(refusal('close', status)).toBeInstanceOf(CaseNotResolved);
  });

  it('a command refused in a worked case names the action and the statuses that allow it', () => {
    const error = refusal('requestInformation', 'awaitingCustomer');
    expect(error).toBeInstanceOf(InvalidTransition);
    expect((error as Error).message).toContain('request information on');
    expect((error as Error).message).toContain('allowed only when open');
    expect(refusal('logHotlineCall', 'resolutionProposed')).toBeInstanceOf(InvalidTransition);
  });
});
