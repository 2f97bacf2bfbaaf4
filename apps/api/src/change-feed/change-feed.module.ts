import { Module } from '@nestjs/common';
import { ReadChangeFeedHttpController } from './read-change-feed.http.controller';

/** The change feed: the event log under public types, for integrators that poll. */
@Module({ controllers: [ReadChangeFeedHttpController] })
export class ChangeFeedModule {}
