/**
 * The OpenAPI document, built from the running application, linted with Redocly's `recommended`
 * rules and held to this project's own: every operation has a summary, every error answer is
 * problem+json, every schema property has a description and an example. Failures name the
 * offending operation or schema property, so the fix is one search away.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';
import { PROBLEM_CONTENT_TYPE } from '../../apps/api/src/problem-details/problem-details';

type Json = Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(document: OpenAPIObject): { where: string; operation: Json }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => (item as Json)[m]).map((m) => ({
      where: `${m.toUpperCase()} ${path}`,
      operation: (item as Json)[m] as Json,
    })),
  );
}

function describeProblem(problem: NormalizedProblem): string {
  const at = problem.location.map((l) => l.pointer).join(', ');
  return `[${problem.severity}] ${problem.ruleId}: ${problem.message} at ${at}`;
}

/** Properties that only point at another schema carry their examples there. */
function isReference(property: Json): boolean {
  if (typeof property.$ref === 'string') return true;
  const items = property.items as Json | undefined;
  if (property.type === 'array' && items && typeof items.$ref === 'string') return true;
  const allOf = property.allOf as Json[] | undefined;
  return Array.isArray(allOf) && allOf.length === 1 && typeof allOf[0].$ref === 'string';
}

function undocumentedProperties(schemaName: string, schema: Json, path = schemaName): string[] {
  const found: string[] = [];
  for (const [name, raw] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    const where = `${path}.${name}`;
    const missing = [
      raw.description ? undefined : 'description',
      raw.example !== undefined || isReference(raw) ? undefined : 'example',
    ].filter(Boolean);
    if (missing.length > 0 && !(isReference(raw) && raw.description))
      found.push(`${where}: no ${missing.join(', no ')}`);
    if (raw.type === 'object' && raw.properties) found.push(...undocumentedProperties(schemaName, raw, where));
    const items = raw.items as Json | undefined;
    if (items?.properties) found.push(...undocumentedProperties(schemaName, items, `${where}[]`));
  }
  return found;
}

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await createApp(loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }));
    // What clients download, not a second build of it: a difference between the two would go unlinted.
    const served = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(served.statusCode).toBe(200);
    document = served.json();
  });
  afterAll(() => app.close());

  const lint = async (spec: object) =>
    lintFromString({
      source: JSON.stringify(spec),
      absoluteRef: 'openapi.json',
      config: await createConfig({ extends: ['recommended'] }),
    });

  it('is linted for real: a broken copy of it fails the recommended rules', async () => {
    const broken = JSON.parse(JSON.stringify(document)) as OpenAPIObject;
    const [path] = Object.keys(broken.paths);
    broken.paths[`${path}/{undeclared}`] = broken.paths[path];
    const problems = await lint(broken);
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.ruleId)).toContain('path-parameters-defined');
  });

  it("passes Redocly's recommended rules without an error", async () => {
    const problems = await lint(document);
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warn');
    if (warnings.length > 0)
      console.warn(`OpenAPI lint warnings (${warnings.length}):\n${warnings.map(describeProblem).join('\n')}`);
    expect(errors.map(describeProblem)).toEqual([]);
  });

  it('gives every operation a summary', () => {
    expect(
      operations(document)
        .filter(({ operation }) => !operation.summary)
        .map(({ where }) => where),
    ).toEqual([]);
  });

  it('documents every 4xx and 5xx answer as problem+json', () => {
    const offending = operations(document).flatMap(({ where, operation }) =>
      Object.entries(operation.responses as Record<string, Json>)
        .filter(([status]) => /^[45]/.test(status))
        .filter(([, response]) => !(response.content as Json | undefined)?.[PROBLEM_CONTENT_TYPE])
        .map(([status]) => `${where} ${status}`),
    );
    expect(offending).toEqual([]);
  });

  it('puts bearer auth on every route that is not public, with 401, 403 and 429 answers', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { where, operation } of operations(document)) {
      const responses = operation.responses as Json;
      expect([where, responses['429']]).toEqual([where, expect.anything()]);
      if (Array.isArray(operation.security) && operation.security.length === 0) continue;
      expect([
        where,
        Object.keys(responses)
          .filter((s) => ['401', '403'].includes(s))
          .sort(),
      ]).toEqual([where, ['401', '403']]);
      expect([where, operation['x-caseledger-roles']]).toEqual([where, expect.arrayContaining([expect.any(String)])]);
    }
    const publicOnes = operations(document).filter(
      ({ operation }) => Array.isArray(operation.security) && operation.security.length === 0,
    );
    expect(publicOnes.map(({ where }) => where)).toEqual(
      expect.arrayContaining(['GET /health', 'GET /ready', 'GET /metrics']),
    );
    expect(publicOnes.map(({ where }) => where)).not.toContain('GET /v1/api-keys');
  });

  it('gives every schema property a description and an example', () => {
    const schemas = (document.components?.schemas ?? {}) as Record<string, Json>;
    const offending = Object.entries(schemas).flatMap(([name, schema]) => undocumentedProperties(name, schema));
    expect(offending).toEqual([]);
  });

  it('documents Idempotency-Key on every authenticated write', () => {
    const writes = operations(document).filter(
      ({ where, operation }) =>
        /^(POST|PUT|PATCH|DELETE) /.test(where) && (operation.security as unknown[] | undefined)?.length !== 0,
    );
    expect(writes.length).toBeGreaterThan(0);
    const offending = writes
      .filter(
        ({ operation }) =>
          !((operation.parameters ?? []) as Json[]).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
      )
      .map(({ where }) => where);
    expect(offending).toEqual([]);
  });

  it('describes every parameter', () => {
    const offending = operations(document).flatMap(({ where, operation }) =>
      ((operation.parameters ?? []) as Json[])
        .filter((p) => !p.description)
        .map((p) => `${where} ${String(p.in)} ${String(p.name)}`),
    );
    expect(offending).toEqual([]);
  });
});
