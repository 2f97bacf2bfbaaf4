import type { FastifyReply } from 'fastify';
import { etagOf, setWriteHeaders } from './write-headers';

function recordingReply(): { reply: FastifyReply; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const reply = {
    header: (name: string, value: string) => {
      headers[name] = value;
      return reply;
    },
  } as unknown as FastifyReply;
  return { reply, headers };
}

describe('write headers', () => {
  it('answer the revision as a strong quoted ETag that If-Match accepts back', () => {
    expect(etagOf(7n)).toBe('"7"');
    expect(etagOf(0)).toBe('"0"');
  });

  it('set ETag, X-Position and Location for a creation', () => {
    const { reply, headers } = recordingReply();
    setWriteHeaders(reply, { revision: 0n, position: { commit: 1042n, prepare: 7n }, location: '/v1/cases/abc' });
    expect(headers).toEqual({ etag: '"0"', 'x-position': '1042-7', location: '/v1/cases/abc' });
  });

  it('leave Location out when nothing was created', () => {
    const { reply, headers } = recordingReply();
    setWriteHeaders(reply, { revision: '3', position: '12-12' });
    expect(headers).toEqual({ etag: '"3"', 'x-position': '12-12' });
  });
});
