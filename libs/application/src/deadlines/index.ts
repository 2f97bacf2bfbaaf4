export * from './deadline-schedule';
export * from './deadline-watcher';
export * from './deadlines.module';
export * from './record-sla-alert/record-sla-alert.command';
export * from './sla-alert-id';
