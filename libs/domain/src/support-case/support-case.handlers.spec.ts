import { SupportCase, SupportCaseEventHandlers } from './support-case.aggregate';
import { CaseClosed, CaseReopened, SUPPORT_CASE_EVENT_TYPES } from './support-case.events';

type Handlers = Omit<SupportCaseEventHandlers, 'onCaseClosed'>;

// Type-checked by `npm run typecheck`: each line must stay an error, or the handler set is no longer checked.
// @ts-expect-error a handler set without onCaseClosed is not a SupportCaseEventHandlers
const missing: SupportCaseEventHandlers = {} as Handlers;
// @ts-expect-error onCaseClosed must take a CaseClosed
const mistyped: SupportCaseEventHandlers = {} as Handlers & { onCaseClosed: (event: CaseReopened) => void };
const complete: SupportCaseEventHandlers = {} as Handlers & { onCaseClosed: (event: CaseClosed) => void };

describe('SupportCase event handlers', () => {
  it('every registered event type has its on<Event> handler on the aggregate', () => {
    const unhandled = Object.keys(SUPPORT_CASE_EVENT_TYPES).filter(
      (type) => typeof (SupportCase.prototype as unknown as Record<string, unknown>)[`on${type}`] !== 'function',
    );
    expect(unhandled).toEqual([]);
    expect([missing, mistyped, complete]).toHaveLength(3);
  });
});
