export * from './escalate-breached-case/escalate-breached-case.command';
export * from './escalate-breached-case/escalate-breached-case.handler';
export * from './sagas.module';
export * from './sla-breach-escalation';
