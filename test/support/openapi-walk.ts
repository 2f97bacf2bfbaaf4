/**
 * Reads the API's own OpenAPI document to enumerate its routes and to build request bodies from
 * the examples every schema property carries, so a test over "every route" covers routes added
 * later without being edited.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, SchemaObject> };
}

export interface OperationObject {
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, unknown>;
  parameters?: { name: string; in: string }[];
  'x-caseledger-roles'?: string[];
}

export interface SchemaObject {
  $ref?: string;
  allOf?: SchemaObject[];
  type?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  example?: unknown;
  enum?: unknown[];
  nullable?: boolean;
}

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operation: OperationObject;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function routesOf(document: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (operation) routes.push({ method, path, operation });
    }
  }
  return routes;
}

export function resolve(document: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (schema.$ref)
    return resolve(document, document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length === 1) return { ...resolve(document, schema.allOf[0]), ...withoutAllOf(schema) };
  return schema;
}

function withoutAllOf(schema: SchemaObject): SchemaObject {
  const { allOf: _allOf, ...rest } = schema;
  return rest;
}

export function bodySchema(document: OpenApiDocument, route: Route): SchemaObject | undefined {
  const schema = route.operation.requestBody?.content?.['application/json']?.schema;
  return schema ? resolve(document, schema) : undefined;
}

/** A body made of the required fields' examples (nested objects built the same way). */
export function exampleOf(document: OpenApiDocument, schemaIn: SchemaObject): unknown {
  const schema = resolve(document, schemaIn);
  if (schema.type === 'object' || schema.properties) {
    const body: Record<string, unknown> = {};
    for (const name of schema.required ?? []) body[name] = exampleOf(document, schema.properties![name]);
    return body;
  }
  if (schema.example !== undefined && !(Array.isArray(schema.example) && schema.example.length === 0 && schema.items))
    return schema.example;
  if (schema.type === 'array' && schema.items) return [exampleOf(document, schema.items)];
  if (schema.enum?.length) return schema.enum[0];
  throw new Error(`no example to build a value from: ${JSON.stringify(schema).slice(0, 200)}`);
}

/** A value of another JSON type than the schema wants. */
export function wrongTypeFor(document: OpenApiDocument, schemaIn: SchemaObject): unknown {
  const schema = resolve(document, schemaIn);
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not a list';
    default:
      return 'not an object';
  }
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} in ${path}`);
    return encodeURIComponent(value);
  });
}

/**
 * The 4xx answers a walk provoked, by operation, to hold against what each operation documents: a
 * client generated from the document must know every error status it can receive.
 */
export class ProvokedStatuses {
  private readonly seen = new Map<string, Set<number>>();

  record(method: Route['method'], path: string, status: number): void {
    if (status < 400 || status >= 500) return;
    const key = `${method} ${path}`;
    this.seen.set(key, (this.seen.get(key) ?? new Set()).add(status));
  }

  get operations(): number {
    return this.seen.size;
  }

  /** `get /v1/x → 409` for every provoked status the operation's responses do not declare. */
  undocumented(document: OpenApiDocument): string[] {
    const gaps: string[] = [];
    for (const [key, statuses] of this.seen) {
      const [method, path] = key.split(' ');
      const responses = document.paths[path]?.[method]?.responses ?? {};
      for (const status of [...statuses].sort())
        if (!(String(status) in responses) && !('4XX' in responses)) gaps.push(`${key} → ${status}`);
    }
    return gaps.sort();
  }
}
