import { holidayClosuresOn, isKnownHolidayRegion } from './holiday-regions';
import { parseIsoDate } from './wall-time';

const closed = (region: string, date: string) => {
  const day = parseIsoDate(date) as number;
  return holidayClosuresOn(region, day, Number(date.slice(0, 4)));
};
const WHOLE_DAY = [{ from: 0, to: 1440 }];

describe('holiday regions', () => {
  it.each([
    ['US', '2025-07-04', 'Independence Day'],
    ['US', '2021-07-05', 'Independence Day observed on Monday (substitute)'],
    ['US', '2021-12-31', "New Year's Day 2022 observed on the Friday before (substitute, previous year)"],
    ['GB-ENG', '2025-08-25', 'Summer bank holiday (England)'],
    ['GB-ENG', '2022-12-27', 'Christmas Day observed on Tuesday (substitute)'],
    ['GB-SCT', '2025-01-02', '2 January (Scotland)'],
    ['GB-SCT', '2025-12-01', "St Andrew's Day observed on Monday (substitute)"],
    ['DE', '2025-10-03', 'Tag der Deutschen Einheit'],
    ['IT', '2025-06-02', 'Festa della Repubblica'],
    ['ID', '2025-08-17', 'Hari Kemerdekaan'],
    ['CN', '2025-10-01', '国庆节'],
    ['RU', '2025-01-03', 'New Year holidays, a multi-day break'],
  ])('%s closes %s (%s)', (region, date) => {
    expect(closed(region, date)).toEqual(WHOLE_DAY);
  });

  it('counts public and bank holidays only, not observances', () => {
    expect(closed('US', '2025-02-14')).toEqual([]); // Valentine's Day, an observance
    expect(closed('GB-ENG', '2025-01-02')).toEqual([]); // a Scottish holiday only
  });

  it('a half-day bank holiday closes from its start time (DE, Heiliger Abend from 14:00)', () => {
    expect(closed('DE', '2025-12-24')).toEqual([{ from: 14 * 60, to: 1440 }]);
  });

  it('knows regions and sub-regions of date-holidays and rejects others', () => {
    expect(isKnownHolidayRegion('GB-ENG')).toBe(true);
    expect(isKnownHolidayRegion('GB-XYZ')).toBe(false);
    expect(isKnownHolidayRegion('ZZ')).toBe(false);
  });
});
