export * from './postgres-schema';
export * from './private-postgres-cluster';
export * from './spare-port';
export * from './aggregate-specification';
