/**
 * One rule for every string a client sends, in bodies, queries and path parameters: no NUL and no
 * lone UTF-16 surrogate. PostgreSQL refuses both in text and jsonb, so they reached the store as a
 * 500; and no field of this API has a use for them. Runs before validation, so every DTO gets it
 * without repeating it per field.
 */
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { FieldProblem } from '../problem-details/problem-details';
import { validationProblem } from '../problem-details/problem-validation.pipe';

// NUL is matched on purpose: it is what this pipe refuses.
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Bodies are already limited in depth while parsing; this bound only keeps the walk itself finite. */
const MAX_WALK_DEPTH = 64;

function findBadText(value: unknown, field: string, problems: FieldProblem[], depth: number): void {
  if (typeof value === 'string') {
    if (NOT_TEXT.test(value))
      problems.push({
        field,
        message: `${field || 'the value'} must be text without NUL characters or unpaired surrogates`,
      });
    return;
  }
  if (depth >= MAX_WALK_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => findBadText(item, field ? `${field}.${i}` : String(i), problems, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value))
    findBadText(item, field ? `${field}.${key}` : key, problems, depth + 1);
}

@Injectable()
export class TextIntegrityPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const problems: FieldProblem[] = [];
    findBadText(value, metadata.data ?? '', problems, 0);
    if (problems.length > 0) throw validationProblem(problems, metadata.type === 'param' ? 'path' : metadata.type);
    return value;
  }
}
