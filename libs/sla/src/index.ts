export {
  ALWAYS_OPEN,
  type CalendarDefinition,
  CalendarInvalid,
  type CalendarProblem,
  type ExtraOpenDate,
  type OpenInterval,
  WEEKDAYS,
  type Weekday,
  type WeeklyHours,
} from './calendar/calendar-definition';
export { type CalendarValidation, validateCalendar } from './calendar/validate-calendar';
export { parseWeeklyHours } from './calendar/parse-weekly-hours';
export { BusinessCalendar, compileCalendar } from './calendar/business-calendar';
export { isKnownHolidayRegion } from './calendar/holiday-regions';
export {
  type BusinessDuration,
  CalendarNeverOpensAgain,
  type Stretch,
  addBusinessMillis,
  addBusinessTime,
  businessMillisBetween,
  businessTimeBetween,
  isOpen,
  isOpenAt,
  nextOpening,
  nextOpeningMillis,
  stretchesBetween,
} from './business-time';
export {
  DEFAULT_WARN_AT_SHARE,
  ELAPSED_TIME,
  SLA_METRICS,
  type SlaMetric,
  type SlaTarget,
  type TargetProblem,
  type TargetUnit,
  dueInstant,
  targetProblems,
} from './targets/sla-target';
export {
  type ClockSegment,
  type ClockSpec,
  type ClockState,
  type ClockStatus,
  type ClockTransition,
  ClockTransitionsInvalid,
  evaluateClock,
  reclassifyStart,
} from './clock/evaluate-clock';
export {
  type ClockTimeline,
  type TimelineCause,
  type TimelineSegment,
  type TimelineSegmentKind,
  clockTimeline,
} from './clock/clock-timeline';
export {
  type AccountManager,
  CRITICALITIES,
  type Channel,
  type Criticality,
  PRIORITIES,
  type PlanFeature,
  type PlanId,
  type Priority,
  type ServiceTimeZone,
  type Severity1Hotline,
  type SupportPlan,
  type TargetRule,
  type TermBasis,
  targetsFromTable,
} from './plans/support-plan';
export {
  type OverrideProblem,
  type PlanOverrides,
  type TargetOverride,
  applyTargetOverrides,
  validatePlanOverrides,
  withOverrides,
} from './plans/plan-overrides';
export { PLANS, PLAN_IDS, getPlan, isPlanId, serviceCalendar, validateSupportPlan } from './plans/plan-catalogue';
export {
  BIRD_DEFAULT_CRITICAL_UPDATE_ELAPSED_MINUTES,
  BIRD_DEFAULT_FIRST_RESPONSE_BUSINESS_MINUTES,
} from './plans/bird';
