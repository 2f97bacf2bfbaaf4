import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { OmitFromReplay } from '../idempotency/omit-from-replay.decorator';
import { ApiProblemResponse, ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { ApiKeyIssuer } from './api-key.issuer';
import { ContactStanding } from './contact-standing';
import { ApiKeyPageResponse, ApiKeyResponse, CreatedApiKeyResponse } from './api-key.response.dto';
import { CreateApiKeyRequest } from './create-api-key.request.dto';
import { ListApiKeysQuery } from './list-api-keys.query.dto';
import { UUID } from '../http-conventions/identifiers';

const DEFAULT_PAGE_SIZE = 20;

function keyNotFound(id: string): ProblemException {
  return new ProblemException({
    type: problemType('not-found'),
    title: 'API key not found',
    status: HttpStatus.NOT_FOUND,
    detail: `There is no API key ${id}.`,
  });
}

function contactNotAuthorised(accountId: string, contactId: string): ProblemException {
  const message = `${contactId} is not an authorised contact of a running contract of account ${accountId}`;
  return new ProblemException({
    type: problemType('contact-not-authorised'),
    title: 'Contact not authorised',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail: `A customer key acts for one authorised contact of its account; ${message}.`,
    errors: [{ field: 'contactId', message }],
  });
}

@ApiTags('api-keys')
@ApiProtectedRoute()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysHttpController {
  constructor(
    @Inject(ApiKeyIssuer) private readonly issuer: ApiKeyIssuer,
    @Inject(ContactStanding) private readonly standing: ContactStanding,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @OmitFromReplay('secret')
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description:
      'Answers the secret once; it is stored hashed. A replay through Idempotency-Key returns the key without ' +
      'its secret. A customer key is created only for an authorised contact of a running contract of its ' +
      'account (422 naming contactId otherwise); it is refused with 401 while its contact is revoked or its ' +
      'contracts have ended.',
  })
  @ApiCreatedResponse({
    type: CreatedApiKeyResponse,
    description: 'Created. The body holds the secret, shown this once.',
    headers: {
      Location: {
        description: 'URL of the new key.',
        schema: { type: 'string', example: '/v1/api-keys/0190f3aa-2b3c-7d4e-8f50-61728394a5b6' },
      },
    },
  })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    'The body is invalid, e.g. a customer key without accountId and contactId.',
  )
  @ApiProblemResponse(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'A customer key for a contact who is not an authorised contact of a running contract of the account.',
  )
  @ApiProblemResponses(413, 415)
  async create(
    @Body() body: CreateApiKeyRequest,
    @CurrentPrincipal() admin: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedApiKeyResponse> {
    const expiresAt = body.expiresAt === undefined ? undefined : new Date(body.expiresAt);
    // Checked here rather than in the DTO: "the future" is the application clock's, which validators cannot reach.
    if (expiresAt && expiresAt.getTime() <= this.issuer.now().getTime())
      throw validationProblem([{ field: 'expiresAt', message: 'expiresAt must be in the future' }], 'body');
    if (
      body.role === 'customer' &&
      body.accountId !== undefined &&
      body.contactId !== undefined &&
      !(await this.standing.isAuthorised(body.accountId, body.contactId, this.issuer.now()))
    )
      throw contactNotAuthorised(body.accountId, body.contactId);
    const { record, secret } = await this.issuer.issue({
      name: body.name,
      role: body.role,
      accountId: body.accountId,
      contactId: body.contactId,
      expiresAt,
      createdBy: admin.keyId,
    });
    void reply.header('location', `/v1/api-keys/${record.id}`);
    return { ...ApiKeyResponse.of(record), secret };
  }

  @Get()
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: 'List API keys',
    description: 'Live, expired and revoked keys in creation order, without secrets.',
  })
  @ApiOkResponse({
    type: ApiKeyPageResponse,
    description: 'One page of keys; `next` (and Link) give the following page.',
  })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'limit or cursor is invalid.')
  async list(
    @Query() query: ListApiKeysQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyPageResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (after !== undefined && !UUID.test(after)) {
      throw new ProblemException({
        type: problemType('validation'),
        title: 'Request validation failed',
        status: HttpStatus.BAD_REQUEST,
        detail: 'The query has 1 invalid field.',
        errors: [{ field: 'cursor', message: 'cursor is not one this API handed out' }],
      });
    }
    const page = await this.issuer.list(limit, after);
    const last = page.keys.at(-1);
    const next =
      page.more && last
        ? `/v1/api-keys?limit=${limit}&cursor=${Buffer.from(last.id).toString('base64url')}`
        : undefined;
    // As every other page: the next page's URL in the body and as an RFC 8288 Link header.
    if (next) void reply.header('link', `<${next}>; rel="next"`);
    return { items: page.keys.map(ApiKeyResponse.of), ...(next && { next }) };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getApiKey', summary: 'Read an API key', description: 'The key without its secret.' })
  @ApiParam({ name: 'id', description: 'Key id.', example: '0190f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  @ApiOkResponse({ type: ApiKeyResponse, description: 'The key.' })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No key has this id.')
  async get(@Param('id') id: string): Promise<ApiKeyResponse> {
    const record = UUID.test(id) ? await this.issuer.find(id) : undefined;
    if (!record) throw keyNotFound(id);
    return ApiKeyResponse.of(record);
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description:
      'Every later request with the key is refused with 401. Revoking a revoked key changes nothing and answers ' +
      'the same.',
  })
  @ApiParam({ name: 'id', description: 'Key id.', example: '0190f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  @ApiOkResponse({ type: ApiKeyResponse, description: 'The key, now with revokedAt.' })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No key has this id.')
  @ApiProblemResponses(413, 415)
  async revoke(@Param('id') id: string, @Body(new NoBodyFieldsPipe()) _body: undefined): Promise<ApiKeyResponse> {
    const record = UUID.test(id) ? await this.issuer.revoke(id) : undefined;
    if (!record) throw keyNotFound(id);
    return ApiKeyResponse.of(record);
  }
}
