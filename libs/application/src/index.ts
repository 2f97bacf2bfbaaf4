export * from './clock/clock';
export * from './ids/uuid-v7';
export * from './write-path/aggregate-repository';
