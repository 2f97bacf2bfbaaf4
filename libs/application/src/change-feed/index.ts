import { ReadChangeFeedHandler } from './read-change-feed/read-change-feed.handler';

export * from './read-change-feed/read-change-feed.handler';
export * from './read-change-feed/read-change-feed.query';

export const CHANGE_FEED_HANDLERS = [ReadChangeFeedHandler];
