import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { FieldProblem, ProblemDetails } from '../problem-details/problem-details';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CaseLedger API')
    .setDescription(
      'Event-sourced support cases run against contractual SLAs. Errors are RFC 9457 problem+json; ' +
        'writes return the stream revision as ETag and accept If-Match; instants are UTC ISO-8601 with Z.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key created by an admin.' })
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetails, FieldProblem] });
}

/** Swagger UI at /docs, the spec at /openapi.json. */
export function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml', useGlobalPrefix: false });
  return document;
}
