export * from './postgres-schema';
export * from './private-postgres-cluster';
