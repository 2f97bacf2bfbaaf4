export type CaseCategory =
  'incident' | 'configurationRequest' | 'informationRequest' | 'consultation' | 'paidCustomisation';

export const CASE_CATEGORIES: readonly CaseCategory[] = [
  'incident',
  'configurationRequest',
  'informationRequest',
  'consultation',
  'paidCustomisation',
];
