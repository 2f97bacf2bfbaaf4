import { Module } from '@nestjs/common';
import { CLOCK } from '@caseledger/application';
import { WebhookSubscriptionsModule } from '@caseledger/webhooks';
import { WebhookDeliveriesHttpController } from './webhook-deliveries.http.controller';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSubscriptionsHttpController } from './webhook-subscriptions.http.controller';

/** The routes under /v1/webhooks; delivery itself runs where the background work runs. */
@Module({
  imports: [WebhookSubscriptionsModule.register({ clock: CLOCK })],
  controllers: [WebhookSubscriptionsHttpController, WebhookDeliveriesHttpController],
  providers: [WebhookMetrics],
})
export class WebhooksHttpModule {}
