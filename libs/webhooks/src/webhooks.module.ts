/**
 * Two modules: the subscriptions (every process with the API, ROLE `api` included) and the delivery
 * (the dispatcher on the reactor and the sender: processes that do background work, ROLE `all` or
 * `worker`). Both need the app to say which provider is its clock (`clock`), as this library may not
 * import the application's token.
 */
import { DynamicModule, Inject, InjectionToken, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { WebhookDeliveries } from './delivery/webhook-deliveries.service';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookSender } from './delivery/webhook-sender';
import { WebhookSubscriptions } from './subscriptions/webhook-subscriptions.service';
import { WEBHOOK_CLOCK } from './webhook-clock';

export interface WebhooksModuleOptions {
  /** The token of the application's clock provider. */
  clock: InjectionToken;
}

@Module({})
export class WebhookSubscriptionsModule {
  static register(options: WebhooksModuleOptions): DynamicModule {
    return {
      module: WebhookSubscriptionsModule,
      providers: [{ provide: WEBHOOK_CLOCK, useExisting: options.clock }, WebhookSubscriptions, WebhookDeliveries],
      exports: [WebhookSubscriptions, WebhookDeliveries],
    };
  }
}

@Module({})
export class WebhookDeliveryModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(WebhookSender) private readonly sender: WebhookSender) {}

  static register(options: WebhooksModuleOptions): DynamicModule {
    return {
      module: WebhookDeliveryModule,
      providers: [{ provide: WEBHOOK_CLOCK, useExisting: options.clock }, WebhookDispatcher, WebhookSender],
      exports: [WebhookDispatcher, WebhookSender],
    };
  }

  onApplicationBootstrap(): void {
    this.sender.start();
  }

  /** Before the state database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.sender.stop();
  }
}
