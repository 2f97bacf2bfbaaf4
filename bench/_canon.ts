import { canonicalJson } from '../libs/application/src/audit-chain';
import { caseHistory } from '../test/read-models/case-histories';
const objs: any[] = [];
for (let i = 0; objs.length < 100000; i++) for (const e of caseHistory(i, 42).events) objs.push(JSON.parse(JSON.stringify({ data: e.data, metadata: { ...e.metadata, correlationId: 'req-1', causationId: 'req-1', actor: { id: 'agent-1', role: 'agent' } }, revision: 3, stream: 'case-x', type: e.type })));
const SAFE = /^[A-Za-z0-9_$.:-]*$/;
function c2(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + c2(value[i]);
    return out + ']';
  }
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  // insertion sort: objects are small
  for (let i = 1; i < keys.length; i++) { const k = keys[i]; let j = i - 1; while (j >= 0 && keys[j] > k) { keys[j + 1] = keys[j]; j--; } keys[j + 1] = k; }
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = o[key];
    if (item === undefined) continue;
    out += (first ? '"' : ',"') + (SAFE.test(key) ? key : JSON.stringify(key).slice(1, -1)) + '":' + c2(item);
    first = false;
  }
  return out + '}';
}
for (let r = 0; r < 3; r++) {
  let t = process.hrtime.bigint();
  for (const o of objs) canonicalJson(o);
  console.log('c1', Number(process.hrtime.bigint() - t) / 1e6);
  t = process.hrtime.bigint();
  for (const o of objs) c2(o);
  console.log('c2', Number(process.hrtime.bigint() - t) / 1e6);
  t = process.hrtime.bigint();
  for (const o of objs) JSON.stringify(o);
  console.log('stringify', Number(process.hrtime.bigint() - t) / 1e6);
}
for (const o of objs) if (c2(o) !== canonicalJson(o)) throw new Error('differs');
