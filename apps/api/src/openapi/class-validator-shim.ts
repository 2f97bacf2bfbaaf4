/**
 * Writes what class-validator enforces into the OpenAPI metadata of the same classes, so the
 * document says exactly what the validation pipe refuses: enums, patterns, formats, lengths,
 * bounds and array sizes, on request bodies and query parameters alike.
 *
 * It reads class-validator's own metadata storage when the document is built, instead of the
 * @nestjs/swagger compiler plugin: under swc the plugin only runs in its read-only mode, which
 * skips @IsIn and every rule whose argument is a named constant (`@Matches(PERSON_ID)`,
 * `@IsIn(CHANNELS)`); see docs/adr/0009-openapi-from-class-validator.md.
 *
 * The rule wins over a hand-written @ApiProperty for the keywords it sets (the server enforces the
 * rule, not the prose); descriptions and examples stay as written. Rules of custom validators
 * (registerDecorator) cannot be translated and must be described in the property's description.
 */
import { ApiProperty } from '@nestjs/swagger';
import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  ARRAY_UNIQUE,
  getMetadataStorage,
  IS_BOOLEAN,
  IS_EMAIL,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_NOT_EMPTY,
  IS_NUMBER,
  IS_STRING,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
} from 'class-validator';

/** One class-validator rule as the storage holds it (the public type is not exported). */
interface Rule {
  name?: string;
  type: string;
  target: unknown;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

type Fragment = Record<string, unknown>;
/** A class class-validator holds rules for. */
type ValidatedClass = abstract new (...args: never[]) => unknown;

/** Schema keywords for one rule, or undefined for rules that say nothing a schema can express. */
function keywordsOf(rule: Rule): Fragment | undefined {
  const [first, second] = rule.constraints ?? [];
  switch (rule.name) {
    case IS_IN:
      return { enum: [...(first as unknown[])] };
    case MATCHES:
      return { pattern: first instanceof RegExp ? first.source : String(first) };
    case MAX_LENGTH:
      return { maxLength: first };
    case MIN_LENGTH:
      return { minLength: first };
    case IS_LENGTH:
      return { minLength: first, ...(second !== undefined && { maxLength: second }) };
    case IS_NOT_EMPTY:
      return { minLength: 1 };
    case MIN:
      return { minimum: first };
    case MAX:
      return { maximum: first };
    case IS_INT:
      return { type: 'integer' };
    case IS_NUMBER:
      return { type: 'number' };
    case IS_BOOLEAN:
      return { type: 'boolean' };
    case IS_STRING:
      return { type: 'string' };
    case IS_UUID:
      return { format: 'uuid' };
    case IS_EMAIL:
      return { format: 'email' };
    case IS_ISO8601:
      return { format: 'date-time' };
    case ARRAY_MIN_SIZE:
      return { minItems: first };
    case ARRAY_MAX_SIZE:
      return { maxItems: first };
    case ARRAY_UNIQUE:
      return { uniqueItems: true };
    default:
      return undefined;
  }
}

const SCALAR_TYPES: Record<string, unknown> = { string: String, integer: 'integer', number: Number, boolean: Boolean };

/**
 * The @ApiProperty options for one property's rules. Rules with `each` describe the items of an
 * array; `isNotEmpty` on a non-string (an object, a number) says nothing a schema keyword holds.
 */
export function propertyOptionsOf(rules: Rule[]): Fragment {
  const own: Fragment = {};
  const items: Fragment = {};
  for (const rule of rules) {
    const keywords = keywordsOf(rule);
    if (!keywords) continue;
    Object.assign(rule.each ? items : own, keywords);
  }
  const options: Fragment = { ...own };
  const isStringy = own.type === 'string' || 'pattern' in own || 'maxLength' in own || 'enum' in own;
  if (options.minLength === 1 && !isStringy && rules.every((r) => r.name !== MIN_LENGTH)) delete options.minLength;
  if (typeof options.type === 'string') options.type = SCALAR_TYPES[options.type];
  if (Object.keys(items).length > 0) {
    if ('enum' in items && Object.keys(items).length === 1) {
      // Nest turns `isArray` + `enum` into an array of enum items, for schemas and query parameters alike.
      Object.assign(options, { isArray: true, enum: items.enum, type: String });
    } else {
      const itemType = typeof items.type === 'string' ? items.type : 'string';
      Object.assign(options, { type: 'array', items: { ...items, type: itemType } });
    }
  }
  return options;
}

function rulesByClass(): Map<ValidatedClass, Map<string, Rule[]>> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas?: Map<unknown, Rule[]> };
  if (!(storage.validationMetadatas instanceof Map)) {
    throw new Error('class-validator metadata storage has an unknown shape; the OpenAPI shim needs updating');
  }
  const byClass = new Map<ValidatedClass, Map<string, Rule[]>>();
  for (const [target, rules] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    const byProperty = new Map<string, Rule[]>();
    for (const rule of rules) {
      if (rule.type !== 'customValidation') continue;
      byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    }
    byClass.set(target as ValidatedClass, byProperty);
  }
  return byClass;
}

/** The classes class-validator validates: request bodies and query objects. */
export function validatedClasses(): ValidatedClass[] {
  return [...rulesByClass().keys()];
}

/** Where @nestjs/swagger keeps a property's schema options (`DECORATORS.API_MODEL_PROPERTIES`). */
const PROPERTY_METADATA = 'swagger/apiModelProperties';

/**
 * The rules replace the items schema, but its example stays as written, as every example does; with
 * none written for the items, the first item of the array's own example illustrates them, so a
 * client (or a test) building one item has a valid value to start from.
 */
function withItemExample(items: Fragment, prototype: object, property: string): Fragment {
  const declared = Reflect.getMetadata(PROPERTY_METADATA, prototype, property) as Fragment | undefined;
  const declaredItems = declared?.items as Fragment | undefined;
  const example =
    declaredItems?.example ?? (Array.isArray(declared?.example) ? (declared.example as unknown[])[0] : undefined);
  return example === undefined ? items : { ...items, example };
}

/**
 * Applies every class's rules to its OpenAPI property metadata. Idempotent: running it before each
 * document build (every app a test starts) gives the same metadata.
 */
export function applyClassValidatorRules(): void {
  for (const [target, byProperty] of rulesByClass()) {
    for (const [property, rules] of byProperty) {
      const options = propertyOptionsOf(rules);
      if (Object.keys(options).length === 0) continue;
      if (options.items)
        options.items = withItemExample(options.items as Fragment, target.prototype as object, property);
      ApiProperty(options)(target.prototype as object, property);
    }
  }
}
