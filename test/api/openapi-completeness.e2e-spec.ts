/**
 * The served OpenAPI document says what the server enforces and what a generated client needs:
 * every class-validator rule in the schemas, enums wherever a closed set of values goes over the
 * wire, verbs for operation ids, a description on every success, the real key format, and examples
 * that are valid against their own schemas. Each check walks the whole document (or the whole
 * class-validator storage), so routes added later are held to it without being listed here.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getMetadataStorage } from 'class-validator';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';
import { mintApiKeyToken } from '../../apps/api/src/api-keys/api-key-token';
import { OPERATION_ID_SHAPE } from '../../apps/api/src/openapi/operation-ids';
import { checkExamples } from '../support/openapi-examples';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Names whose values are closed sets: each must carry an enum wherever it appears. */
const CLOSED_SET_NAMES =
  /^(priority|priorities|metric|metrics|status|statuses|role|roles|channel|channels|category|categories|criticality|criticalities|state)$/;

function operations(document: Json): { where: string; operation: Json }[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map((m) => ({ where: `${m.toUpperCase()} ${path}`, operation: item[m] })),
  );
}

function resolve(document: Json, schema: Json): Json {
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()]);
  if (schema.allOf?.length === 1) return { ...resolve(document, schema.allOf[0]), ...schema, allOf: undefined };
  return schema;
}

/** Every (where, name, schema) of a property or parameter in the document. */
function namedValues(document: Json): { where: string; name: string; schema: Json }[] {
  const found: { where: string; name: string; schema: Json }[] = [];
  const walk = (schema: Json, where: string) => {
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      found.push({ where: `${where}.${name}`, name, schema: property });
      walk(property, `${where}.${name}`);
      if (property.items) walk(property.items, `${where}.${name}[]`);
    }
  };
  for (const [name, schema] of Object.entries(document.components.schemas as Record<string, Json>)) walk(schema, name);
  for (const { where, operation } of operations(document)) {
    for (const parameter of (operation.parameters ?? []) as Json[])
      found.push({
        where: `${where} ${parameter.in} ${parameter.name}`,
        name: parameter.name,
        schema: parameter.schema,
      });
  }
  return found;
}

describe('the OpenAPI document says what the server enforces', () => {
  let app: NestFastifyApplication;
  let document: Json;

  beforeAll(async () => {
    app = await createApp(loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }));
    const served = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(served.statusCode).toBe(200);
    document = served.json();
  });
  afterAll(() => app.close());

  describe('operation ids', () => {
    it('are verbs of the domain, not controller names', () => {
      const offending = operations(document)
        .filter(({ operation }) => !OPERATION_ID_SHAPE.test(String(operation.operationId)))
        .map(({ where, operation }) => `${where}: ${operation.operationId}`);
      expect(offending).toEqual([]);
    });

    it('are unique', () => {
      const ids = operations(document).map(({ operation }) => operation.operationId as string);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    });

    it('name the case lifecycle as a client would call it', () => {
      const byRoute = Object.fromEntries(
        operations(document).map(({ where, operation }) => [where, operation.operationId]),
      );
      expect(byRoute).toMatchObject({
        'POST /v1/cases': 'openCase',
        'GET /v1/cases': 'listCases',
        'GET /v1/cases/{caseId}': 'getCase',
        'POST /v1/cases/{caseId}/responses': 'respondToCase',
        'GET /v1/cases/{caseId}/history': 'getCaseHistory',
        'POST /v1/contracts': 'signContract',
        'POST /v1/contracts/{contractId}/contacts': 'addAuthorisedContact',
        'POST /v1/api-keys': 'createApiKey',
        'GET /metrics': 'getMetrics',
      });
    });
  });

  it('describes every success answer', () => {
    const offending = operations(document).flatMap(({ where, operation }) =>
      Object.entries(operation.responses as Record<string, Json>)
        .filter(([status, response]) => /^[23]/.test(status) && !String(response.description ?? '').trim())
        .map(([status]) => `${where} ${status}`),
    );
    expect(offending).toEqual([]);
  });

  it('gives every priority, metric, status, role, channel, category and criticality an enum, in requests, responses and parameters', () => {
    const offending = namedValues(document)
      .filter(({ name, schema }) => CLOSED_SET_NAMES.test(name) && schema)
      .filter(({ schema }) => {
        const resolved = resolve(document, schema);
        if (resolved.type === 'integer') return false; // an HTTP status in problem+json
        const values = resolved.type === 'array' ? resolve(document, resolved.items ?? {}) : resolved;
        return !Array.isArray(values.enum) || values.enum.length === 0;
      })
      .map(({ where }) => where);
    expect(offending).toEqual([]);
    expect(namedValues(document).filter(({ name }) => name === 'priority').length).toBeGreaterThan(8);
  });

  it('carries every class-validator rule of every validated body class into its schema', () => {
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, Json[]> };
    const schemas = document.components.schemas as Record<string, Json>;
    const missing: string[] = [];
    let checked = 0;
    for (const [target, rules] of storage.validationMetadatas) {
      const schema = schemas[target.name];
      if (!schema) continue;
      expect([target.name, schema.additionalProperties]).toEqual([target.name, false]);
      for (const rule of rules) {
        const property = schema.properties?.[rule.propertyName] as Json | undefined;
        if (!property) {
          if (rule.type === 'customValidation') missing.push(`${target.name}.${rule.propertyName}: not in the schema`);
          continue;
        }
        const subject = rule.each ? resolve(document, property.items ?? {}) : resolve(document, property);
        const [first, second] = (rule.constraints ?? []) as unknown[];
        const expected: Json | undefined = {
          isIn: { enum: first },
          matches: { pattern: first instanceof RegExp ? first.source : first },
          maxLength: { maxLength: first },
          minLength: { minLength: first },
          isLength: { minLength: first, ...(second !== undefined && { maxLength: second }) },
          min: { minimum: first },
          max: { maximum: first },
          isInt: { type: 'integer' },
          isUuid: { format: 'uuid' },
          isEmail: { format: 'email' },
          isIso8601: { format: 'date-time' },
          arrayMaxSize: { maxItems: first },
          arrayMinSize: { minItems: first },
        }[rule.name as string];
        if (!expected) continue;
        checked++;
        for (const [keyword, value] of Object.entries(expected)) {
          if (JSON.stringify(subject[keyword]) !== JSON.stringify(value))
            missing.push(`${target.name}.${rule.propertyName}: ${rule.name} wants ${keyword}=${JSON.stringify(value)}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('states the rules of query parameters too: integer bounds, patterns and enum items', () => {
    const list = operations(document).find(({ where }) => where === 'GET /v1/cases')!.operation;
    const parameter = (name: string) => (list.parameters as Json[]).find((p) => p.name === name)!.schema;
    expect(parameter('limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    expect(parameter('account')).toMatchObject({ pattern: expect.any(String) });
    expect(parameter('status')).toMatchObject({ type: 'array', items: { enum: expect.arrayContaining(['open']) } });
    expect(parameter('openedFrom')).toMatchObject({ format: 'date-time' });
  });

  it('describes the real API key format in bearerFormat, one a minted key matches', () => {
    const scheme = document.components.securitySchemes.bearer as Json;
    expect(scheme.bearerFormat).not.toBe('JWT');
    expect(scheme.bearerFormat).toContain('clk_');
    const example = /`(clk_[^`]+)`/.exec(String(scheme.description))?.[1];
    const shape = (token: string) => token.replace(/[0-9a-f]{32}/, 'HEX').replace(/_[A-Za-z0-9_-]{43}$/, '_SECRET');
    expect(shape(example!)).toBe('clk_HEX_SECRET');
    expect(shape(mintApiKeyToken('0190f3aa-2b3c-7d4e-8f50-61728394a5b6'))).toBe('clk_HEX_SECRET');
  });

  describe('response headers', () => {
    const headersOf = (where: string, status: string): string[] =>
      Object.keys(operations(document).find((o) => o.where === where)!.operation.responses[status].headers ?? {});

    it('declares ETag, X-Position, Location and Idempotent-Replayed on a creation, without Location on other writes', () => {
      expect(headersOf('POST /v1/cases', '201')).toEqual(
        expect.arrayContaining(['ETag', 'X-Position', 'Location', 'Idempotent-Replayed']),
      );
      expect(headersOf('POST /v1/cases/{caseId}/responses', '200')).toEqual(
        expect.arrayContaining(['ETag', 'X-Position', 'Idempotent-Replayed']),
      );
      expect(headersOf('POST /v1/cases/{caseId}/responses', '200')).not.toContain('Location');
    });

    it('declares Link on every page, X-Read-Position on reads of a read model, Retry-After on every 503 and 429', () => {
      for (const { where, operation } of operations(document)) {
        const params = (operation.parameters ?? []) as Json[];
        if (params.some((p) => p.in === 'query' && p.name === 'cursor'))
          expect([where, headersOf(where, '200')]).toEqual([where, expect.arrayContaining(['Link'])]);
        for (const status of ['503', '429']) {
          if (operation.responses[status])
            expect([where, status, headersOf(where, status)]).toEqual([
              where,
              status,
              expect.arrayContaining(['Retry-After']),
            ]);
        }
      }
      expect(headersOf('GET /v1/cases', '200')).toContain('X-Read-Position');
      expect(headersOf('GET /v1/sla/breaches', '200')).toContain('X-Read-Position');
    });
  });

  describe('examples', () => {
    it('are each valid against the schema they illustrate (Ajv with formats, OpenAPI nullable understood)', () => {
      const { checked, failures } = checkExamples(document);
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(500);
    });

    it('are checked for real: a broken example in a copy of the document is found by where it is', () => {
      const broken = JSON.parse(JSON.stringify(document)) as Json;
      broken.components.schemas.OpenCaseRequest.properties.priority.example = 'P9';
      broken.components.schemas.OpenCaseRequest.properties.contractId.example = 'not-a-uuid';
      const { failures } = checkExamples(broken);
      expect(failures.map((f) => f.where)).toEqual([
        '/components/schemas/OpenCaseRequest/properties/contractId/example',
        '/components/schemas/OpenCaseRequest/properties/priority/example',
      ]);
    });
  });
});
