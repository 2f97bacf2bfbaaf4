/** The delivery log of a subscription, and the retries, replays and pings an integrator may ask for. */
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { WebhookDeliveries } from '@caseledger/webhooks';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { IdParam } from '../http-conventions/id-param.decorator';
import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';
import { ApiProblemResponse, ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import {
  DeliveryPageResponse,
  DeliveryResponse,
  ListDeliveriesQuery,
  ReplayRequest,
  ReplayResponse,
} from './webhook-delivery.dto';

const DEFAULT_PAGE_SIZE = 20;
const WEBHOOK_ID_DOC = "The subscription id (a UUID). Another account's subscription answers 404.";
const DELIVERY_ID_DOC = 'The delivery id (a UUID), from the delivery log.';

/** Instants as the log writes them (UTC, milliseconds), so they compare with the events' times. */
function utc(instant: string, field: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw validationProblem([{ field, message: `${field} must be an ISO-8601 instant` }]);
  return new Date(ms).toISOString();
}

@ApiTags('webhooks')
@ApiProtectedRoute()
@Roles('admin', 'integration')
@Controller('webhooks/:webhookId')
export class WebhookDeliveriesHttpController {
  constructor(@Inject(WebhookDeliveries) private readonly deliveries: WebhookDeliveries) {}

  @Get('deliveries')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log of a subscription',
    description:
      'Newest first: each delivery with its status and every attempt (response code, latency, first 1 KB of the ' +
      'answer).',
  })
  @ApiOkResponse({
    type: DeliveryPageResponse,
    description: 'One page of deliveries; `next` (and Link) give the following, older page.',
  })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'limit, cursor or status is invalid.')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No subscription with this id is visible to the key.')
  async list(
    @IdParam('webhookId', WEBHOOK_ID_DOC) webhookId: string,
    @Query() query: ListDeliveriesQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeliveryPageResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    let beforeSeq: number | undefined;
    if (query.cursor !== undefined) {
      const decoded = Buffer.from(query.cursor, 'base64url').toString('utf8');
      if (!/^[1-9]\d{0,15}$/.test(decoded))
        throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API handed out' }], 'query');
      beforeSeq = Number(decoded);
    }
    const page = await this.deliveries.list(webhookId, principal.accountId, { limit, beforeSeq, status: query.status });
    const last = page.items.at(-1);
    const next = new URLSearchParams({ limit: String(limit) });
    if (query.status) next.set('status', query.status);
    if (last) next.set('cursor', Buffer.from(String(last.seq)).toString('base64url'));
    const nextUrl = page.more && last ? `/v1/webhooks/${webhookId}/deliveries?${next.toString()}` : undefined;
    // As every other page: the next page's URL in the body and as an RFC 8288 Link header.
    if (nextUrl) void reply.header('link', `<${nextUrl}>; rel="next"`);
    return { items: page.items.map(DeliveryResponse.of), ...(nextUrl && { next: nextUrl }) };
  }

  @ApiProblemResponses(413, 415)
  @Post('deliveries/:deliveryId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'retryWebhookDelivery',
    summary: 'Send a delivery again',
    description:
      'Queues it at once with a fresh run of retries (a failed one, or a delivered one the receiver lost); its ' +
      "earlier attempts stay in the log. It keeps its place in its case's order.",
  })
  @ApiAcceptedResponse({ type: DeliveryResponse, description: 'The delivery, queued again.' })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The body is not empty.')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such subscription or delivery visible to the key.')
  async retry(
    @IdParam('webhookId', WEBHOOK_ID_DOC) webhookId: string,
    @IdParam('deliveryId', DELIVERY_ID_DOC) deliveryId: string,
    @CurrentPrincipal() principal: Principal,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
  ): Promise<DeliveryResponse> {
    return DeliveryResponse.of(await this.deliveries.retry(webhookId, deliveryId, principal.accountId));
  }

  @ApiProblemResponses(413, 415)
  @Post('replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'replayWebhookEvents',
    summary: 'Resend a window of events',
    description:
      "After a receiver's outage: queues again every event the subscription matches that happened in [from, to), " +
      'in order. Their `webhook-id` is the event id, so a receiver drops the ones it already has.',
  })
  @ApiAcceptedResponse({ type: ReplayResponse, description: 'The replay and how many deliveries it queued.' })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'from or to is not an instant, or to is not after from.')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No subscription with this id is visible to the key.')
  async replay(
    @IdParam('webhookId', WEBHOOK_ID_DOC) webhookId: string,
    @Body() body: ReplayRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReplayResponse> {
    const from = utc(body.from, 'from');
    const to = body.to === undefined ? undefined : utc(body.to, 'to');
    if (to !== undefined && to <= from) throw validationProblem([{ field: 'to', message: 'to must be after from' }]);
    return this.deliveries.replay(webhookId, { from, ...(to !== undefined && { to }) }, principal.accountId);
  }

  @ApiProblemResponses(413, 415)
  @Post('test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'pingWebhook',
    summary: 'Send a ping',
    description: 'Queues a signed `com.caseledger.webhook.ping` CloudEvent; its outcome shows in the delivery log.',
  })
  @ApiAcceptedResponse({ type: DeliveryResponse, description: 'The ping delivery, queued.' })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The body is not empty.')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No subscription with this id is visible to the key.')
  async test(
    @IdParam('webhookId', WEBHOOK_ID_DOC) webhookId: string,
    @CurrentPrincipal() principal: Principal,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
  ): Promise<DeliveryResponse> {
    return DeliveryResponse.of(await this.deliveries.ping(webhookId, principal.accountId));
  }
}
