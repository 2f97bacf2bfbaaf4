import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDefinitionDto } from '../calendars/calendar-definition.dto';
import { PreviewTargetDto } from '../sla-preview/preview-sla.request.dto';
import { CRITICALITY_VALUES, PRIORITY_VALUES } from '../support-cases/case-fields';

const BASIS = {
  description: 'Where the term comes from: the document, or a default taken where it is silent.',
  enum: ['document', 'default', 'contract'],
  example: 'document',
};

export class ServiceTimeZoneResponse {
  @ApiProperty({ description: 'Id to give as serviceTimeZone when signing a contract.', example: 'uk' })
  id: string;

  @ApiProperty({ description: 'Human label.', example: 'UK time, 08:30–16:30 Monday–Friday less bank holidays' })
  label: string;

  @ApiProperty({ description: 'The business-hours calendar of that zone.', type: CalendarDefinitionDto })
  calendar: CalendarDefinitionDto;
}

export class TargetRuleResponse {
  @ApiProperty({
    description: 'Priorities the target applies to.',
    enum: PRIORITY_VALUES,
    isArray: true,
    example: ['P1'],
  })
  priorities: string[];

  @ApiProperty({
    description: 'Criticalities the target applies to.',
    enum: CRITICALITY_VALUES,
    isArray: true,
    example: ['critical'],
  })
  criticalities: string[];

  @ApiProperty({ description: 'The target.', type: PreviewTargetDto })
  target: PreviewTargetDto;

  @ApiProperty(BASIS)
  basis: string;

  @ApiPropertyOptional({
    description: 'Why a default was taken, or what the document says.',
    example: 'The documents give no number; 8 business hours by default.',
  })
  note?: string;
}

export class Severity1HotlineResponse {
  @ApiProperty({ description: 'Whether the 24/7/365 Severity-1 hotline is included.', example: true })
  available: boolean;

  @ApiPropertyOptional({ description: 'Minutes within which an agent calls back (elapsed).', example: 15 })
  callbackMinutes?: number;
}

export class AccountManagerResponse {
  @ApiProperty({
    description: 'Technical Account Manager (Bird) or personal customer-happiness manager (Beesender).',
    enum: ['technicalAccountManager', 'personalCustomerHappinessManager'],
    example: 'technicalAccountManager',
  })
  role: string;

  @ApiProperty({ description: 'Whether the plan includes one.', example: true })
  included: boolean;

  @ApiProperty(BASIS)
  basis: string;

  @ApiProperty({ description: 'How the customer reaches the manager.', type: [String], example: ['phone', 'email'] })
  reachableBy: string[];

  @ApiProperty({ description: 'When the manager is available.', example: 'businessHours' })
  hours: string;

  @ApiProperty({
    description: 'What the manager does.',
    type: [String],
    example: ['Escalation point for problems, configuration and information requests'],
  })
  duties: string[];
}

export class PlanFeatureResponse {
  @ApiProperty({ description: 'Stable id of the feature.', example: 'developerConsultations' })
  id: string;

  @ApiProperty({ description: 'What the feature is.', example: 'Consultations with the system developers' })
  label: string;

  @ApiProperty({ description: 'Whether the plan includes it.', example: true })
  included: boolean;

  @ApiProperty(BASIS)
  basis: string;
}

export class PlanResponse {
  @ApiProperty({ description: 'Stable plan id.', example: 'beesender-business' })
  id: string;

  @ApiProperty({ description: 'Vendor.', example: 'Beesender' })
  vendor: string;

  @ApiProperty({ description: 'Plan name.', example: 'Beesender Business' })
  name: string;

  @ApiProperty({
    description: 'What the plan offers.',
    example: 'Support desk 9:00–18:00 Monday–Sunday; first response P1 in 1, P2–P4 in 4 business hours.',
  })
  description: string;

  @ApiProperty({
    description: 'The document the plan is taken from.',
    example: 'Beesender technical support tiers (004_2d9fdbdc9390b083.txt)',
  })
  source: string;

  @ApiPropertyOptional({ description: 'Price as a share of the licence cost, percent.', example: 12 })
  priceShareOfLicencePercent?: number;

  @ApiProperty({ description: 'When cases may be filed.', example: '24/7' })
  caseRegistrationHours: string;

  @ApiProperty({
    description: 'Channels to file a case through.',
    type: [String],
    example: ['portal', 'chatBot', 'email'],
  })
  registrationChannels: string[];

  @ApiProperty({
    description: 'Channels support communicates through.',
    type: [String],
    example: ['portal', 'email', 'phone'],
  })
  communicationChannels: string[];

  @ApiProperty({ description: 'How many contacts may file cases.', example: 5 })
  authorisedContactLimit: number;

  @ApiProperty({ description: 'The Severity-1 hotline.', type: Severity1HotlineResponse })
  severity1Hotline: Severity1HotlineResponse;

  @ApiProperty({
    description: 'Service time zones to choose from, each with its business hours.',
    type: [ServiceTimeZoneResponse],
  })
  serviceTimeZones: ServiceTimeZoneResponse[];

  @ApiProperty({ description: 'The zone used when a contract names none.', example: 'gmt+3' })
  defaultServiceTimeZone: string;

  @ApiProperty({ description: 'Response and update targets by priority and criticality.', type: [TargetRuleResponse] })
  targetTable: TargetRuleResponse[];

  @ApiProperty({
    description: 'Clocks that pause while the case awaits the customer.',
    type: [String],
    example: ['nextUpdate', 'resolution'],
  })
  pausesWhileAwaitingCustomer: string[];

  @ApiProperty({ description: 'Technical account manager or personal manager.', type: AccountManagerResponse })
  tam: AccountManagerResponse;

  @ApiProperty({ description: 'Application updates with package reinstall per year.', example: 2 })
  updateAllowancePerYear: number;

  @ApiProperty({ description: 'Whether consultations with the developers are included.', example: false })
  developerConsultations: boolean;

  @ApiProperty({ description: 'Further terms of the plan.', type: [PlanFeatureResponse] })
  features: PlanFeatureResponse[];

  @ApiProperty({
    description: 'Where the document leaves a term open, and the default taken.',
    type: [String],
    example: ['Non-critical first response: 480 business minutes by default'],
  })
  openQuestions: string[];
}

export class PlanListResponse {
  @ApiProperty({ description: 'Every built-in plan, side by side.', type: [PlanResponse] })
  plans: PlanResponse[];
}
