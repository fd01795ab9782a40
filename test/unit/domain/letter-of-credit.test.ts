import fc from 'fast-check';
import { addCalendarDays, calendarDaysBetween, compareCalendarDates } from '../../../shared/domain/calendar-date';
import {
  countryOfBic,
  DEFAULT_PRESENTATION_DAYS,
  isBicShape,
  latestPresentationDate,
  presentationDeadlineForShipment,
  presentationWindowDays,
} from '../../../shared/domain/letter-of-credit';

describe('UCP 600 presentation deadlines', () => {
  it.each([
    ['21 days after shipment, before expiry', { latestShipmentDate: '2027-02-22', expiryDate: '2027-04-30' }, '2027-03-15'],
    ['expiry comes first', { latestShipmentDate: '2027-02-22', expiryDate: '2027-03-01' }, '2027-03-01'],
    ['credit states 10 days', { latestShipmentDate: '2027-02-22', expiryDate: '2027-04-30', presentationDays: 10 }, '2027-03-04'],
    ['across a leap day', { latestShipmentDate: '2028-02-20', expiryDate: '2028-12-31' }, '2028-03-12'],
    ['across the year end', { latestShipmentDate: '2026-12-20', expiryDate: '2027-02-28' }, '2027-01-10'],
  ])('%s', (_name, credit, expected) => {
    expect(latestPresentationDate(credit)).toBe(expected);
  });

  it('uses the actual shipment date once known', () => {
    expect(presentationDeadlineForShipment('2027-02-10', { expiryDate: '2027-03-15' })).toBe('2027-03-03');
    expect(presentationDeadlineForShipment('2027-03-01', { expiryDate: '2027-03-15' })).toBe('2027-03-15');
  });

  it('measures the window between latest shipment and latest presentation', () => {
    expect(presentationWindowDays({ latestShipmentDate: '2027-03-10', expiryDate: '2027-03-15' })).toBe(5);
    expect(presentationWindowDays({ latestShipmentDate: '2027-03-20', expiryDate: '2027-03-15' })).toBe(-5);
  });

  it('property: the deadline is the earlier of shipment + period and expiry', () => {
    const date = fc.integer({ min: 0, max: 20000 }).map((n) => addCalendarDays('2000-01-01', n));
    fc.assert(
      fc.property(date, fc.integer({ min: -30, max: 400 }), fc.option(fc.integer({ min: 1, max: 180 }), { nil: undefined }), (shipment, expiryOffset, days) => {
        const credit = { latestShipmentDate: shipment, expiryDate: addCalendarDays(shipment, expiryOffset), presentationDays: days };
        const deadline = latestPresentationDate(credit);
        const period = days ?? DEFAULT_PRESENTATION_DAYS;
        expect(compareCalendarDates(deadline, credit.expiryDate)).toBeLessThanOrEqual(0);
        expect(calendarDaysBetween(shipment, deadline)).toBeLessThanOrEqual(period);
        expect([credit.expiryDate, addCalendarDays(shipment, period)]).toContain(deadline);
        expect(presentationWindowDays(credit)).toBe(Math.min(period, expiryOffset));
      }),
    );
  });

  it.each([['INGBNL2A', true], ['BKCHCNBJ300', true], ['DEUTDEFF', true], ['INGB NL 2A', false], ['INGBNL2', false], ['1NGBNL2A', false]])('isBicShape(%s) = %s', (bic, ok) =>
    expect(isBicShape(bic)).toBe(ok),
  );
  it('reads the BIC country', () => expect(countryOfBic('BKCHCNBJ300')).toBe('CN'));
});
