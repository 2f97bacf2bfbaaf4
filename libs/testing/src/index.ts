export * from './postgres-schema';
export * from './private-postgres-cluster';
export * from './aggregate-specification';
