/**
 * Webhook subscriptions: admin keys see all of them, an integration key bound to an account only the
 * ones it created (another's answers 404, as a missing one does).
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CLOUD_EVENT_TYPE_PREFIX,
  WEBHOOK_EVENT_TYPES,
  WebhookSubscription,
  WebhookSubscriptions,
} from '@caseledger/webhooks';
import { CLOCK, Clock } from '@caseledger/application';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ApiIfMatch, parseIfMatch } from '../http-conventions/if-match';
import { IdParam } from '../http-conventions/id-param.decorator';
import { UUID } from '../http-conventions/identifiers';
import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';
import { OmitFromReplay } from '../idempotency/omit-from-replay.decorator';
import { ApiProblemResponse, ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { ListApiKeysQuery as PageQuery } from '../api-keys/list-api-keys.query.dto';
import { CreateWebhookRequest, UpdateWebhookRequest } from './webhook-subscription.request.dto';
import {
  WebhookEventTypesResponse,
  WebhookPageResponse,
  WebhookResponse,
  WebhookWithSecretResponse,
} from './webhook-subscription.response.dto';

const DEFAULT_PAGE_SIZE = 20;
const WEBHOOK_ID_DOC = "The subscription id (a UUID). Another account's subscription answers 404.";

export const etagOf = (s: WebhookSubscription) => `"${s.revision}"`;

function expectedRevision(header: string | undefined): number | undefined {
  const revision = parseIfMatch(header);
  return revision === undefined ? undefined : Number(revision);
}

@ApiTags('webhooks')
@ApiProtectedRoute()
@Roles('admin', 'integration')
@Controller('webhooks')
export class WebhookSubscriptionsHttpController {
  constructor(
    @Inject(WebhookSubscriptions) private readonly subscriptions: WebhookSubscriptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private now(): string {
    return this.clock.now().toUTC().toISO()!;
  }

  @ApiProblemResponses(413, 415)
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @OmitFromReplay('secret')
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to events',
    description:
      'Answers the signing secret once. Events recorded after the subscription are POSTed to the URL as ' +
      'CloudEvents, signed per Standard Webhooks.',
  })
  @ApiCreatedResponse({
    type: WebhookWithSecretResponse,
    description: 'The new subscription, with its signing secret (shown this once).',
    headers: {
      Location: {
        description: 'URL of the new subscription.',
        schema: { type: 'string', example: '/v1/webhooks/0195f3aa-2b3c-7d4e-8f50-61728394a5b6' },
      },
      ETag: { description: 'The revision, for If-Match.', schema: { type: 'string', example: '"0"' } },
    },
  })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    'The body is invalid: not a URL, http where https is required, a host resolving to a private address, an ' +
      'unknown event type.',
  )
  async create(
    @Body() body: CreateWebhookRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookWithSecretResponse> {
    const subscription = await this.subscriptions.create(body, principal.accountId);
    void reply.header('location', `/v1/webhooks/${subscription.id}`).header('etag', etagOf(subscription));
    return { ...WebhookResponse.of(subscription, this.now()), secret: subscription.secrets[0].secret };
  }

  @Get()
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: 'List webhook subscriptions',
    description: 'In creation order, without secrets. When there is a next page, answers a Link header.',
  })
  @ApiOkResponse({
    type: WebhookPageResponse,
    description: 'One page of subscriptions; `next` (and Link) give the following page.',
  })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'limit or cursor is invalid.')
  async list(
    @Query() query: PageQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookPageResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (after !== undefined && !UUID.test(after))
      throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API handed out' }], 'query');
    const page = await this.subscriptions.list(limit, after, principal.accountId);
    const last = page.items.at(-1);
    const next =
      page.more && last
        ? `/v1/webhooks?limit=${limit}&cursor=${Buffer.from(last.id).toString('base64url')}`
        : undefined;
    // As every other page: the next page's URL in the body and as an RFC 8288 Link header.
    if (next) void reply.header('link', `<${next}>; rel="next"`);
    const now = this.now();
    return { items: page.items.map((s) => WebhookResponse.of(s, now)), ...(next && { next }) };
  }

  @Get('event-types')
  @ApiOperation({
    operationId: 'listWebhookEventTypes',
    summary: 'The event types a subscription may name',
    description: 'Each with the CloudEvents `type` its deliveries carry. Groups (`case.*`) and `*` match several.',
  })
  @ApiOkResponse({ type: WebhookEventTypesResponse, description: 'Every event type, with its CloudEvents type.' })
  eventTypes(): WebhookEventTypesResponse {
    return {
      items: WEBHOOK_EVENT_TYPES.map((t) => ({
        name: t.name,
        cloudEventType: `${CLOUD_EVENT_TYPE_PREFIX}${t.name}`,
        description: t.description,
      })),
    };
  }

  @Get(':webhookId')
  @ApiOperation({
    operationId: 'getWebhook',
    summary: 'Read a webhook subscription',
    description: 'Without its secret.',
  })
  @ApiOkResponse({
    type: WebhookResponse,
    description: 'The subscription.',
    headers: { ETag: { description: 'The revision, for If-Match.', schema: { type: 'string', example: '"3"' } } },
  })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No subscription with this id is visible to the key.')
  async get(
    @IdParam('webhookId', WEBHOOK_ID_DOC) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookResponse> {
    const subscription = await this.subscriptions.get(id, principal.accountId);
    void reply.header('etag', etagOf(subscription));
    return WebhookResponse.of(subscription, this.now());
  }

  @ApiProblemResponses(413, 415)
  @Patch(':webhookId')
  @ApiOperation({
    operationId: 'updateWebhook',
    summary: 'Change a webhook subscription',
    description: 'Only the fields given change. `enabled: true` enables a subscription that was disabled for failing.',
  })
  @ApiIfMatch()
  @ApiOkResponse({
    type: WebhookResponse,
    description: 'The subscription as changed.',
    headers: { ETag: { description: 'The new revision.', schema: { type: 'string', example: '"4"' } } },
  })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The body is invalid.')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No subscription with this id is visible to the key.')
  async update(
    @IdParam('webhookId', WEBHOOK_ID_DOC) id: string,
    @Body() body: UpdateWebhookRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookResponse> {
    const subscription = await this.subscriptions.update(id, body, expectedRevision(ifMatch), principal.accountId);
    void reply.header('etag', etagOf(subscription));
    return WebhookResponse.of(subscription, this.now());
  }

  @ApiProblemResponses(413, 415)
  @Delete(':webhookId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook subscription',
    description: 'Its queued deliveries and log go with it.',
  })
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No subscription with this id is visible to the key.')
  async delete(
    @IdParam('webhookId', WEBHOOK_ID_DOC) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
  ): Promise<void> {
    await this.subscriptions.delete(id, expectedRevision(ifMatch), principal.accountId);
  }

  @ApiProblemResponses(413, 415)
  @Post(':webhookId/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @OmitFromReplay('secret')
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate the signing secret',
    description:
      'Answers a new secret once. For 24 h deliveries carry two signatures, one per secret, so the receiver can ' +
      'switch without missing any; then only the new secret signs.',
  })
  @ApiOkResponse({
    type: WebhookWithSecretResponse,
    description: 'The subscription with its new signing secret (shown this once).',
    headers: { ETag: { description: 'The new revision.', schema: { type: 'string', example: '"4"' } } },
  })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The body is not empty.')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No subscription with this id is visible to the key.')
  async rotateSecret(
    @IdParam('webhookId', WEBHOOK_ID_DOC) id: string,
    @CurrentPrincipal() principal: Principal,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookWithSecretResponse> {
    const subscription = await this.subscriptions.rotateSecret(id, principal.accountId);
    void reply.header('etag', etagOf(subscription));
    return { ...WebhookResponse.of(subscription, this.now()), secret: subscription.secrets[0].secret };
  }
}
