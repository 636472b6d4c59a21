import assert from 'node:assert/strict';
import { isOpen, nextOpening, validateBusinessHours, type BusinessHours } from '../../../gateway/fastpath/machine/index.js';

const weekdays = (from: string, to: string): BusinessHours['weekly'] => [1, 2, 3, 4, 5].map((day) => ({ day, from, to }));
const berlin: BusinessHours = { timeZone: 'Europe/Berlin', weekly: weekdays('09:00', '17:00'), holidays: ['2024-12-25'] };
const t = (iso: string): number => Date.parse(iso);

describe('fastpath business hours', () => {
  const cases: Array<{ name: string; hours: BusinessHours; now: string; open: boolean; next: string | null }> = [
    { name: 'when it is Monday 08:00 in Berlin (winter), then closed and opening at 09:00 CET', hours: berlin, now: '2024-03-04T07:00:00Z', open: false, next: '2024-03-04T08:00:00Z' },
    { name: 'when it is Monday 09:00 exactly, then open (from is inclusive)', hours: berlin, now: '2024-03-04T08:00:00Z', open: true, next: '2024-03-04T08:00:00Z' },
    { name: 'when it is 17:00 exactly, then closed (to is exclusive) until the next morning', hours: berlin, now: '2024-03-04T16:00:00Z', open: false, next: '2024-03-05T08:00:00Z' },
    { name: 'when Friday evening is before the spring change, then Monday opens at 09:00 CEST (07:00Z)', hours: berlin, now: '2024-03-29T17:00:00Z', open: false, next: '2024-04-01T07:00:00Z' },
    { name: 'when Friday evening is before the autumn change, then Monday opens at 09:00 CET (08:00Z)', hours: berlin, now: '2024-10-25T16:00:00Z', open: false, next: '2024-10-28T08:00:00Z' },
    { name: 'when a range starts in the spring gap (02:30 never happens), then it opens when the clock jumps to 03:00', hours: { timeZone: 'Europe/Berlin', weekly: [{ day: 0, from: '02:30', to: '04:00' }], holidays: [] }, now: '2024-03-30T12:00:00Z', open: false, next: '2024-03-31T01:00:00Z' },
    { name: 'when a range starts in the autumn overlap (02:30 happens twice), then it opens at the first 02:30', hours: { timeZone: 'Europe/Berlin', weekly: [{ day: 0, from: '02:30', to: '04:00' }], holidays: [] }, now: '2024-10-26T12:00:00Z', open: false, next: '2024-10-27T00:30:00Z' },
    { name: 'when the day before a holiday ends, then the day after the holiday opens', hours: berlin, now: '2024-12-24T17:00:00Z', open: false, next: '2024-12-26T08:00:00Z' },
    { name: 'when it is a holiday at 10:00, then closed', hours: berlin, now: '2024-12-25T09:00:00Z', open: false, next: '2024-12-26T08:00:00Z' },
    { name: 'when New York springs forward, then 09:00 EDT is 13:00Z', hours: { timeZone: 'America/New_York', weekly: weekdays('09:00', '17:00'), holidays: [] }, now: '2024-03-08T23:00:00Z', open: false, next: '2024-03-11T13:00:00Z' },
    { name: 'when a night shift runs to 24:00 and on from 00:00, then 23:59 and 00:00 are both open', hours: { timeZone: 'UTC', weekly: [{ day: 1, from: '22:00', to: '24:00' }, { day: 2, from: '00:00', to: '06:00' }], holidays: [] }, now: '2024-03-05T00:00:00Z', open: true, next: '2024-03-05T00:00:00Z' },
    { name: 'when the night shift is over, then the next one starts Monday 22:00', hours: { timeZone: 'UTC', weekly: [{ day: 1, from: '22:00', to: '24:00' }, { day: 2, from: '00:00', to: '06:00' }], holidays: [] }, now: '2024-03-05T06:00:00Z', open: false, next: '2024-03-11T22:00:00Z' },
    { name: 'when the schedule has no ranges, then it never opens', hours: { timeZone: 'UTC', weekly: [], holidays: [] }, now: '2024-03-05T06:00:00Z', open: false, next: null },
    { name: 'when Tokyo (no DST) is asked at Sunday noon, then Monday 09:00 JST is 00:00Z', hours: { timeZone: 'Asia/Tokyo', weekly: weekdays('09:00', '18:00'), holidays: [] }, now: '2024-03-10T03:00:00Z', open: false, next: '2024-03-11T00:00:00Z' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(isOpen(c.hours, t(c.now)), c.open);
      const next = nextOpening(c.hours, t(c.now));
      assert.equal(next === null ? null : new Date(next).toISOString(), c.next === null ? null : new Date(t(c.next)).toISOString());
    });
  }

  it('when a schedule is malformed, then each problem names its field', () => {
    const problems = validateBusinessHours({
      timeZone: 'Mars/Olympus',
      weekly: [{ day: 7, from: '9:00', to: '08:00' }, { day: 1, from: '10:00', to: '09:00' }, { day: 1, from: '10:00', to: '24:01' }],
      holidays: ['2024-02-30', 'tomorrow'],
    });
    assert.deepEqual(problems, [
      'businessHours.timeZone: an IANA time zone such as Europe/Berlin',
      'businessHours.weekly[0].day: 0 (Sunday) to 6 (Saturday)',
      "businessHours.weekly[0].from: 'HH:MM' from 00:00 to 23:59",
      "businessHours.weekly[1]: 'to' must be after 'from'",
      "businessHours.weekly[2].to: 'HH:MM' up to 24:00",
      'businessHours.holidays[0]: a date YYYY-MM-DD',
      'businessHours.holidays[1]: a date YYYY-MM-DD',
    ]);
    assert.deepEqual(validateBusinessHours(berlin), []);
  });
});
