/**
 * Every example in an OpenAPI 3.0 document, each checked against the schema it illustrates with
 * Ajv (JSON Schema draft-07 plus the formats of ajv-formats). OpenAPI 3.0's schema dialect differs
 * from JSON Schema in `nullable`, which Ajv takes only beside `type` and never adds to `enum`; the
 * document is rewritten into plain JSON Schema before it is compiled, and the examples are found in
 * the rewritten copy, so a new route's examples are checked without any list to edit.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

export interface ExampleCheck {
  /** JSON pointer of the example in the served document's shape. */
  where: string;
  errors: string[];
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenAPI 3.0 `nullable` as JSON Schema: `null` joins the type (and enum), or an anyOf when there is no type. */
function toJsonSchemaDialect(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchemaDialect);
  if (!isObject(node)) return node;
  const copy: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, toJsonSchemaDialect(v)]));
  if (copy.nullable !== true) return copy;
  const { nullable: _nullable, example, ...rest } = copy;
  if (typeof rest.type === 'string' && !rest.$ref && !rest.allOf) {
    const enumValues = Array.isArray(rest.enum) ? { enum: [...(rest.enum as unknown[]), null] } : {};
    return { ...rest, ...enumValues, type: [rest.type, 'null'], ...(example !== undefined && { example }) };
  }
  return { anyOf: [rest, { type: 'null' }], ...(example !== undefined && { example }) };
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

interface Found {
  pointer: string;
  value: unknown;
  /** Pointer of the schema the value must satisfy. */
  schemaPointer: string;
}

/**
 * Finds examples: `example` on a schema (itself the schema), `example` and `examples.*.value` on a
 * parameter, header or media type (checked against its `schema`).
 */
function findExamples(node: unknown, pointer: string, found: Found[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => findExamples(item, `${pointer}/${i}`, found));
    return;
  }
  if (!isObject(node)) return;
  const hasSchema = isObject(node.schema);
  if (node.example !== undefined) {
    found.push({
      pointer: `${pointer}/example`,
      value: node.example,
      schemaPointer: hasSchema ? `${pointer}/schema` : pointer,
    });
  }
  if (hasSchema && isObject(node.examples)) {
    for (const [name, example] of Object.entries(node.examples)) {
      if (isObject(example) && 'value' in example)
        found.push({
          pointer: `${pointer}/examples/${escape(name)}/value`,
          value: example.value,
          schemaPointer: `${pointer}/schema`,
        });
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') continue;
    findExamples(value, `${pointer}/${escape(key)}`, found);
  }
}

export function checkExamples(document: object): { checked: number; failures: ExampleCheck[] } {
  const converted = toJsonSchemaDialect(document) as Json;
  // The whole document is one schema resource, so `#/components/schemas/...` references resolve in it.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema({ ...converted, $id: 'openapi.json' });
  const found: Found[] = [];
  findExamples(converted, '', found);
  const failures: ExampleCheck[] = [];
  for (const example of found) {
    const validate = ajv.getSchema(`openapi.json#${example.schemaPointer}`);
    if (!validate) {
      failures.push({ where: example.pointer, errors: [`no schema at ${example.schemaPointer}`] });
      continue;
    }
    if (!validate(example.value)) {
      failures.push({
        where: example.pointer,
        errors: (validate.errors ?? []).map((e) => `${e.instancePath || '(value)'} ${e.message ?? ''}`.trim()),
      });
    }
  }
  return { checked: found.length, failures };
}
