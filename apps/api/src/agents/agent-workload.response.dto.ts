import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AgentSuggestion, AgentWorkload } from '@caseledger/read-models';

class OpenByPriority {
  @ApiProperty({ description: 'Open P1 cases.', example: 1 })
  P1: number;
  @ApiProperty({ description: 'Open P2 cases.', example: 2 })
  P2: number;
  @ApiProperty({ description: 'Open P3 cases.', example: 0 })
  P3: number;
  @ApiProperty({ description: 'Open P4 cases.', example: 0 })
  P4: number;
}

class OpenByCriticality {
  @ApiProperty({ description: 'Open critical cases.', example: 1 })
  critical: number;
  @ApiProperty({ description: 'Open non-critical cases.', example: 2 })
  nonCritical: number;
}

export class AgentWorkloadResponse {
  @ApiProperty({ description: 'Agent id, as cases are assigned to it.', example: 'agent.smith' })
  agentId: string;
  @ApiProperty({ description: 'Open cases (not resolved or closed) assigned to the agent.', example: 3 })
  openCases: number;
  @ApiProperty({ description: 'Open cases by priority.', type: OpenByPriority })
  openByPriority: OpenByPriority;
  @ApiProperty({ description: 'Open cases by criticality.', type: OpenByCriticality })
  openByCriticality: OpenByCriticality;
  @ApiProperty({ description: 'Open cases that are P1 or critical, each counted once.', example: 1 })
  openUrgent: number;
  @ApiProperty({
    description: 'Open cases awaiting the agent: not answered since (re)opening, or the customer answered since.',
    example: 2,
  })
  awaitingAgent: number;
  @ApiProperty({
    description: 'Open cases awaiting the customer: information requested, or a resolution proposed to them.',
    example: 1,
  })
  awaitingCustomer: number;
  @ApiProperty({
    description: 'Earliest due instant among running clocks of its open cases, or null.',
    example: '2026-04-07T14:20:00.000Z',
    nullable: true,
    type: String,
  })
  nextDueAt: string | null;
  @ApiProperty({
    description:
      'Clocks breached since the start of the ISO week (Monday 00:00 UTC) while the case was assigned to the agent.',
    example: 0,
  })
  breachesThisWeek: number;
  @ApiProperty({
    description: 'Start of the week breachesThisWeek counts from (Monday 00:00 UTC).',
    example: '2026-04-06T00:00:00.000Z',
  })
  weekStartsAt: string;

  static of(workload: AgentWorkload): AgentWorkloadResponse {
    return {
      ...workload,
      openByPriority: { ...workload.openByPriority },
      openByCriticality: { ...workload.openByCriticality },
    };
  }
}

export class AgentWorkloadListResponse {
  @ApiProperty({
    description: 'One page of the agents that have been assigned a case, in id order.',
    type: [AgentWorkloadResponse],
  })
  items: AgentWorkloadResponse[];
  @ApiPropertyOptional({
    description: 'Link to the next page; absent on the last one.',
    example: '/v1/agents/workload?limit=50&cursor=WyJhZ2VudElkOmFzYyIsImFnZW50LnNtaXRoIl0',
  })
  next?: string;
  @ApiProperty({ description: 'The instant the figures are computed at.', example: '2026-04-07T14:30:00.000Z' })
  asOf: string;
}

export class AgentSuggestionResponse {
  @ApiProperty({ description: 'The case the suggestion is for.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  caseId: string;
  @ApiProperty({
    description: 'The least-loaded agent, or null when no agent has been assigned any case yet.',
    example: 'agent.jones',
    nullable: true,
    type: String,
  })
  agentId: string | null;
  @ApiProperty({
    description: 'Why this agent, in words.',
    example:
      'agent.jones has 0 open P1/critical and 1 open cases in all, next due 2026-04-07T16:00:00.000Z: fewer ' +
      'P1/critical cases than agent.smith (2).',
  })
  reason: string;
  @ApiProperty({ description: 'How many agents were compared.', example: 4 })
  candidates: number;

  static of(caseId: string, suggestion: AgentSuggestion): AgentSuggestionResponse {
    return { caseId, ...suggestion };
  }
}
