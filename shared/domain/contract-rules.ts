/**
 * Cross-field rules an experienced export clerk checks before a contract is signed, as data: each has a
 * stable id, the fields it reports on, a severity, a summary for the docs, its source where there is
 * one, and a pure check. `validateContract` runs them all after the schema has passed; the docs, the
 * dependency graph and the tests read the same list.
 */
import {
  anyModeEquivalentOf,
  INCOTERMS_2020,
  isRuleUsableWith,
  meetsMinimumCover,
  MINIMUM_INSURED_PERCENT,
  WATERBORNE_MODES,
} from './incoterms';
import { addDecimals, compareDecimals, fitsMinorUnits, formatMoney, lineAmount, money, percentageOf, sumMoney, type Money } from './money';
import { countryName, countryNames, countryOfUnLocode, KNOWN_PLACES, minorUnitsOf } from './reference-data';
import { calendarDateOfInstant, compareCalendarDates } from './calendar-date';
import {
  countryOfBic,
  latestPresentationDate,
  MINIMUM_PRESENTATION_WINDOW_DAYS,
  presentationWindowDays,
  USUAL_MAXIMUM_TOLERANCE_PERCENT,
} from './letter-of-credit';
import type { FieldIssue, IssueSeverity } from './validation-error';
import type { ContractDraft, LetterOfCreditTerms } from './contract';

/** A problem a rule found: where, and what to do about it. */
export interface RuleFinding {
  readonly path: string;
  readonly message: string;
}

export interface ContractRule {
  readonly id: string;
  readonly severity: IssueSeverity;
  /** Fields the rule reports on (array elements written `lines[]`). */
  readonly fields: readonly string[];
  /** One sentence for the docs, in the clerk's words. */
  readonly summary: string;
  readonly source?: string;
  readonly check: (contract: ContractDraft) => readonly RuleFinding[];
}

const none: readonly RuleFinding[] = [];

function creditOf(c: ContractDraft): LetterOfCreditTerms | undefined {
  return c.paymentTerms.method === 'LC' ? c.paymentTerms : undefined;
}

function amountIn(c: ContractDraft, amount: string): Money {
  return { amount, currency: c.currency };
}

/** An amount for a message: formatted when it fits the currency, as stated otherwise. */
function formatted(c: ContractDraft, amount: string): string {
  return fitsMinorUnits(amount, c.currency) ? formatMoney(money(amount, c.currency)) : `${c.currency} ${amount}`;
}

function simplified(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** Whether free text names a UN/LOCODE place, by its code or a name from the gazetteer. */
function namesPlace(text: string, locode: string): boolean {
  const haystack = ` ${simplified(text)} `;
  if (haystack.replaceAll(' ', '').includes(locode)) return true;
  return (KNOWN_PLACES[locode] ?? []).some((name) => haystack.includes(` ${simplified(name)} `));
}

function placeLabel(locode: string): string {
  const name = KNOWN_PLACES[locode]?.[0];
  return name ? `${locode} (${name})` : locode;
}

function mentionsCountry(text: string, country: string): boolean {
  const haystack = ` ${simplified(text)} `;
  return [country, ...countryNames(country)].some((name) => haystack.includes(` ${simplified(name)} `));
}

/** The catalogue of cross-field rules, in the order a clerk reads a contract. */
export const CONTRACT_RULES: readonly ContractRule[] = [
  // ---- Parties ---------------------------------------------------------------------------------
  {
    id: 'parties.different-countries',
    severity: 'warning',
    fields: ['buyer.country'],
    summary: 'Seller and buyer in the same country: a domestic sale needs no Incoterms, L/C or export clearance — check the parties.',
    check: (c) =>
      c.seller.country === c.buyer.country
        ? [{ path: 'buyer.country', message: `Seller and buyer are both in ${countryName(c.buyer.country) ?? c.buyer.country}; is this really an export sale?` }]
        : none,
  },

  // ---- Incoterms and transport ------------------------------------------------------------------
  {
    id: 'incoterms.sea-rule-mode',
    severity: 'error',
    fields: ['transport.mode'],
    summary: 'FAS, FOB, CFR and CIF are for sea and inland waterway transport only; other modes need FCA, CPT or CIP.',
    source: 'Incoterms 2020, guidance notes to FAS/FOB/CFR/CIF',
    check: (c) =>
      isRuleUsableWith(c.incoterms.rule, c.transport.mode)
        ? none
        : [
            {
              path: 'transport.mode',
              message: `${c.incoterms.rule} is for sea and inland waterway transport only, but the transport mode is ${c.transport.mode}; use ${anyModeEquivalentOf(c.incoterms.rule)} (${INCOTERMS_2020[anyModeEquivalentOf(c.incoterms.rule)].name}) instead, or correct the mode`,
            },
          ],
  },
  {
    id: 'transport.ports-required',
    severity: 'error',
    fields: ['transport.portOfLoading', 'transport.portOfDischarge'],
    summary: 'Sea-only Incoterms and sea or inland waterway transport need both the port of loading and the port of discharge.',
    check: (c) => {
      const seaRule = INCOTERMS_2020[c.incoterms.rule].seaAndInlandWaterwayOnly;
      if (!seaRule && !WATERBORNE_MODES.includes(c.transport.mode)) return none;
      const why = seaRule ? `${c.incoterms.rule} names a port` : `${c.transport.mode} transport goes port to port`;
      const findings: RuleFinding[] = [];
      if (c.transport.portOfLoading === undefined) {
        findings.push({ path: 'transport.portOfLoading', message: `The port of loading is required: ${why}. Give its UN/LOCODE, e.g. CNSHA` });
      }
      if (c.transport.portOfDischarge === undefined) {
        findings.push({ path: 'transport.portOfDischarge', message: `The port of discharge is required: ${why}. Give its UN/LOCODE, e.g. NLRTM` });
      }
      return findings;
    },
  },
  {
    id: 'transport.ports-differ',
    severity: 'error',
    fields: ['transport.portOfDischarge'],
    summary: 'The port of discharge differs from the port of loading.',
    check: (c) =>
      c.transport.portOfLoading !== undefined && c.transport.portOfLoading === c.transport.portOfDischarge
        ? [{ path: 'transport.portOfDischarge', message: `The port of discharge is the same as the port of loading (${placeLabel(c.transport.portOfLoading)})` }]
        : none,
  },
  {
    id: 'incoterms.named-place-port',
    severity: 'error',
    fields: ['incoterms.namedPlace'],
    summary:
      'FAS/FOB name the port of loading, CFR/CIF the port of discharge: the named place must be that port, by UN/LOCODE or by its name (names known for the ports in our gazetteer).',
    source: 'Incoterms 2020, A2/B2 of FAS, FOB, CFR, CIF',
    check: (c) => {
      const role = INCOTERMS_2020[c.incoterms.rule].namedPlace;
      const port =
        role === 'port-of-shipment' ? c.transport.portOfLoading : role === 'port-of-destination' ? c.transport.portOfDischarge : undefined;
      if (port === undefined || namesPlace(c.incoterms.namedPlace, port)) return none;
      if (KNOWN_PLACES[port] === undefined) return none; // cannot tell a correct local name from a wrong one
      const which = role === 'port-of-shipment' ? 'port of loading' : 'port of discharge';
      return [
        {
          path: 'incoterms.namedPlace',
          message: `${c.incoterms.rule} ${c.incoterms.namedPlace}: under ${c.incoterms.rule} the named place is the ${which}, which is ${placeLabel(port)}; correct the named place or the port`,
        },
      ];
    },
  },
  {
    id: 'incoterms.named-place-destination',
    severity: 'warning',
    fields: ['incoterms.namedPlace'],
    summary:
      'CPT, CIP, DAP, DPU and DDP name the place of destination: it should be the place of delivery (or port of discharge) given in transport.',
    source: 'Incoterms 2020, A2/B2 of CPT, CIP, DAP, DPU, DDP',
    check: (c) => {
      if (INCOTERMS_2020[c.incoterms.rule].namedPlace !== 'place-of-destination') return none;
      const candidates = [c.transport.placeOfDelivery, c.transport.portOfDischarge].filter((p): p is string => p !== undefined);
      const checkable = candidates.filter((p) => KNOWN_PLACES[p] !== undefined);
      if (checkable.length === 0 || candidates.some((p) => namesPlace(c.incoterms.namedPlace, p))) return none;
      return [
        {
          path: 'incoterms.namedPlace',
          message: `${c.incoterms.rule} ${c.incoterms.namedPlace}: the named place of destination does not match ${candidates.map(placeLabel).join(' or ')}; check where delivery happens`,
        },
      ];
    },
  },
  {
    id: 'incoterms.ddp-importer-of-record',
    severity: 'warning',
    fields: ['incoterms.rule'],
    summary: "DDP makes the seller the importer of record in the buyer's country: import clearance, duties and import VAT are the seller's.",
    source: 'Incoterms 2020, DDP A7/A9',
    check: (c) =>
      c.incoterms.rule === 'DDP'
        ? [
            {
              path: 'incoterms.rule',
              message: `Under DDP the seller must clear the goods for import into ${countryName(c.buyer.country) ?? c.buyer.country} and pay duties and import VAT; confirm the seller can act as importer of record there, or use DAP`,
            },
          ]
        : none,
  },
  {
    id: 'incoterms.exw-export-clearance',
    severity: 'warning',
    fields: ['incoterms.rule'],
    summary: "EXW leaves export clearance to a foreign buyer, who often cannot do it in the seller's country; FCA is usually meant.",
    source: 'Incoterms 2020, EXW guidance note and A7/B7',
    check: (c) =>
      c.incoterms.rule === 'EXW' && c.seller.country !== c.buyer.country
        ? [{ path: 'incoterms.rule', message: 'Under EXW the foreign buyer must clear the goods for export; the seller usually has to do it anyway. Consider FCA at the same place' }]
        : none,
  },

  // ---- Insurance ----------------------------------------------------------------------------------
  {
    id: 'insurance.required-for-cif-cip',
    severity: 'error',
    fields: ['insurance'],
    summary: 'Under CIF and CIP the seller insures the goods: the insurance terms must be stated.',
    source: 'Incoterms 2020, CIF/CIP A5',
    check: (c) => {
      const duty = INCOTERMS_2020[c.incoterms.rule].sellerInsures;
      if (duty === undefined || c.insurance !== undefined) return none;
      return [
        {
          path: 'insurance',
          message: `${c.incoterms.rule} requires the seller to insure the cargo: state the cover (at least ${MINIMUM_INSURED_PERCENT}% of the value, Institute Cargo Clauses (${duty.minimumClauses}) or wider)`,
        },
      ];
    },
  },
  {
    id: 'insurance.minimum-clauses',
    severity: 'error',
    fields: ['insurance.clauses'],
    summary: 'CIP needs Institute Cargo Clauses (A); CIF at least (C).',
    source: 'Incoterms 2020, CIP A5 and CIF A5',
    check: (c) => {
      const duty = INCOTERMS_2020[c.incoterms.rule].sellerInsures;
      if (duty === undefined || c.insurance === undefined || meetsMinimumCover(c.insurance.clauses, duty.minimumClauses)) return none;
      return [
        {
          path: 'insurance.clauses',
          message: `${c.incoterms.rule} under Incoterms 2020 requires Institute Cargo Clauses (${duty.minimumClauses}); clauses (${c.insurance.clauses}) give less cover`,
        },
      ];
    },
  },
  {
    id: 'insurance.minimum-coverage',
    severity: 'error',
    fields: ['insurance.coveragePercent'],
    summary: 'Cargo insurance covers at least 110% of the contract value.',
    source: 'Incoterms 2020, CIF/CIP A5; UCP 600 art. 28(f)(ii)',
    check: (c) =>
      c.insurance !== undefined && compareDecimals(c.insurance.coveragePercent, String(MINIMUM_INSURED_PERCENT)) < 0
        ? [{ path: 'insurance.coveragePercent', message: `Insurance must cover at least ${MINIMUM_INSURED_PERCENT}% of the contract value; ${c.insurance.coveragePercent}% is stated` }]
        : none,
  },

  // ---- Lines and amounts --------------------------------------------------------------------------
  {
    id: 'lines.non-empty',
    severity: 'error',
    fields: ['lines'],
    summary: 'A contract sells at least one line of goods.',
    check: (c) => (c.lines.length === 0 ? [{ path: 'lines', message: 'The contract has no lines; add at least one line of goods' }] : none),
  },
  {
    id: 'lines.unique-line-no',
    severity: 'error',
    fields: ['lines[].lineNo'],
    summary: 'Line numbers are unique (documents and partner messages refer to them).',
    check: (c) => {
      const seen = new Map<number, number>();
      const findings: RuleFinding[] = [];
      c.lines.forEach((line, index) => {
        const first = seen.get(line.lineNo);
        if (first === undefined) seen.set(line.lineNo, index);
        else findings.push({ path: `lines[${index}].lineNo`, message: `Line number ${line.lineNo} is used twice (also entry ${first + 1}); give each line its own number` });
      });
      return findings;
    },
  },
  {
    id: 'lines.hs-edition-consistent',
    severity: 'warning',
    fields: ['lines[].hsEdition'],
    summary: 'All lines are classified under the same HS edition.',
    source: 'WCO Harmonized System',
    check: (c) => {
      const first = c.lines[0]?.hsEdition;
      return c.lines.flatMap((line, index) =>
        line.hsEdition !== first
          ? [{ path: `lines[${index}].hsEdition`, message: `Line ${line.lineNo} is classified under ${line.hsEdition}, line ${c.lines[0]?.lineNo} under ${first}; classify all lines under one edition` }]
          : [],
      );
    },
  },
  {
    id: 'amounts.positive',
    severity: 'error',
    fields: ['lines[].quantity', 'lines[].unitPrice', 'totalAmount'],
    summary: 'Quantities, unit prices and the total are greater than zero.',
    check: (c) => {
      const findings: RuleFinding[] = [];
      c.lines.forEach((line, index) => {
        if (compareDecimals(line.quantity, '0') <= 0) findings.push({ path: `lines[${index}].quantity`, message: `The quantity of line ${line.lineNo} must be greater than zero; got ${line.quantity}` });
        if (compareDecimals(line.unitPrice, '0') <= 0) findings.push({ path: `lines[${index}].unitPrice`, message: `The unit price of line ${line.lineNo} must be greater than zero; got ${line.unitPrice}` });
      });
      if (compareDecimals(c.totalAmount, '0') <= 0) findings.push({ path: 'totalAmount', message: `The total amount must be greater than zero; got ${c.totalAmount}` });
      return findings;
    },
  },
  {
    id: 'amounts.currency-minor-units',
    severity: 'error',
    fields: ['totalAmount', 'lines[].amount', 'paymentTerms.amount'],
    summary: 'Amounts have no more decimals than the currency has minor units (JPY 0, USD 2, KWD 3).',
    source: 'ISO 4217 minor units (currency-codes)',
    check: (c) => {
      const digits = minorUnitsOf(c.currency) ?? 2;
      const tooPrecise = (amount: string) => !fitsMinorUnits(amount, c.currency);
      const message = (what: string, amount: string) =>
        `${c.currency} amounts have ${digits} decimal place${digits === 1 ? '' : 's'}; the ${what} ${amount} has more`;
      const findings: RuleFinding[] = [];
      if (tooPrecise(c.totalAmount)) findings.push({ path: 'totalAmount', message: message('total amount', c.totalAmount) });
      c.lines.forEach((line, index) => {
        if (line.amount !== undefined && tooPrecise(line.amount)) findings.push({ path: `lines[${index}].amount`, message: message(`amount of line ${line.lineNo}`, line.amount) });
      });
      const credit = creditOf(c);
      if (credit?.amount !== undefined) {
        const creditCurrency = credit.currency ?? c.currency;
        if (!fitsMinorUnits(credit.amount, creditCurrency)) {
          const creditDigits = minorUnitsOf(creditCurrency) ?? digits;
          findings.push({ path: 'paymentTerms.amount', message: `${creditCurrency} amounts have ${creditDigits} decimal place${creditDigits === 1 ? '' : 's'}; the credit amount ${credit.amount} has more` });
        }
      }
      return findings;
    },
  },
  {
    id: 'amounts.line-amount-matches',
    severity: 'error',
    fields: ['lines[].amount'],
    summary: 'A stated line amount equals quantity × unit price, rounded half-up to the currency.',
    check: (c) =>
      c.lines.flatMap((line, index) => {
        if (line.amount === undefined) return [];
        const expected = lineAmount(line.quantity, line.unitPrice, c.currency);
        if (compareDecimals(expected.amount, line.amount) === 0) return [];
        return [
          {
            path: `lines[${index}].amount`,
            message: `Line ${line.lineNo}: ${line.quantity} × ${line.unitPrice} = ${formatMoney(expected)}, but the line states ${formatted(c, line.amount)}`,
          },
        ];
      }),
  },
  {
    id: 'amounts.total-matches-lines',
    severity: 'error',
    fields: ['totalAmount'],
    summary: 'The total amount equals the sum of the line amounts (each quantity × unit price, rounded half-up to the currency).',
    check: (c) => {
      if (c.lines.length === 0) return none;
      const expected = sumMoney(
        c.currency,
        c.lines.map((line) => lineAmount(line.quantity, line.unitPrice, c.currency)),
      );
      if (compareDecimals(expected.amount, c.totalAmount) === 0) return none;
      return [
        {
          path: 'totalAmount',
          message: `The total amount should be ${formatMoney(expected)} (the sum of ${c.lines.length} line amount${c.lines.length === 1 ? '' : 's'}), but ${formatted(c, c.totalAmount)} is stated`,
        },
      ];
    },
  },

  // ---- Payment terms -------------------------------------------------------------------------------
  {
    id: 'payment.deposit-range',
    severity: 'error',
    fields: ['paymentTerms.depositPercent'],
    summary: 'A T/T deposit is between 0 and 100 per cent.',
    check: (c) =>
      c.paymentTerms.method === 'TT' &&
      (compareDecimals(c.paymentTerms.depositPercent, '0') < 0 || compareDecimals(c.paymentTerms.depositPercent, '100') > 0)
        ? [{ path: 'paymentTerms.depositPercent', message: `The deposit must be between 0 and 100 per cent; got ${c.paymentTerms.depositPercent}` }]
        : none,
  },
  {
    id: 'payment.balance-days-required',
    severity: 'error',
    fields: ['paymentTerms.balanceDays'],
    summary: "A T/T balance due 'days after B/L' states how many days.",
    check: (c) =>
      c.paymentTerms.method === 'TT' && c.paymentTerms.balanceDue === 'DAYS_AFTER_BL' && c.paymentTerms.balanceDays === undefined
        ? [{ path: 'paymentTerms.balanceDays', message: 'The balance is due a number of days after the B/L date: state how many days' }]
        : none,
  },
  {
    id: 'payment.balance-days-unexpected',
    severity: 'warning',
    fields: ['paymentTerms.balanceDays'],
    summary: "Balance days are stated but the balance is not due 'days after B/L'; they will be ignored.",
    check: (c) =>
      c.paymentTerms.method === 'TT' && c.paymentTerms.balanceDue !== 'DAYS_AFTER_BL' && c.paymentTerms.balanceDays !== undefined
        ? [{ path: 'paymentTerms.balanceDays', message: `Balance days are stated but the balance is due ${c.paymentTerms.balanceDue.replaceAll('_', ' ').toLowerCase()}; remove them or choose DAYS_AFTER_BL` }]
        : none,
  },
  {
    id: 'payment.unsecured-new-customer',
    severity: 'warning',
    fields: ['paymentTerms.method'],
    summary: 'Open account or D/A to a new customer is unsecured credit: consider an L/C, a deposit or credit insurance.',
    check: (c) =>
      c.customer.isNew && (c.paymentTerms.method === 'OA' || c.paymentTerms.method === 'DA')
        ? [{ path: 'paymentTerms.method', message: `${c.paymentTerms.method === 'OA' ? 'Open account' : 'D/A'} gives a new customer ${c.paymentTerms.days} days of unsecured credit; consider an L/C, a T/T deposit or credit insurance` }]
        : none,
  },

  // ---- Letter of credit ------------------------------------------------------------------------------
  {
    id: 'lc.shipment-before-expiry',
    severity: 'error',
    fields: ['paymentTerms.latestShipmentDate'],
    summary: "The credit's latest shipment date is not after its expiry date.",
    source: 'UCP 600 art. 6(d), 14(c)',
    check: (c) => {
      const credit = creditOf(c);
      if (credit === undefined || compareCalendarDates(credit.latestShipmentDate, credit.expiryDate) <= 0) return none;
      return [
        {
          path: 'paymentTerms.latestShipmentDate',
          message: `The L/C's latest shipment date ${credit.latestShipmentDate} is after its expiry date ${credit.expiryDate}; documents for goods shipped then could never be presented in time`,
        },
      ];
    },
  },
  {
    id: 'lc.presentation-window',
    severity: 'warning',
    fields: ['paymentTerms.expiryDate'],
    summary: `Fewer than ${MINIMUM_PRESENTATION_WINDOW_DAYS} days between the latest shipment date and the latest presentation date (earlier of shipment + presentation days and expiry) leaves no time to collect and present documents.`,
    source: 'UCP 600 art. 14(c), 6(d), 29',
    check: (c) => {
      const credit = creditOf(c);
      if (credit === undefined || compareCalendarDates(credit.latestShipmentDate, credit.expiryDate) > 0) return none;
      const window = presentationWindowDays(credit);
      if (window >= MINIMUM_PRESENTATION_WINDOW_DAYS) return none;
      return [
        {
          path: 'paymentTerms.expiryDate',
          message: `Documents must be presented by ${latestPresentationDate(credit)}, only ${window} day${window === 1 ? '' : 's'} after the latest shipment date ${credit.latestShipmentDate}; ask the buyer for an expiry at least ${MINIMUM_PRESENTATION_WINDOW_DAYS} days later, or ship earlier`,
        },
      ];
    },
  },
  {
    id: 'lc.shipment-date-required',
    severity: 'error',
    fields: ['shipment.latestShipmentDate'],
    summary: "A contract paid by L/C states its own latest shipment date, so that it can be compared with the credit's.",
    check: (c) =>
      creditOf(c) !== undefined && c.shipment.latestShipmentDate === undefined
        ? [{ path: 'shipment.latestShipmentDate', message: "The contract's latest shipment date is required when payment is by L/C" }]
        : none,
  },
  {
    id: 'lc.shipment-date-within-credit',
    severity: 'error',
    fields: ['paymentTerms.latestShipmentDate'],
    summary: "The credit's latest shipment date is not earlier than the contract's: otherwise shipping on time under the contract can still lose the payment.",
    source: 'UCP 600 art. 14(c), 29(c)',
    check: (c) => {
      const credit = creditOf(c);
      const contractDate = c.shipment.latestShipmentDate;
      if (credit === undefined || contractDate === undefined || compareCalendarDates(credit.latestShipmentDate, contractDate) >= 0) return none;
      return [
        {
          path: 'paymentTerms.latestShipmentDate',
          message: `The L/C requires shipment by ${credit.latestShipmentDate}, earlier than the contract's ${contractDate}; ask the buyer to amend the credit or agree the earlier date in the contract`,
        },
      ];
    },
  },
  {
    id: 'lc.usance-days-required',
    severity: 'error',
    fields: ['paymentTerms.usanceDays'],
    summary: 'A credit available by deferred payment or acceptance states its usance (tenor) in days.',
    source: 'UCP 600 art. 7(a), 12(b)',
    check: (c) => {
      const credit = creditOf(c);
      if (credit === undefined || (credit.availableBy !== 'DEFERRED' && credit.availableBy !== 'ACCEPTANCE') || credit.usanceDays !== undefined) return none;
      return [{ path: 'paymentTerms.usanceDays', message: `A credit available by ${credit.availableBy.toLowerCase()} pays after a period: state the usance days` }];
    },
  },
  {
    id: 'lc.sight-without-usance',
    severity: 'error',
    fields: ['paymentTerms.usanceDays'],
    summary: 'A sight credit pays on presentation and has no usance days.',
    check: (c) => {
      const credit = creditOf(c);
      return credit?.availableBy === 'SIGHT' && credit.usanceDays !== undefined
        ? [{ path: 'paymentTerms.usanceDays', message: 'A sight credit pays on presentation: remove the usance days, or make it available by deferred payment or acceptance' }]
        : none;
    },
  },
  {
    id: 'lc.currency-matches-contract',
    severity: 'error',
    fields: ['paymentTerms.currency'],
    summary: 'The credit is in the contract currency.',
    check: (c) => {
      const credit = creditOf(c);
      return credit?.currency !== undefined && credit.currency !== c.currency
        ? [{ path: 'paymentTerms.currency', message: `The L/C is in ${credit.currency} but the contract is in ${c.currency}; drawings would not match the invoice` }]
        : none;
    },
  },
  {
    id: 'lc.amount-covers-contract',
    severity: 'error',
    fields: ['paymentTerms.amount'],
    summary: 'The credit amount, with its tolerance, covers the contract total.',
    source: 'UCP 600 art. 18(b), 30',
    check: (c) => {
      const credit = creditOf(c);
      if (credit?.amount === undefined || (credit.currency ?? c.currency) !== c.currency) return none;
      const tolerance = credit.amountTolerancePercent ?? '0';
      const allowed = percentageOf(amountIn(c, credit.amount), addDecimals('100', tolerance)).amount;
      if (compareDecimals(allowed, c.totalAmount) >= 0) return none;
      return [
        {
          path: 'paymentTerms.amount',
          message: `The L/C allows at most ${formatted(c, allowed)} but the contract total is ${formatted(c, c.totalAmount)}; ask the buyer to increase the credit`,
        },
      ];
    },
  },
  {
    id: 'lc.tolerance-range',
    severity: 'error',
    fields: ['paymentTerms.amountTolerancePercent'],
    summary: 'The credit amount tolerance is between 0 and 100 per cent.',
    check: (c) => {
      const tolerance = creditOf(c)?.amountTolerancePercent;
      return tolerance !== undefined && (compareDecimals(tolerance, '0') < 0 || compareDecimals(tolerance, '100') > 0)
        ? [{ path: 'paymentTerms.amountTolerancePercent', message: `The amount tolerance must be between 0 and 100 per cent; got ${tolerance}` }]
        : none;
    },
  },
  {
    id: 'lc.tolerance-usual',
    severity: 'warning',
    fields: ['paymentTerms.amountTolerancePercent'],
    summary: 'A tolerance above 10% is unusual ("about" means 10%); check the credit.',
    source: 'UCP 600 art. 30(a)',
    check: (c) => {
      const tolerance = creditOf(c)?.amountTolerancePercent;
      return tolerance !== undefined &&
        compareDecimals(tolerance, String(USUAL_MAXIMUM_TOLERANCE_PERCENT)) > 0 &&
        compareDecimals(tolerance, '100') <= 0
        ? [{ path: 'paymentTerms.amountTolerancePercent', message: `A ${tolerance}% tolerance is unusual; "about" in a credit means ${USUAL_MAXIMUM_TOLERANCE_PERCENT}%. Check the credit` }]
        : none;
    },
  },
  {
    id: 'lc.bic-matches-bank-country',
    severity: 'error',
    fields: ['paymentTerms.issuingBank.bic'],
    summary: "The issuing bank's BIC is registered in the bank's country (BIC characters 5–6).",
    source: 'ISO 9362',
    check: (c) => {
      const bank = creditOf(c)?.issuingBank;
      if (bank?.bic === undefined || countryOfBic(bank.bic) === bank.country) return none;
      return [
        {
          path: 'paymentTerms.issuingBank.bic',
          message: `BIC ${bank.bic} belongs to a bank in ${countryName(countryOfBic(bank.bic)) ?? countryOfBic(bank.bic)}, but the issuing bank's country is ${countryName(bank.country) ?? bank.country}`,
        },
      ];
    },
  },
  {
    id: 'lc.expiry-place-abroad',
    severity: 'warning',
    fields: ['paymentTerms.expiryPlace'],
    summary: "A credit expiring in the issuing bank's country means the documents must reach that bank before expiry: ask for expiry in the seller's country.",
    source: 'UCP 600 art. 6(d)(ii), 6(e)',
    check: (c) => {
      const credit = creditOf(c);
      if (credit === undefined || credit.issuingBank.country === c.seller.country) return none;
      if (!mentionsCountry(credit.expiryPlace, credit.issuingBank.country) || mentionsCountry(credit.expiryPlace, c.seller.country)) return none;
      return [
        {
          path: 'paymentTerms.expiryPlace',
          message: `The L/C expires in ${credit.expiryPlace}, at the issuing bank's end: documents must arrive there before expiry. Ask for expiry in ${countryName(c.seller.country) ?? c.seller.country}`,
        },
      ];
    },
  },
  {
    id: 'references.lc-number-matches',
    severity: 'error',
    fields: ['references.lcNumber'],
    summary: 'The L/C number in the references is the one in the payment terms (bank messages are matched on it).',
    check: (c) => {
      const reference = c.references.lcNumber;
      if (reference === undefined) return none;
      const credit = creditOf(c);
      if (credit === undefined) {
        return [{ path: 'references.lcNumber', message: `An L/C number (${reference}) is given but payment is by ${c.paymentTerms.method}, not L/C` }];
      }
      return credit.lcNumber !== undefined && credit.lcNumber !== reference
        ? [{ path: 'references.lcNumber', message: `The reference L/C number ${reference} differs from the payment terms' ${credit.lcNumber}` }]
        : none;
    },
  },

  // ---- Dates, inspection, references ----------------------------------------------------------------
  {
    id: 'shipment.earliest-before-latest',
    severity: 'error',
    fields: ['shipment.earliestShipmentDate'],
    summary: 'The earliest shipment date is not after the latest.',
    check: (c) => {
      const { earliestShipmentDate: earliest, latestShipmentDate: latest } = c.shipment;
      return earliest !== undefined && latest !== undefined && compareCalendarDates(earliest, latest) > 0
        ? [{ path: 'shipment.earliestShipmentDate', message: `The earliest shipment date ${earliest} is after the latest shipment date ${latest}` }]
        : none;
    },
  },
  {
    id: 'dates.not-before-signing',
    severity: 'error',
    fields: ['shipment.latestShipmentDate', 'paymentTerms.expiryDate'],
    summary: 'The latest shipment date and the L/C expiry are not before the day the contract was signed (at the signer\'s offset).',
    check: (c) => {
      if (c.signedAt === undefined) return none;
      const signedOn = calendarDateOfInstant(c.signedAt);
      const findings: RuleFinding[] = [];
      const latest = c.shipment.latestShipmentDate;
      if (latest !== undefined && compareCalendarDates(latest, signedOn) < 0) {
        findings.push({ path: 'shipment.latestShipmentDate', message: `The latest shipment date ${latest} is before the contract was signed (${signedOn})` });
      }
      const credit = creditOf(c);
      if (credit !== undefined && compareCalendarDates(credit.expiryDate, signedOn) < 0) {
        findings.push({ path: 'paymentTerms.expiryDate', message: `The L/C expiry date ${credit.expiryDate} is before the contract was signed (${signedOn})` });
      }
      return findings;
    },
  },
  {
    id: 'inspection.agency-named',
    severity: 'warning',
    fields: ['inspection.agency'],
    summary: 'When pre-shipment inspection is required, name the agency (e.g. SGS, Bureau Veritas, CCIC) so it can be booked.',
    check: (c) =>
      c.inspection.required && c.inspection.agency === undefined
        ? [{ path: 'inspection.agency', message: 'Inspection is required but no inspection agency is named' }]
        : none,
  },
  {
    id: 'references.no-duplicates',
    severity: 'error',
    fields: ['references.bookingReferences', 'references.billOfLadingNumbers'],
    summary: 'Booking references and B/L numbers are listed once each (partner events are matched on them).',
    check: (c) => {
      const duplicates = (values: readonly string[], field: string, what: string) =>
        values.flatMap((value, index) =>
          values.indexOf(value) !== index ? [{ path: `references.${field}[${index}]`, message: `The ${what} ${value} is listed twice` }] : [],
        );
      return [
        ...duplicates(c.references.bookingReferences, 'bookingReferences', 'booking reference'),
        ...duplicates(c.references.billOfLadingNumbers, 'billOfLadingNumbers', 'B/L number'),
      ];
    },
  },
  {
    id: 'transport.port-of-loading-country',
    severity: 'warning',
    fields: ['transport.portOfLoading'],
    summary: "Under FAS/FOB the port of loading is usually in the seller's country; a port elsewhere means the seller exports from a third country.",
    check: (c) => {
      const pol = c.transport.portOfLoading;
      if (pol === undefined || INCOTERMS_2020[c.incoterms.rule].namedPlace !== 'port-of-shipment') return none;
      return countryOfUnLocode(pol) !== c.seller.country
        ? [{ path: 'transport.portOfLoading', message: `The port of loading ${placeLabel(pol)} is not in the seller's country (${c.seller.country}); confirm the seller can deliver on board there` }]
        : none;
    },
  },
];

/**
 * Runs every rule in {@link CONTRACT_RULES} over validated terms, returning issues in catalogue order.
 *
 * Why: rules are data so that docs and tests enumerate them; this is the one loop that applies them.
 *
 * @example evaluateContractRules(draft).filter((i) => i.severity === 'error')
 */
export function evaluateContractRules(contract: ContractDraft, rules: readonly ContractRule[] = CONTRACT_RULES): FieldIssue[] {
  return rules.flatMap((rule) => rule.check(contract).map((finding) => ({ ...finding, rule: rule.id, severity: rule.severity })));
}

/**
 * Finds a rule by id, for docs and tests.
 *
 * @example contractRule('lc.shipment-before-expiry')?.source // 'UCP 600 art. 6(d), 14(c)'
 */
export function contractRule(id: string): ContractRule | undefined {
  return CONTRACT_RULES.find((rule) => rule.id === id);
}
