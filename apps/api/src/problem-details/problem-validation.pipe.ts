/**
 * class-validator on every body and query, with unknown fields refused rather than dropped:
 * an integrator who misspells a field must hear about it, not have it silently ignored.
 */
import {
  ArgumentMetadata,
  HttpStatus,
  ValidationError,
  ValidationPipe,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { FieldProblem, ProblemException, problemType } from './problem-details';
import { PLANNED_VALIDATOR_OPTIONS, validateByPlan } from './validation-plans';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      problems.push({
        field,
        message: message.replace(/^property (\S+) should not exist$/, `${field} is not a known field`),
      });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

export function validationProblem(errors: FieldProblem[], where = 'request'): ProblemException {
  return new ProblemException({
    type: problemType('validation'),
    title: 'Request validation failed',
    status: HttpStatus.BAD_REQUEST,
    detail: `The ${where} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
    errors,
  });
}

function isEmptyObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
}

const OBJECT_PROTOTYPE = Object.prototype;
/** Bodies are limited in depth while parsing; this only bounds the walk for other callers. */
const MAX_PLAIN_DEPTH = 64;

/**
 * Whether the value is what a JSON body, a query or a path's parameters hold (plain objects, dense
 * arrays, strings, finite numbers, booleans and null), deleting on the way the keys Nest's pipe
 * deletes from every object (`__proto__`, `prototype`, `constructor`). For such a value Nest's own
 * steps before class-transformer do nothing else: there are no gaps to close in its arrays and no
 * binary values to look for.
 */
function isPlainData(value: unknown, depth: number): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type === 'string' || type === 'boolean') return true;
  if (type === 'number') return Number.isFinite(value);
  if (type !== 'object' || depth > MAX_PLAIN_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainData(value[i], depth + 1)) return false;
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== OBJECT_PROTOTYPE && prototype !== null) return false;
  const object = value as { [key: string]: unknown; constructor?: unknown };
  if (Object.hasOwn(object, '__proto__')) delete object['__proto__'];
  if (Object.hasOwn(object, 'prototype')) delete object.prototype;
  if (Object.hasOwn(object, 'constructor')) delete object.constructor;
  for (const key in object) if (!isPlainData(object[key], depth + 1)) return false;
  return true;
}

/**
 * The global pipe: class-transformer, then class-validator with unknown fields refused, answered as
 * problem+json.
 *
 * Bodies, queries and path parameters that are plain data (all of them, from the JSON parser and the
 * query-string parser) take a direct path: Nest's steps that matter for such a value (the prototype
 * keys deleted, class-transformer), then the validation by a plan made once per class
 * (validation-plans.ts), which gives class-validator's errors without asking its metadata storage
 * on every call. Anything else goes through Nest's ValidationPipe as before. Both give the same
 * instance and the same errors (validation-plans.spec.ts).
 *
 * Most reads send no query parameters at all, and whether an empty query satisfies a DTO class is a
 * property of the class: it is learnt on the first empty query of each class (through the full
 * validation), and later empty queries of that class only build the instance.
 */
class ProblemValidationPipe extends ValidationPipe {
  private readonly acceptsEmptyQuery = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (!metatype || !this.toValidate(metadata)) return super.transform(value, metadata);
    if (metadata.type === 'query' && isEmptyObject(value)) {
      if (this.acceptsEmptyQuery.has(metatype)) return plainToInstance(metatype, value, this.transformOptions);
      const transformed: unknown = await super.transform(value, metadata);
      this.acceptsEmptyQuery.add(metatype);
      return transformed;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainData(value, 0))
      return super.transform(value, metadata);
    const entity: unknown = plainToInstance(metatype, value, this.transformOptions);
    if (entity === null || typeof entity !== 'object' || entity.constructor !== metatype)
      return super.transform(value, metadata);
    const errors = validateByPlan(entity);
    // What the plan leaves to class-validator (and, for a binary value, to Nest's own check) takes Nest's path.
    if (!errors) return super.transform(value, metadata);
    if (errors.length > 0) throw await this.exceptionFactory(errors);
    return entity;
  }
}

export function problemValidationPipeOptions(): ValidationPipeOptions {
  return {
    ...PLANNED_VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  };
}

export function problemValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe(problemValidationPipeOptions());
}
