/**
 * Incoterms® 2020 (ICC publication 723E): the eleven rules, which transport they may be used with, what
 * their named place refers to, and who insures. Hand-written from the ICC text — no library publishes
 * these facts. Terms withdrawn in earlier revisions are recognised so that the clerk is told what to
 * write instead, not just "invalid".
 */

/** Transport modes a contract can name. */
export const TRANSPORT_MODES = ['SEA', 'INLAND_WATERWAY', 'AIR', 'ROAD', 'RAIL', 'MULTIMODAL'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/** Modes on which the sea-and-inland-waterway rules (FAS, FOB, CFR, CIF) may be used. */
export const WATERBORNE_MODES: readonly TransportMode[] = ['SEA', 'INLAND_WATERWAY'];

/** The eleven Incoterms® 2020 rules, in the ICC's order. */
export const INCOTERM_RULES = ['EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF'] as const;
export type IncotermRule = (typeof INCOTERM_RULES)[number];

/** What the named place after the rule designates (ICC 2020 introduction and each rule's A2/B2). */
export type NamedPlaceRole = 'place-of-delivery' | 'port-of-shipment' | 'port-of-destination' | 'place-of-destination';

export interface IncotermFacts {
  readonly rule: IncotermRule;
  readonly name: string;
  /** `true` for the four rules "for sea and inland waterway transport" only. */
  readonly seaAndInlandWaterwayOnly: boolean;
  readonly namedPlace: NamedPlaceRole;
  /** Seller must insure (A5): CIF minimum ICC (C), CIP minimum ICC (A), both at 110 % of the price. */
  readonly sellerInsures?: { readonly minimumClauses: InsuranceClauses };
  /** Seller clears the goods for import and pays duties (only DDP). */
  readonly sellerClearsImport: boolean;
  /** Seller clears the goods for export (all but EXW). */
  readonly sellerClearsExport: boolean;
  /** Seller contracts for the main carriage (A4: the C and D rules). */
  readonly sellerContractsCarriage: boolean;
}

/** Institute Cargo Clauses sets, from widest (A, all risks) to narrowest (C). */
export const INSURANCE_CLAUSES = ['A', 'B', 'C'] as const;
export type InsuranceClauses = (typeof INSURANCE_CLAUSES)[number];

/** Minimum insured value under CIF and CIP (A5): the contract price plus ten per cent. */
export const MINIMUM_INSURED_PERCENT = 110;

const any = { seaAndInlandWaterwayOnly: false, sellerClearsImport: false, sellerClearsExport: true, sellerContractsCarriage: true } as const;
const sea = { seaAndInlandWaterwayOnly: true, sellerClearsImport: false, sellerClearsExport: true, sellerContractsCarriage: true } as const;

/** One entry per Incoterms® 2020 rule. */
export const INCOTERMS_2020: Readonly<Record<IncotermRule, IncotermFacts>> = {
  EXW: { rule: 'EXW', name: 'Ex Works', ...any, sellerClearsExport: false, sellerContractsCarriage: false, namedPlace: 'place-of-delivery' },
  FCA: { rule: 'FCA', name: 'Free Carrier', ...any, sellerContractsCarriage: false, namedPlace: 'place-of-delivery' },
  CPT: { rule: 'CPT', name: 'Carriage Paid To', ...any, namedPlace: 'place-of-destination' },
  CIP: {
    rule: 'CIP',
    name: 'Carriage and Insurance Paid To',
    ...any,
    namedPlace: 'place-of-destination',
    sellerInsures: { minimumClauses: 'A' },
  },
  DAP: { rule: 'DAP', name: 'Delivered at Place', ...any, namedPlace: 'place-of-destination' },
  DPU: { rule: 'DPU', name: 'Delivered at Place Unloaded', ...any, namedPlace: 'place-of-destination' },
  DDP: { rule: 'DDP', name: 'Delivered Duty Paid', ...any, sellerClearsImport: true, namedPlace: 'place-of-destination' },
  FAS: { rule: 'FAS', name: 'Free Alongside Ship', ...sea, sellerContractsCarriage: false, namedPlace: 'port-of-shipment' },
  FOB: { rule: 'FOB', name: 'Free on Board', ...sea, sellerContractsCarriage: false, namedPlace: 'port-of-shipment' },
  CFR: { rule: 'CFR', name: 'Cost and Freight', ...sea, namedPlace: 'port-of-destination' },
  CIF: {
    rule: 'CIF',
    name: 'Cost Insurance and Freight',
    ...sea,
    namedPlace: 'port-of-destination',
    sellerInsures: { minimumClauses: 'C' },
  },
};

/**
 * Terms that are not Incoterms® 2020, with what to write instead. Sources: Incoterms 2010 and 2020
 * introductions (ICC), and the trade abbreviations still seen on pro-forma invoices.
 */
export const WITHDRAWN_TERMS: Readonly<Record<string, { readonly replacement: string; readonly reason: string }>> = {
  DAT: { replacement: 'DPU', reason: 'DAT (Delivered at Terminal) was renamed DPU (Delivered at Place Unloaded) in Incoterms 2020' },
  DEQ: {
    replacement: 'DPU',
    reason: 'DEQ (Delivered Ex Quay) was withdrawn in Incoterms 2010 (replaced by DAT, now DPU); use DPU, or DAP if the seller does not unload',
  },
  DES: { replacement: 'DAP', reason: 'DES (Delivered Ex Ship) was withdrawn in Incoterms 2010; use DAP' },
  DAF: { replacement: 'DAP', reason: 'DAF (Delivered at Frontier) was withdrawn in Incoterms 2010; use DAP' },
  DDU: { replacement: 'DAP', reason: 'DDU (Delivered Duty Unpaid) was withdrawn in Incoterms 2010; use DAP' },
  'C&F': { replacement: 'CFR', reason: "'C&F' is the old abbreviation of Cost and Freight; the Incoterms 2020 rule is CFR" },
  CNF: { replacement: 'CFR', reason: "'CNF' is an informal abbreviation of Cost and Freight; the Incoterms 2020 rule is CFR" },
  'C+F': { replacement: 'CFR', reason: "'C+F' is an informal abbreviation of Cost and Freight; the Incoterms 2020 rule is CFR" },
  'C&I': {
    replacement: 'CFR',
    reason: "'C&I' (Cost and Insurance) is not an Incoterm; use CIF if the seller also pays freight, or CFR with the buyer insuring",
  },
  FOR: { replacement: 'FCA', reason: 'FOR (Free on Rail) was withdrawn in Incoterms 1990; use FCA' },
  FOT: { replacement: 'FCA', reason: 'FOT (Free on Truck) was withdrawn in Incoterms 1990; use FCA' },
  FOA: { replacement: 'FCA', reason: 'FOA (FOB Airport) was withdrawn in Incoterms 1990; use FCA' },
};

export type IncotermParse =
  | { ok: true; rule: IncotermRule }
  | { ok: false; problem: 'withdrawn'; replacement: string; message: string }
  | { ok: false; problem: 'unknown'; message: string };

/**
 * Reads an Incoterms rule as a clerk may type it (`' fob '`, `'Cif'`), refusing terms that are not
 * Incoterms 2020 with the replacement to use.
 *
 * @example parseIncotermRule(' fob ') // { ok: true, rule: 'FOB' }
 * @example parseIncotermRule('DAT') // { ok: false, problem: 'withdrawn', replacement: 'DPU', ... }
 * @example parseIncotermRule('C & F') // { ok: false, problem: 'withdrawn', replacement: 'CFR', ... }
 */
export function parseIncotermRule(raw: string): IncotermParse {
  const normalised = raw.replace(/\s+/g, '').toUpperCase().replace(/^(.+?)(?:INCOTERMS?(?:®)?(?:2020)?)$/, '$1');
  const rule = INCOTERM_RULES.find((r) => r === normalised);
  if (rule) return { ok: true, rule };
  const withdrawn = WITHDRAWN_TERMS[normalised.replace('AND', '&')];
  if (withdrawn) {
    return { ok: false, problem: 'withdrawn', replacement: withdrawn.replacement, message: `${withdrawn.reason}.` };
  }
  return {
    ok: false,
    problem: 'unknown',
    message: `'${raw}' is not an Incoterms 2020 rule; use one of ${INCOTERM_RULES.join(', ')}`,
  };
}

/**
 * Whether a rule may be used with a transport mode. FAS, FOB, CFR and CIF deliver on board or alongside
 * a vessel, so they cannot describe air, road, rail or containerised multimodal carriage — use FCA, CPT
 * or CIP there.
 *
 * @example isRuleUsableWith('FOB', 'AIR') // false
 * @example isRuleUsableWith('FCA', 'AIR') // true
 */
export function isRuleUsableWith(rule: IncotermRule, mode: TransportMode): boolean {
  return !INCOTERMS_2020[rule].seaAndInlandWaterwayOnly || WATERBORNE_MODES.includes(mode);
}

/**
 * The any-mode rule that does the job of a sea-only rule, for messages.
 *
 * @example anyModeEquivalentOf('CIF') // 'CIP'
 */
export function anyModeEquivalentOf(rule: IncotermRule): IncotermRule {
  const equivalents: Partial<Record<IncotermRule, IncotermRule>> = { FAS: 'FCA', FOB: 'FCA', CFR: 'CPT', CIF: 'CIP' };
  return equivalents[rule] ?? rule;
}

/**
 * Whether `clauses` meet the minimum cover a rule requires: ICC (A) is widest, ICC (C) narrowest.
 *
 * @example meetsMinimumCover('B', 'C') // true
 * @example meetsMinimumCover('B', 'A') // false
 */
export function meetsMinimumCover(clauses: InsuranceClauses, minimum: InsuranceClauses): boolean {
  return INSURANCE_CLAUSES.indexOf(clauses) <= INSURANCE_CLAUSES.indexOf(minimum);
}
