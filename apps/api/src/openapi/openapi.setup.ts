import { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION, ROLES_EXTENSION } from '../auth/principal';
import { DEFAULT_ROLES } from '../auth/api-key.guard';
import { PROBLEM_WHEN } from '../problem-details/api-problem-responses.decorator';
import { FieldProblem, PROBLEM_CONTENT_TYPE, ProblemDetails } from '../problem-details/problem-details';
import { PROBLEM_CONTENT, PROTECTED_ROUTE_RESPONSES } from './api-protected-route.decorator';
import { applyClassValidatorRules, validatedClasses } from './class-validator-shim';
import { operationIdFactory } from './operation-ids';
import { declareSharedHeaders, registerSharedHeaders } from './response-headers';
import { serveSwaggerUi } from './swagger-ui.routes';

export const BEARER_SCHEME = 'bearer';
/** What `bearerFormat` says of the keys POST /v1/api-keys mints (api-keys/api-key-token.ts). */
export const API_KEY_FORMAT = 'clk_<key id: 32 hex>_<secret: 43 base64url>';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CaseLedger API')
    .setDescription(
      'Event-sourced support cases run against contractual SLAs. Errors are RFC 9457 problem+json; ' +
        'writes return the stream revision as ETag and accept If-Match; instants are UTC ISO-8601 with Z. ' +
        'Every route needs an API key (`Authorization: Bearer <key>`) unless it says otherwise; each ' +
        'operation names the roles it admits. Writes accept an `Idempotency-Key` header: a retry with the ' +
        'same key and body answers the first successful response (same key, other body: 422; still ' +
        'running: 409); failures are not stored, so a failed request may be retried with its key. ' +
        'Requests are rate limited per key (429 with Retry-After).',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This server')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: API_KEY_FORMAT,
        description:
          'An opaque API key: `clk_`, the key id as 32 hex digits, `_`, then a 43-character base64url secret ' +
          '(e.g. `clk_0190f3aa2b3c7d4e8f5061728394a5b6_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA`). Keys are ' +
          'created by an admin through POST /v1/api-keys and shown once; only their SHA-256 is stored. The first ' +
          "admin key is the operator's ADMIN_API_KEY, any string of 16 or more characters.",
      },
      BEARER_SCHEME,
    )
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  applyClassValidatorRules();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetails, FieldProblem],
    operationIdFactory: operationIdFactory(app),
  });
  closeValidatedSchemas(document);
  for (const path of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = path[method];
      if (!operation) continue;
      describeAccess(operation);
      if (WRITE_METHODS.has(method)) describeBodyRefusals(operation);
      const isIdempotentWrite = WRITE_METHODS.has(method) && operation.security?.length !== 0;
      if (isIdempotentWrite) describeIdempotency(operation);
      declareSharedHeaders(operation, isIdempotentWrite);
    }
  }
  registerSharedHeaders(document);
  return document;
}

/**
 * The validation pipe refuses unknown fields (forbidNonWhitelisted), so the schema of every
 * validated class says so; response schemas stay open, so clients tolerate fields added later.
 */
function closeValidatedSchemas(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const target of validatedClasses()) {
    const schema = schemas[target.name];
    if (schema && !('$ref' in schema)) schema.additionalProperties = false;
  }
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The body-size limit, the content-type check and the validation of the body (unknown fields
 * refused, a body on a route that takes none included) stand in front of every write, so every
 * write documents their answers; a route's own wording, where it has one, is kept.
 */
function describeBodyRefusals(operation: OperationObject): void {
  for (const status of [400, 413, 415] as const)
    operation.responses[String(status)] ??= { description: PROBLEM_WHEN[status], content: PROBLEM_CONTENT };
}

/** The idempotency guard covers every authenticated write, so every such operation says so. */
function describeIdempotency(operation: OperationObject): void {
  const parameters = (operation.parameters ??= []);
  if (!parameters.some((p) => 'name' in p && p.name.toLowerCase() === 'idempotency-key')) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Any 1-255 printable characters chosen by the client, unique per intended write. A retry with the same key and ' +
        'the same request answers the first successful response (marked Idempotent-Replayed: true) without doing it again. ' +
        'Failed attempts are not remembered, so they may be retried with the same key. Kept 24 h.',
      schema: { type: 'string', minLength: 1, maxLength: 255, example: '6f1c2e0a-3b7d-4c8e-9a21-5d4f3e2b1a09' },
    });
  }
  operation.responses['409'] ??= {
    description: 'A request with the same Idempotency-Key is still running; retry when it has finished.',
    content: PROBLEM_CONTENT,
  };
  operation.responses['422'] ??= {
    description: 'The Idempotency-Key was first used with a different request.',
    content: PROBLEM_CONTENT,
  };
}

/**
 * Writes what the guard enforces into each operation: public ones drop the global bearer
 * requirement, protected ones list their roles and get the 401/403/429 answers; every error
 * answer is problem+json, because the exception filter sends nothing else.
 */
function describeAccess(operation: OperationObject): void {
  const extensions = operation as unknown as Record<string, unknown>;
  const isPublic = extensions[PUBLIC_EXTENSION] !== undefined;
  const roles = (extensions[ROLES_EXTENSION] as { roles?: string[] } | undefined)?.roles ?? [...DEFAULT_ROLES];
  delete extensions[PUBLIC_EXTENSION];
  if (isPublic) {
    operation.security = [];
    delete extensions[ROLES_EXTENSION];
  } else {
    extensions[ROLES_EXTENSION] = roles;
    const note = `Roles: ${roles.join(', ')}.`;
    operation.description = operation.description ? `${operation.description}\n\n${note}` : note;
    for (const [status, response] of Object.entries(PROTECTED_ROUTE_RESPONSES))
      operation.responses[status] ??= response;
    // The key is looked up in the state database, so any protected route answers 503 while it is unreachable.
    operation.responses['503'] ??= {
      description: 'A store (here at least the one holding API keys) is unreachable; retry after Retry-After seconds.',
      content: PROBLEM_CONTENT,
    };
  }
  // Public routes are rate limited too (per client address).
  operation.responses['429'] ??= PROTECTED_ROUTE_RESPONSES['429'];
  for (const [status, response] of Object.entries(operation.responses)) {
    if (/^[45]/.test(status) && response && !('$ref' in response)) asProblem(response);
  }
}

function asProblem(response: ResponseObject): void {
  if (response.content?.[PROBLEM_CONTENT_TYPE]) return;
  const declared = response.content?.['application/json']?.schema as ReferenceObject | undefined;
  response.content = { [PROBLEM_CONTENT_TYPE]: { schema: declared ?? { $ref: getSchemaPath(ProblemDetails) } } };
}

/** Swagger UI at /docs, the spec at /openapi.json. */
export function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    ui: false,
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    useGlobalPrefix: false,
  });
  serveSwaggerUi(app.getHttpAdapter().getInstance() as FastifyInstance);
  return document;
}
