/**
 * Documentary credit deadlines under UCP 600 (ICC publication 600, 2007 revision), in calendar days.
 *
 * - Art. 6(d)(i): a credit must state an expiry date for presentation.
 * - Art. 14(c): a presentation including original transport documents must be made not later than
 *   21 calendar days after the date of shipment, and in any event not later than the expiry date.
 *   A credit may state a different period (field 48 of an MT700); it then governs.
 * - Art. 29(a): an expiry date or last day for presentation falling on a bank closing day moves to the
 *   next banking day; 29(c): the latest shipment date never moves. Bank holidays are not modelled here:
 *   the dates computed are the ones printed on the credit, the safe (earliest) reading.
 * - Art. 30(a): "about"/"approximately" allows 10 % more or less on the amount.
 */
import { addCalendarDays, calendarDaysBetween, earlierCalendarDate, type CalendarDate } from './calendar-date';

/** UCP 600 art. 14(c): presentation period when the credit states none. */
export const DEFAULT_PRESENTATION_DAYS = 21;

/**
 * Shortest time between latest shipment and latest presentation we accept without a warning: couriers
 * from Asia to European banks take 3–5 days and the nominated bank needs time to check and
 * send discrepancies back.
 */
export const MINIMUM_PRESENTATION_WINDOW_DAYS = 7;

/** UCP 600 art. 30(a): the tolerance "about" or "approximately" gives; wider is unusual. */
export const USUAL_MAXIMUM_TOLERANCE_PERCENT = 10;

export interface CreditDates {
  readonly latestShipmentDate: CalendarDate;
  readonly expiryDate: CalendarDate;
  /** Days after shipment for presentation; 21 when the credit states none. */
  readonly presentationDays?: number;
}

/**
 * The last day documents can be presented if the goods ship on the latest shipment date: the earlier of
 * that date plus the presentation period and the credit's expiry (UCP 600 art. 14(c), 6(d)).
 *
 * Why: this, not the expiry date, is the date the export clerk must beat; a credit expiring 60 days after
 * shipment still needs documents within 21.
 *
 * @example latestPresentationDate({ latestShipmentDate: '2027-02-22', expiryDate: '2027-04-30' }) // '2027-03-15'
 * @example latestPresentationDate({ latestShipmentDate: '2027-02-22', expiryDate: '2027-03-01' }) // '2027-03-01'
 */
export function latestPresentationDate(credit: CreditDates): CalendarDate {
  return presentationDeadlineForShipment(credit.latestShipmentDate, credit);
}

/**
 * The presentation deadline once the actual shipment (on-board / B/L) date is known.
 *
 * @example presentationDeadlineForShipment('2027-02-10', { expiryDate: '2027-03-15', presentationDays: 21 }) // '2027-03-03'
 */
export function presentationDeadlineForShipment(
  shipmentDate: CalendarDate,
  credit: Pick<CreditDates, 'expiryDate' | 'presentationDays'>,
): CalendarDate {
  const byPeriod = addCalendarDays(shipmentDate, credit.presentationDays ?? DEFAULT_PRESENTATION_DAYS);
  return earlierCalendarDate(byPeriod, credit.expiryDate);
}

/**
 * Calendar days the seller has to present documents after shipping on the latest shipment date.
 * Negative when the credit expires before the latest shipment date.
 *
 * @example presentationWindowDays({ latestShipmentDate: '2027-03-10', expiryDate: '2027-03-15' }) // 5
 */
export function presentationWindowDays(credit: CreditDates): number {
  return calendarDaysBetween(credit.latestShipmentDate, latestPresentationDate(credit));
}

const BIC_SHAPE = /^[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/**
 * Whether a value has the shape of a SWIFT BIC (ISO 9362): 4 bank letters, 2 country letters,
 * 2 location characters, optional 3-character branch.
 *
 * @example isBicShape('INGBNL2A') // true
 * @example isBicShape('INGB NL 2A') // false
 */
export function isBicShape(bic: string): boolean {
  return BIC_SHAPE.test(bic);
}

/** The ISO country a BIC is registered in (characters 5–6). @example countryOfBic('BKCHCNBJ300') // 'CN' */
export function countryOfBic(bic: string): string {
  return bic.slice(4, 6);
}
