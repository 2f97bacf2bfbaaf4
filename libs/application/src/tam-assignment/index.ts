import { AdjustTamWorkingHoursHandler } from './adjust-tam-working-hours/adjust-tam-working-hours.handler';
import { AssignTamHandler } from './assign-tam/assign-tam.handler';
import { GetTamAssignmentHandler } from './get-tam-assignment/get-tam-assignment.handler';
import { ReassignTamHandler } from './reassign-tam/reassign-tam.handler';
import { UnassignTamHandler } from './unassign-tam/unassign-tam.handler';

export * from './adjust-tam-working-hours/adjust-tam-working-hours.command';
export * from './assign-tam/assign-tam.command';
export * from './get-tam-assignment/get-tam-assignment.handler';
export * from './get-tam-assignment/get-tam-assignment.query';
export * from './reassign-tam/reassign-tam.command';
export * from './unassign-tam/unassign-tam.command';

export const TAM_ASSIGNMENT_HANDLERS = [
  AssignTamHandler,
  ReassignTamHandler,
  UnassignTamHandler,
  AdjustTamWorkingHoursHandler,
  GetTamAssignmentHandler,
];
