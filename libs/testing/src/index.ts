export * from './postgres-schema';
