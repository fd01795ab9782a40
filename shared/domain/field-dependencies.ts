/**
 * Which contract fields make other fields required, or constrain their values — the graph a clerk (and
 * the contract form) follows: choose the Incoterm, and transport mode, ports and insurance follow;
 * choose L/C, and a dozen credit fields follow. Each edge names the rules that enforce it, so the graph,
 * the rule catalogue and docs/field-dependencies.md cannot drift apart (a test checks the references).
 */
import { SHAPE_RULES } from './validation-error';

/**
 * - `requires`: the target must be present when the condition holds.
 * - `constrains`: the target's allowed values depend on the source.
 * - `scales`: the source fixes how many decimals the target may carry.
 * - `defaults`: the target falls back to the source when absent.
 */
export type DependencyKind = 'requires' | 'constrains' | 'scales' | 'defaults';

export interface FieldDependency {
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
  /** When the dependency applies, in the clerk's words. */
  readonly when: string;
  /** Ids of the rules (field or cross-field) that enforce it. */
  readonly rules: readonly string[];
}

/** The dependency graph of the contract's fields. */
export const FIELD_DEPENDENCIES: readonly FieldDependency[] = [
  // Incoterms
  { from: 'incoterms.rule', to: 'transport.mode', kind: 'constrains', when: 'FAS, FOB, CFR, CIF: SEA or INLAND_WATERWAY only', rules: ['incoterms.sea-rule-mode'] },
  { from: 'incoterms.rule', to: 'transport.portOfLoading', kind: 'requires', when: 'FAS, FOB, CFR, CIF', rules: ['transport.ports-required'] },
  { from: 'incoterms.rule', to: 'transport.portOfDischarge', kind: 'requires', when: 'FAS, FOB, CFR, CIF', rules: ['transport.ports-required'] },
  { from: 'transport.mode', to: 'transport.portOfLoading', kind: 'requires', when: 'SEA, INLAND_WATERWAY', rules: ['transport.ports-required'] },
  { from: 'transport.mode', to: 'transport.portOfDischarge', kind: 'requires', when: 'SEA, INLAND_WATERWAY', rules: ['transport.ports-required'] },
  { from: 'transport.portOfLoading', to: 'transport.portOfDischarge', kind: 'constrains', when: 'always: they differ', rules: ['transport.ports-differ'] },
  { from: 'transport.portOfLoading', to: 'incoterms.namedPlace', kind: 'constrains', when: 'FAS, FOB: named place is the port of loading', rules: ['incoterms.named-place-port'] },
  { from: 'transport.portOfDischarge', to: 'incoterms.namedPlace', kind: 'constrains', when: 'CFR, CIF: named place is the port of discharge', rules: ['incoterms.named-place-port'] },
  { from: 'transport.placeOfDelivery', to: 'incoterms.namedPlace', kind: 'constrains', when: 'CPT, CIP, DAP, DPU, DDP: named place is the destination', rules: ['incoterms.named-place-destination'] },
  { from: 'seller.country', to: 'transport.portOfLoading', kind: 'constrains', when: "FAS, FOB: usually in the seller's country", rules: ['transport.port-of-loading-country'] },
  { from: 'incoterms.rule', to: 'insurance', kind: 'requires', when: 'CIF, CIP', rules: ['insurance.required-for-cif-cip'] },
  { from: 'incoterms.rule', to: 'insurance.clauses', kind: 'constrains', when: 'CIP: ICC (A); CIF: ICC (C) or wider', rules: ['insurance.minimum-clauses'] },
  { from: 'insurance', to: 'insurance.coveragePercent', kind: 'constrains', when: 'always: at least 110 %', rules: ['insurance.minimum-coverage'] },
  { from: 'incoterms.rule', to: 'buyer.country', kind: 'constrains', when: "DDP: seller is importer of record in the buyer's country", rules: ['incoterms.ddp-importer-of-record'] },
  { from: 'incoterms.rule', to: 'seller.country', kind: 'constrains', when: "EXW: foreign buyer clears export in the seller's country", rules: ['incoterms.exw-export-clearance'] },
  { from: 'seller.country', to: 'buyer.country', kind: 'constrains', when: 'an export sale: usually different countries', rules: ['parties.different-countries'] },

  // Money
  { from: 'currency', to: 'totalAmount', kind: 'scales', when: 'always: ISO 4217 minor units', rules: ['amounts.currency-minor-units'] },
  { from: 'currency', to: 'lines[].amount', kind: 'scales', when: 'always: ISO 4217 minor units', rules: ['amounts.currency-minor-units', 'amounts.line-amount-matches'] },
  { from: 'lines[].quantity', to: 'lines[].amount', kind: 'constrains', when: 'stated: quantity × unit price, rounded', rules: ['amounts.line-amount-matches'] },
  { from: 'lines[].unitPrice', to: 'lines[].amount', kind: 'constrains', when: 'stated: quantity × unit price, rounded', rules: ['amounts.line-amount-matches'] },
  { from: 'lines', to: 'totalAmount', kind: 'constrains', when: 'always: sum of rounded line amounts', rules: ['amounts.total-matches-lines', 'amounts.positive'] },
  { from: 'lines[].lineNo', to: 'lines[].lineNo', kind: 'constrains', when: 'always: unique', rules: ['lines.unique-line-no'] },
  { from: 'lines[].hsEdition', to: 'lines[].hsEdition', kind: 'constrains', when: 'always: one edition per contract', rules: ['lines.hs-edition-consistent'] },

  // Payment terms
  { from: 'paymentTerms.method', to: 'paymentTerms.depositPercent', kind: 'requires', when: 'TT: 0–100 %', rules: [SHAPE_RULES.required, 'payment.deposit-range'] },
  { from: 'paymentTerms.balanceDue', to: 'paymentTerms.balanceDays', kind: 'requires', when: 'DAYS_AFTER_BL', rules: ['payment.balance-days-required', 'payment.balance-days-unexpected'] },
  { from: 'paymentTerms.method', to: 'paymentTerms.days', kind: 'requires', when: 'DA, OA', rules: [SHAPE_RULES.required] },
  { from: 'customer.isNew', to: 'paymentTerms.method', kind: 'constrains', when: 'new customer on OA or DA: unsecured', rules: ['payment.unsecured-new-customer'] },
  { from: 'paymentTerms.method', to: 'paymentTerms.expiryDate', kind: 'requires', when: 'LC', rules: [SHAPE_RULES.required] },
  { from: 'paymentTerms.method', to: 'paymentTerms.latestShipmentDate', kind: 'requires', when: 'LC', rules: [SHAPE_RULES.required] },
  { from: 'paymentTerms.method', to: 'paymentTerms.issuingBank', kind: 'requires', when: 'LC', rules: [SHAPE_RULES.required] },
  { from: 'paymentTerms.method', to: 'shipment.latestShipmentDate', kind: 'requires', when: 'LC', rules: ['lc.shipment-date-required'] },
  { from: 'paymentTerms.expiryDate', to: 'paymentTerms.latestShipmentDate', kind: 'constrains', when: 'LC: shipment not after expiry', rules: ['lc.shipment-before-expiry'] },
  { from: 'paymentTerms.latestShipmentDate', to: 'paymentTerms.expiryDate', kind: 'constrains', when: 'LC: presentation window ≥ 7 days', rules: ['lc.presentation-window'] },
  { from: 'paymentTerms.presentationDays', to: 'paymentTerms.expiryDate', kind: 'constrains', when: 'LC: latest presentation = min(shipment + days, expiry)', rules: ['lc.presentation-window'] },
  { from: 'shipment.latestShipmentDate', to: 'paymentTerms.latestShipmentDate', kind: 'constrains', when: "LC: credit's date not earlier than the contract's", rules: ['lc.shipment-date-within-credit'] },
  { from: 'paymentTerms.latestShipmentDate', to: 'shipment.latestShipmentDate', kind: 'defaults', when: 'LC without a contract date (lifecycle facts only)', rules: ['lc.shipment-date-required'] },
  { from: 'paymentTerms.availableBy', to: 'paymentTerms.usanceDays', kind: 'requires', when: 'DEFERRED, ACCEPTANCE; forbidden for SIGHT', rules: ['lc.usance-days-required', 'lc.sight-without-usance'] },
  { from: 'currency', to: 'paymentTerms.currency', kind: 'constrains', when: 'LC: same currency', rules: ['lc.currency-matches-contract'] },
  { from: 'totalAmount', to: 'paymentTerms.amount', kind: 'constrains', when: 'LC: amount × (1 + tolerance) ≥ total', rules: ['lc.amount-covers-contract', 'amounts.currency-minor-units'] },
  { from: 'paymentTerms.amountTolerancePercent', to: 'paymentTerms.amount', kind: 'constrains', when: 'LC: tolerance 0–100 %, usually ≤ 10 %', rules: ['lc.tolerance-range', 'lc.tolerance-usual'] },
  { from: 'paymentTerms.issuingBank.country', to: 'paymentTerms.issuingBank.bic', kind: 'constrains', when: 'LC: BIC registered in that country', rules: ['lc.bic-matches-bank-country'] },
  { from: 'paymentTerms.issuingBank.country', to: 'paymentTerms.expiryPlace', kind: 'constrains', when: "LC: expiry abroad at the issuing bank's end", rules: ['lc.expiry-place-abroad'] },
  { from: 'paymentTerms.lcNumber', to: 'references.lcNumber', kind: 'constrains', when: 'LC: same number; no L/C number without an L/C', rules: ['references.lc-number-matches'] },

  // Dates, inspection, references
  { from: 'shipment.latestShipmentDate', to: 'shipment.earliestShipmentDate', kind: 'constrains', when: 'earliest not after latest', rules: ['shipment.earliest-before-latest'] },
  { from: 'signedAt', to: 'shipment.latestShipmentDate', kind: 'constrains', when: 'not before the signing date', rules: ['dates.not-before-signing'] },
  { from: 'signedAt', to: 'paymentTerms.expiryDate', kind: 'constrains', when: 'LC: not before the signing date', rules: ['dates.not-before-signing'] },
  { from: 'inspection.required', to: 'inspection.agency', kind: 'requires', when: 'true', rules: ['inspection.agency-named'] },
  { from: 'references.bookingReferences', to: 'references.bookingReferences', kind: 'constrains', when: 'each listed once', rules: ['references.no-duplicates'] },
  { from: 'references.billOfLadingNumbers', to: 'references.billOfLadingNumbers', kind: 'constrains', when: 'each listed once', rules: ['references.no-duplicates'] },
  { from: 'lines', to: 'lines', kind: 'requires', when: 'at least one line', rules: ['lines.non-empty'] },
];

