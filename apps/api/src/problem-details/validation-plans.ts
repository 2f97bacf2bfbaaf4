/**
 * class-validator's own algorithm for the options of the validation pipe, run from a plan made once
 * per class instead of from its metadata storage on every call.
 *
 * class-validator's `validate()` asks the storage for a class's rules on every object it visits: the
 * storage filters every rule of the class and walks every class it knows for ancestors, then groups
 * the rules by property; every property then gets an error object whether it fails or not, and a
 * promise ends each call. On a write that was about 6 % of the request's CPU, most of it repeated
 * work. The plan keeps the storage's answer (`getTargetValidationMetadatas`, `groupByPropertyName`,
 * `getTargetValidatorConstraints`, all public) per class, and the walk below does what
 * `ValidationExecutor` does, step for step, with the same constraint instances and messages, so the
 * errors are the same objects in the same order (validation-plans.spec.ts compares them
 * for every request DTO of the API over generated bodies).
 *
 * What the walk does not handle it hands back (`undefined`), and the caller asks class-validator:
 * asynchronous constraints, promise-valued properties, a binary value where a nested object is
 * validated (Nest's pipe answers those itself), and objects whose constructor is not a function.
 *
 * A plan is made on a class's first validation; rules are decorators, added when a class is
 * defined, so a class's rules do not change after it has been validated.
 */
import {
  getMetadataStorage,
  ValidationError,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorOptions,
} from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Rule = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type Constraint = ReturnType<Storage['getTargetValidatorConstraints']>[number];
type Grouped = Record<string, Rule[]>;

/** The options this walk implements; the pipe validates with exactly these. */
export const PLANNED_VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const satisfies ValidatorOptions;

/** A constraint with the instance class-validator's container gives for it (the API sets no container of its own). */
interface ConstraintUse {
  constraint: Constraint;
  instance: {
    validate(value: unknown, args: ValidationArguments): boolean | Promise<boolean>;
    defaultMessage?: unknown;
  };
}

interface CheckedRule {
  rule: Rule;
  constraints: ConstraintUse[];
}

/** The rules of one property, or of the items of a nested array, Set or Map. */
interface RulesPlan {
  defined: CheckedRule[];
  conditions: Rule[];
  custom: CheckedRule[];
  nested: Rule[];
  /** The rules class-validator maps contexts from (all but isDefined and whitelist), when any has one. */
  withContext: CheckedRule[] | undefined;
  definedWithContext: CheckedRule[] | undefined;
  /** What the items of a nested array, Set or Map are validated with. */
  items: RulesPlan | undefined;
}

interface PropertyPlan extends RulesPlan {
  name: string;
}

interface ClassPlan {
  empty: boolean;
  /** The storage's own grouping, kept as it is: the whitelist looks names up in this very object. */
  grouped: Grouped;
  properties: PropertyPlan[];
  /** A rule this walk leaves to class-validator (asynchronous, or on a promise). */
  handBack: boolean;
}

/** Thrown inside the walk to hand the whole validation back to class-validator. */
const HAND_BACK = new Error('left to class-validator');

const storage = getMetadataStorage();
/** What class-validator keys its rules by: a class (typed as the storage types it). */
type Target = Parameters<Storage['getTargetValidationMetadatas']>[0];

const plans = new Map<Target, ClassPlan>();

function checked(rule: Rule): CheckedRule {
  const constraints = storage.getTargetValidatorConstraints(rule.constraintCls);
  return {
    rule,
    constraints: constraints.map((constraint) => ({
      constraint,
      instance: constraint.instance,
    })),
  };
}

function planFor(target: Target): ClassPlan {
  let plan = plans.get(target);
  if (plan) return plan;
  // No schema, `always` and `strictGroups` off, no groups: what class-validator asks with these options.
  const rules = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
  const grouped: Grouped = storage.groupByPropertyName(rules);
  let handBack = false;
  const properties = Object.keys(grouped).map((name): PropertyPlan => {
    const all = grouped[name];
    const defined = all.filter((rule) => rule.type === ValidationTypes.IS_DEFINED).map(checked);
    const others = all.filter(
      (rule) => rule.type !== ValidationTypes.IS_DEFINED && rule.type !== ValidationTypes.WHITELIST,
    );
    if (others.some((rule) => rule.type === ValidationTypes.PROMISE_VALIDATION)) handBack = true;
    const custom = others.filter((rule) => rule.type === ValidationTypes.CUSTOM_VALIDATION).map(checked);
    if ([...defined, ...custom].some(({ constraints }) => constraints.some(({ constraint }) => constraint.async)))
      handBack = true;
    const nested = others.filter((rule) => rule.type === ValidationTypes.NESTED_VALIDATION);
    // class-validator validates each item with the property's nested rules and nothing else, nested
    // arrays included.
    let items: RulesPlan | undefined;
    if (nested.length) {
      items = {
        defined: [],
        conditions: [],
        custom: [],
        nested,
        withContext: nested.some((rule) => rule.context) ? nested.map(checked) : undefined,
        definedWithContext: undefined,
        items: undefined,
      };
      items.items = items;
    }
    return {
      name,
      defined,
      conditions: others.filter((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION),
      custom,
      nested,
      withContext: others.some((rule) => rule.context) ? others.map(checked) : undefined,
      definedWithContext: defined.some(({ rule }) => rule.context) ? defined : undefined,
      items,
    };
  });
  plan = { empty: rules.length === 0, grouped, properties, handBack };
  plans.set(target, plan);
  return plan;
}

function constraintToString(constraint: unknown): string {
  if (Array.isArray(constraint)) return constraint.join(', ');
  if (typeof constraint === 'symbol') return `${constraint.description}`;
  return `${constraint as string}`;
}

/** class-validator's `ValidationUtils.replaceMessageSpecialTokens`, which it does not export. */
function replaceTokens(message: unknown, args: ValidationArguments): string | undefined {
  let text: string | undefined;
  if (message instanceof Function) text = (message as (args: ValidationArguments) => string)(args);
  else if (typeof message === 'string') text = message;
  if (text && Array.isArray(args.constraints))
    args.constraints.forEach((constraint, index) => {
      text = text!.replace(new RegExp(`\\$constraint${index + 1}`, 'g'), constraintToString(constraint));
    });
  const value: unknown = args.value;
  if (text && value !== undefined && value !== null && ['string', 'boolean', 'number'].includes(typeof value))
    text = text.replace(/\$value/g, value as string);
  if (text) text = text.replace(/\$property/g, args.property);
  if (text) text = text.replace(/\$target/g, args.targetName);
  return text;
}

function targetNameOf(object: object): string {
  const constructor = (object as { constructor?: { name: string } }).constructor;
  return (constructor ? constructor.name : undefined) as string;
}

/** An object being validated, with its constructor's name read once rather than once per rule. */
interface Owner {
  object: object;
  targetName: string;
}

function ownerOf(object: object): Owner {
  return { object, targetName: targetNameOf(object) };
}

function argumentsFor(owner: Owner, value: unknown, rule: Rule): ValidationArguments {
  return {
    targetName: owner.targetName,
    property: rule.propertyName,
    object: owner.object,
    value,
    constraints: rule.constraints,
  };
}

function constraintType(rule: Rule, constraint: Constraint | undefined): string {
  return constraint && constraint.name ? constraint.name : rule.type;
}

function failure(owner: Owner, value: unknown, rule: Rule, use?: ConstraintUse): [string, string] {
  const args = argumentsFor(owner, value, rule);
  let message: unknown = rule.message || '';
  if (!rule.message) {
    const instance = use?.instance;
    if (instance && instance.defaultMessage instanceof Function)
      message = (instance.defaultMessage as (args: ValidationArguments) => string)(args);
  }
  return [constraintType(rule, use?.constraint), replaceTokens(message, args) as string];
}

function isPromiseLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

function isBinary(value: unknown): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/** What one property (or item) collects before it becomes a ValidationError, if it needs one. */
interface Found {
  constraints: Record<string, string> | undefined;
  contexts: Record<string, unknown> | undefined;
  children: ValidationError[];
}

function fail(found: Found, type: string, message: string): void {
  (found.constraints ??= {})[type] = message;
}

function customValidations(owner: Owner, value: unknown, rules: CheckedRule[], found: Found): void {
  for (const { rule, constraints } of rules) {
    if (rule.validateIf && !rule.validateIf(owner.object, value)) continue;
    for (const use of constraints) {
      const instance = use.instance;
      if (!rule.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
        const valid = instance.validate(value, argumentsFor(owner, value, rule));
        if (isPromiseLike(valid)) throw HAND_BACK;
        if (!valid) fail(found, ...failure(owner, value, rule, use));
        continue;
      }
      const args = argumentsFor(owner, value, rule);
      const items: unknown[] =
        value instanceof Map ? Array.from(value.values()) : Array.isArray(value) ? value : Array.from(value);
      const results = items.map((item) => instance.validate(item, args));
      if (results.some(isPromiseLike)) throw HAND_BACK;
      if (!(results as boolean[]).every(Boolean)) fail(found, ...failure(owner, value, rule, use));
    }
  }
}

function mapContexts(rules: CheckedRule[] | undefined, found: Found): void {
  if (!rules) return;
  for (const { rule, constraints } of rules) {
    if (!rule.context) continue;
    const type = constraintType(
      rule,
      rule.type === ValidationTypes.CUSTOM_VALIDATION ? constraints[0]?.constraint : undefined,
    );
    if (found.constraints?.[type]) {
      found.contexts ??= {};
      found.contexts[type] = Object.assign((found.contexts[type] as object) || {}, rule.context);
    }
  }
}

/** `ValidationExecutor.performValidations` followed by what `stripEmptyErrors` keeps of its error. */
function validateProperty(
  owner: Owner,
  value: unknown,
  name: string,
  property: RulesPlan,
  errors: ValidationError[],
): void {
  let canValidate = true;
  for (const rule of property.conditions) {
    const result = (rule.constraints[0] as (object: object, value: unknown) => boolean)(owner.object, value);
    canValidate = canValidate && result;
  }
  if (!canValidate) return;
  const found: Found = { constraints: undefined, contexts: undefined, children: [] };
  customValidations(owner, value, property.defined, found);
  mapContexts(property.definedWithContext, found);
  customValidations(owner, value, property.custom, found);
  if (value !== undefined) for (const rule of property.nested) validateNested(value, rule, property, found);
  mapContexts(property.withContext, found);
  if (!found.constraints && found.children.length === 0) return;
  const error = new ValidationError();
  error.property = name;
  error.children = found.children;
  if (found.constraints) error.constraints = found.constraints;
  if (found.contexts) error.contexts = found.contexts;
  errors.push(error);
}

function validateNested(value: unknown, rule: Rule, property: RulesPlan, found: Found): void {
  if (isBinary(value)) throw HAND_BACK;
  if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
    const items = value instanceof Set ? Array.from(value) : value;
    const item = property.items!;
    const owner = ownerOf(value);
    // A Map's forEach gives its keys as the second argument: class-validator names the items by them.
    (items as { forEach(visit: (item: unknown, key: { toString(): string }) => void): void }).forEach(
      (subValue, index) => validateProperty(owner, subValue, index.toString(), item, found.children),
    );
  } else if (value instanceof Object) {
    validateObject(value, found.children);
  } else {
    fail(found, ...failure(ownerOf(rule.target as object), value, rule));
  }
}

function validateObject(object: object, errors: ValidationError[]): void {
  const target = (object as { constructor?: unknown }).constructor;
  if (typeof target !== 'function') throw HAND_BACK;
  const plan = planFor(target);
  if (plan.handBack) throw HAND_BACK;
  if (plan.empty) {
    const error = new ValidationError();
    error.value = undefined;
    error.property = undefined as unknown as string;
    error.children = [];
    error.constraints = { unknownValue: 'an unknown value was passed to the validate function' };
    errors.push(error);
    return;
  }
  const grouped = plan.grouped;
  const owner: Owner = { object, targetName: target.name };
  for (const name of Object.keys(object)) {
    // The storage's grouping is a plain object: looked up the same way, so the same names pass.
    if (!grouped[name] || grouped[name].length === 0) {
      const error = new ValidationError();
      error.property = name;
      error.children = [];
      error.constraints = { [ValidationTypes.WHITELIST]: `property ${name} should not exist` };
      (error as { children?: ValidationError[] }).children = undefined;
      errors.push(error);
    }
  }
  for (const property of plan.properties) {
    const value = (object as Record<string, unknown>)[property.name];
    validateProperty(owner, value, property.name, property, errors);
  }
}

/**
 * The errors class-validator's `validate(object, PLANNED_VALIDATOR_OPTIONS)` resolves to, or
 * `undefined` when the object holds something this walk leaves to class-validator.
 */
export function validateByPlan(object: object): ValidationError[] | undefined {
  const errors: ValidationError[] = [];
  try {
    validateObject(object, errors);
  } catch (error) {
    if (error === HAND_BACK) return undefined;
    throw error;
  }
  return errors;
}
