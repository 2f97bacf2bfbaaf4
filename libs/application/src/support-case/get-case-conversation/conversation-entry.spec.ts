import { CaseAssigned, ResolutionRejected, SlaClockPaused, WorkaroundProvided } from '@caseledger/domain';
import { conversationEntryOf } from './conversation-entry';

const caseId = 'c-1';
const at = '2026-04-02T10:00:00Z';

describe('conversation entries', () => {
  it('makes an entry of what a person wrote, with the instant in UTC milliseconds', () => {
    expect(
      conversationEntryOf(new WorkaroundProvided({ caseId, agentId: 'kim', description: 'Use the web', at }), {
        id: 'key-1',
        role: 'agent',
      }),
    ).toEqual({
      kind: 'workaround',
      authorId: 'kim',
      role: 'agent',
      at: '2026-04-02T10:00:00.000Z',
      text: 'Use the web',
    });
  });

  it('names the acting key as the author when the event names nobody', () => {
    const rejected = new ResolutionRejected({ caseId, by: 'vendor', actorId: null, reason: 'premature', at });
    expect(conversationEntryOf(rejected, { id: 'key-7', role: 'admin' })).toMatchObject({
      kind: 'resolutionRejection',
      authorId: 'key-7',
      role: 'admin',
      text: 'premature',
    });
  });

  it('leaves clocks and assignments out of the thread', () => {
    expect(
      conversationEntryOf(new SlaClockPaused({ caseId, clockId: 'resolution-1', at, usedMs: 1 }), undefined),
    ).toBeNull();
    expect(
      conversationEntryOf(new CaseAssigned({ caseId, agentId: 'kim', previousAgentId: null, at }), undefined),
    ).toBeNull();
  });
});
