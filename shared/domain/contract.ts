/**
 * The sales contract's fields: zod schemas (the contract at the API and store boundaries), the types
 * derived from them, and `validateContract`, which adds the cross-field rules of contract-rules.ts.
 *
 * Field-level checks carry a rule id (catalogued in {@link FIELD_RULES}); codes are normalised the way a
 * clerk would expect (`' cnsha '` → `CNSHA`, `'fob'` → `FOB`); everything else is kept as given —
 * amounts as decimal strings, instants with their stated offset.
 */
import * as z from 'zod';
import { ulid } from 'ulid';
import {
  HS_EDITIONS,
  hsCodeProblem,
  isCountryCode,
  isCurrencyCode,
  isIanaTimeZone,
  isUnitOfMeasure,
  isUnLocode,
  UN_LOCODE_PATTERN,
  canonicalLanguageTag,
  supportedLanguageFor,
  SUPPORTED_LANGUAGES,
} from './reference-data';
import { INSURANCE_CLAUSES, parseIncotermRule, TRANSPORT_MODES, type IncotermRule, type TransportMode } from './incoterms';
import { decimalPlaces, isDecimalString, roundToMinorUnits } from './money';
import { isCalendarDate, isOffsetInstant } from './calendar-date';
import { DEFAULT_PRESENTATION_DAYS, isBicShape, latestPresentationDate } from './letter-of-credit';
import { issuesFromZod, SHAPE_RULES, type FieldIssue } from './validation-error';
import { evaluateContractRules } from './contract-rules';
import type { LifecycleFacts } from './lifecycle';

export type { IncotermRule, TransportMode } from './incoterms';

/** Most decimals a unit price may carry (ERP price lists go to 4–6; amounts use the currency's scale). */
export const MAX_UNIT_PRICE_DECIMALS = 6;

/**
 * Rule ids of checks made on a single field, with what they mean — the schema half of the rule
 * catalogue (the cross-field half is `CONTRACT_RULES`). docs/field-dependencies.md lists both.
 */
export const FIELD_RULES = [
  { id: SHAPE_RULES.required, fields: ['*'], summary: 'A required field is missing or blank.' },
  { id: SHAPE_RULES.type, fields: ['*'], summary: 'A field has the wrong JSON type (amounts are text, flags are true/false).' },
  { id: SHAPE_RULES.unknown, fields: ['*'], summary: 'A field the contract does not have (often a misspelling); `id` and `version` are set by the server.' },
  { id: SHAPE_RULES.oneOf, fields: ['*'], summary: 'A value outside its list (transport mode, balance due, tier, …).' },
  { id: SHAPE_RULES.range, fields: ['*'], summary: 'A number or text length outside its bounds.' },
  { id: SHAPE_RULES.format, fields: ['*'], summary: 'Any other malformed value.' },
  { id: 'contract.id-ulid', fields: ['id'], summary: 'The contract id is a ULID (26 Crockford base-32 characters).' },
  { id: 'contract.number-format', fields: ['contractNumber'], summary: "The seller's contract number: 1–40 letters, digits and - / . _" },
  { id: 'party.country-iso3166', fields: ['seller.country', 'buyer.country', 'paymentTerms.issuingBank.country'], summary: 'Countries are ISO 3166-1 alpha-2 codes.', source: 'ISO 3166-1 (i18n-iso-countries)' },
  { id: 'contact.email', fields: ['contacts[].email', 'owner.email'], summary: 'E-mail addresses are well formed.' },
  { id: 'contact.language-supported', fields: ['contacts[].language'], summary: `A BCP 47 tag we send documents in (${SUPPORTED_LANGUAGES.join(', ')}; regional English falls back to en).`, source: 'BCP 47 (Intl.getCanonicalLocales)' },
  { id: 'contact.time-zone-iana', fields: ['contacts[].timeZone'], summary: 'An IANA time-zone name such as Asia/Shanghai; fixed offsets are refused.', source: 'IANA tz database (luxon)' },
  { id: 'incoterms.rule-known', fields: ['incoterms.rule'], summary: 'One of the eleven Incoterms 2020 rules.', source: 'Incoterms 2020 (ICC)' },
  { id: 'incoterms.rule-withdrawn', fields: ['incoterms.rule'], summary: 'A withdrawn or informal term (DAT, DEQ, DES, DAF, DDU, C&F, CNF, …) with the 2020 rule to use instead.', source: 'Incoterms 2010/2020 introductions (ICC)' },
  { id: 'incoterms.version-2020', fields: ['incoterms.version'], summary: 'Only Incoterms 2020 are accepted.' },
  { id: 'transport.un-locode', fields: ['transport.portOfLoading', 'transport.portOfDischarge', 'transport.placeOfDelivery'], summary: 'Places are UN/LOCODEs (^[A-Z]{2}[A-Z2-9]{3}$) in an ISO 3166 country.', source: 'UN/CEFACT Rec 16' },
  { id: 'line.hs-code', fields: ['lines[].hsCode'], summary: 'HS code: 6–10 digits, chapter 01–97, never chapter 77.', source: 'WCO Harmonized System' },
  { id: 'line.unit-rec20', fields: ['lines[].unit'], summary: 'Unit of measure is a UN/ECE Recommendation 20 code from our list.', source: 'UN/ECE Rec 20' },
  { id: 'line.unit-price-precision', fields: ['lines[].unitPrice'], summary: `Unit prices carry at most ${MAX_UNIT_PRICE_DECIMALS} decimals.` },
  { id: 'amount.decimal', fields: ['totalAmount', 'lines[].quantity', 'lines[].unitPrice', 'lines[].amount', 'paymentTerms.depositPercent', 'paymentTerms.amount', 'paymentTerms.amountTolerancePercent', 'insurance.coveragePercent'], summary: "Amounts, quantities and percentages are decimal strings such as '1250.50' — never JSON numbers." },
  { id: 'currency.iso4217', fields: ['currency', 'paymentTerms.currency'], summary: 'An active ISO 4217 currency (not gold, SDR, test or fund codes).', source: 'ISO 4217 (currency-codes)' },
  { id: 'date.calendar-date', fields: ['shipment.latestShipmentDate', 'shipment.earliestShipmentDate', 'paymentTerms.expiryDate', 'paymentTerms.latestShipmentDate'], summary: 'Calendar dates are real dates written YYYY-MM-DD.' },
  { id: 'date.offset-instant', fields: ['signedAt'], summary: 'Instants are ISO 8601 with an offset, e.g. 2026-12-03T10:00:00+08:00.' },
  { id: 'lc.bic-format', fields: ['paymentTerms.issuingBank.bic'], summary: 'A BIC has 8 or 11 characters: bank, country, location, optional branch.', source: 'ISO 9362' },
] as const satisfies readonly { id: string; fields: readonly string[]; summary: string; source?: string }[];

// ---------------------------------------------------------------------------------------------------
// Field building blocks. Messages may say `{field}`; issuesFromZod fills in the field's name.

function fail(ctx: z.RefinementCtx, rule: string, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { rule } });
}

function quoted(value: string): string {
  return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
}

/**
 * Characters that never belong in a name or a note: control characters (they reach e-mails and logs),
 * bidirectional overrides (they make a name read differently from what it is) and, on their own,
 * zero-width characters (they make a blank look filled).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE_ONLY = /^[\s\u200b-\u200d\u2060\ufeff]*$/;

/** Free text, trimmed, not blank, bounded, without control or bidi-override characters. */
const text = (max: number) =>
  z.string().transform((raw, ctx) => {
    const value = raw.trim();
    if (value === '' || INVISIBLE_ONLY.test(value)) fail(ctx, SHAPE_RULES.required, 'The {field} must not be blank');
    else if (UNSAFE_TEXT.test(value)) fail(ctx, SHAPE_RULES.format, 'The {field} must not contain control characters, line breaks or bidirectional overrides');
    else if (value.length > max) fail(ctx, SHAPE_RULES.range, `The {field} must be at most ${max} characters`);
    else return value;
    return z.NEVER;
  });

/** A code compared upper case and without surrounding spaces. */
const code = (rule: string, isValid: (value: string) => boolean, explain: (given: string) => string) =>
  z.string().transform((raw, ctx) => {
    const value = raw.trim().toUpperCase();
    if (isValid(value)) return value;
    fail(ctx, rule, explain(raw));
    return z.NEVER;
  });

const CountryCode = code(
  'party.country-iso3166',
  isCountryCode,
  (given) => `The {field} must be an ISO 3166-1 two-letter country code such as CN, NL or US; got ${quoted(given)}`,
);

const CurrencyCode = code(
  'currency.iso4217',
  isCurrencyCode,
  (given) => `The {field} must be an ISO 4217 currency code such as USD, EUR, CNY or JPY; got ${quoted(given)}`,
);

const UnLocode = code('transport.un-locode', isUnLocode, (given) => {
  const value = given.trim().toUpperCase();
  return UN_LOCODE_PATTERN.test(value)
    ? `The {field} ${quoted(given)} starts with '${value.slice(0, 2)}', which is not an ISO country code`
    : `The {field} must be a UN/LOCODE: country code plus three letters or digits 2–9, e.g. CNSHA (Shanghai), NLRTM (Rotterdam); got ${quoted(given)}`;
});

const UnitOfMeasure = code(
  'line.unit-rec20',
  isUnitOfMeasure,
  (given) => `The {field} must be a UN/ECE Rec 20 unit code such as KGM (kilogram), C62 (piece) or SET; got ${quoted(given)}`,
);

const HsCode = z.string().transform((raw, ctx) => {
  const value = raw.trim();
  const problem = hsCodeProblem(value);
  if (problem === undefined) return value;
  fail(
    ctx,
    'line.hs-code',
    problem === 'format'
      ? `The {field} must be 6 to 10 digits without dots or spaces, e.g. 851762; got ${quoted(raw)}`
      : `The {field} ${quoted(raw)} is in chapter ${value.slice(0, 2)}, which does not exist (HS chapters are 01–97, 77 is reserved)`,
  );
  return z.NEVER;
});

const DecimalText = z.string().superRefine((value, ctx) => {
  if (!isDecimalString(value)) {
    fail(ctx, 'amount.decimal', `The {field} must be a decimal number written as text, e.g. '1250.50'; got ${quoted(value)}`);
  }
});

const UnitPrice = DecimalText.superRefine((value, ctx) => {
  if (isDecimalString(value) && decimalPlaces(value) > MAX_UNIT_PRICE_DECIMALS) {
    fail(ctx, 'line.unit-price-precision', `The {field} may have at most ${MAX_UNIT_PRICE_DECIMALS} decimals; got ${quoted(value)}`);
  }
});

const CalendarDateText = z.string().superRefine((value, ctx) => {
  if (!isCalendarDate(value)) {
    fail(ctx, 'date.calendar-date', `The {field} must be a calendar date written YYYY-MM-DD, e.g. 2027-03-15; got ${quoted(value)}`);
  }
});

const OffsetInstantText = z.string().superRefine((value, ctx) => {
  if (!isOffsetInstant(value)) {
    fail(
      ctx,
      'date.offset-instant',
      `The {field} must be a date and time with its UTC offset, e.g. 2026-12-03T10:00:00+08:00; got ${quoted(value)}`,
    );
  }
});

const Email = z.string().transform((raw, ctx) => {
  const value = raw.trim();
  const [local = '', domain = ''] = value.split('@');
  if (value.length > 254 || local.length > 64 || domain.length > 253) {
    fail(ctx, 'contact.email', `The {field} is too long: at most 64 characters before the @ and 254 in all (RFC 5321)`);
    return z.NEVER;
  }
  if (z.regexes.email.test(value)) return value;
  fail(ctx, 'contact.email', `The {field} ${quoted(raw)} is not an e-mail address`);
  return z.NEVER;
});

const Language = z.string().transform((raw, ctx) => {
  const canonical = canonicalLanguageTag(raw.trim());
  if (canonical !== undefined && supportedLanguageFor(canonical) !== undefined) return canonical;
  fail(
    ctx,
    'contact.language-supported',
    canonical === undefined
      ? `The {field} must be a language tag such as en or zh-CN; got ${quoted(raw)}`
      : `We cannot yet write to contacts in ${quoted(canonical)}; use one of ${SUPPORTED_LANGUAGES.join(', ')}`,
  );
  return z.NEVER;
});

const TimeZone = z.string().transform((raw, ctx) => {
  const value = raw.trim();
  if (isIanaTimeZone(value)) return value;
  fail(ctx, 'contact.time-zone-iana', `The {field} must be an IANA time zone such as Asia/Shanghai or Europe/Amsterdam; got ${quoted(raw)}`);
  return z.NEVER;
});

const ULID_SHAPE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const ContractId = z.string().superRefine((value, ctx) => {
  if (!ULID_SHAPE.test(value)) fail(ctx, 'contract.id-ulid', `The contract id must be a ULID (26 characters); got ${quoted(value)}`);
});

const ContractNumber = z.string().transform((raw, ctx) => {
  const value = raw.trim();
  if (/^[A-Za-z0-9][A-Za-z0-9\-/._]{0,39}$/.test(value)) return value;
  fail(ctx, 'contract.number-format', `The contract number must be 1–40 letters, digits, '-', '/', '.' or '_'; got ${quoted(raw)}`);
  return z.NEVER;
});

const Days = (max: number) => z.number().int().min(1).max(max);

// ---------------------------------------------------------------------------------------------------
// Sections of the contract.

export const AddressSchema = z.strictObject({
  lines: z.array(text(120)).min(1).max(5),
  city: text(80),
  postalCode: text(20).optional(),
});

export const PartySchema = z.strictObject({
  legalName: text(200),
  country: CountryCode,
  address: AddressSchema,
});

export const ContactSchema = z.strictObject({
  name: text(120),
  email: Email,
  language: Language,
  timeZone: TimeZone,
  role: text(60).optional(),
});

export const OwnerSchema = z.strictObject({ userId: text(64), email: Email, name: text(120) });

export const IncotermsSchema = z.strictObject({
  rule: z.string().transform((raw, ctx): IncotermRule => {
    const parsed = parseIncotermRule(raw);
    if (parsed.ok) return parsed.rule;
    fail(ctx, parsed.problem === 'withdrawn' ? 'incoterms.rule-withdrawn' : 'incoterms.rule-known', parsed.message);
    return z.NEVER;
  }),
  namedPlace: text(120),
  version: z
    .string()
    .default('2020')
    .transform((raw, ctx): '2020' => {
      if (raw.trim().replace(/^incoterms\s*/i, '') === '2020') return '2020';
      fail(ctx, 'incoterms.version-2020', `Only Incoterms 2020 are accepted; got version ${quoted(raw)}. Restate the term under Incoterms 2020`);
      return z.NEVER;
    }),
});

export const TransportSchema = z.strictObject({
  mode: z.enum(TRANSPORT_MODES),
  portOfLoading: UnLocode.optional(),
  portOfDischarge: UnLocode.optional(),
  placeOfDelivery: UnLocode.optional(),
});

export const ShipmentSchema = z.strictObject({
  earliestShipmentDate: CalendarDateText.optional(),
  latestShipmentDate: CalendarDateText.optional(),
  partialShipmentsAllowed: z.boolean().optional(),
  transhipmentAllowed: z.boolean().optional(),
});

export const ContractLineSchema = z.strictObject({
  lineNo: z.number().int().min(1).max(9999),
  description: text(500),
  hsCode: HsCode,
  hsEdition: z.enum(HS_EDITIONS),
  quantity: DecimalText,
  unit: UnitOfMeasure,
  unitPrice: UnitPrice,
  /** Stated line amount; when given it must equal quantity × unit price rounded to the currency. */
  amount: DecimalText.optional(),
});

export const BALANCE_DUE = ['BEFORE_SHIPMENT', 'AGAINST_BL_COPY', 'ON_ARRIVAL', 'DAYS_AFTER_BL'] as const;
export const LC_AVAILABLE_BY = ['SIGHT', 'DEFERRED', 'ACCEPTANCE', 'NEGOTIATION'] as const;
export const PAYMENT_METHODS = ['TT', 'LC', 'DP', 'DA', 'OA'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const TelegraphicTransferTermsSchema = z.strictObject({
  method: z.literal('TT'),
  depositPercent: DecimalText,
  balanceDue: z.enum(BALANCE_DUE),
  balanceDays: Days(365).optional(),
});

export const IssuingBankSchema = z.strictObject({
  name: text(140),
  bic: z
    .string()
    .transform((raw, ctx) => {
      const value = raw.trim().toUpperCase();
      if (isBicShape(value)) return value;
      fail(ctx, 'lc.bic-format', `The {field} must be a SWIFT BIC of 8 or 11 characters, e.g. BKCHCNBJ; got ${quoted(raw)}`);
      return z.NEVER;
    })
    .optional(),
  country: CountryCode,
});

export const LetterOfCreditTermsSchema = z.strictObject({
  method: z.literal('LC'),
  lcNumber: text(35).optional(),
  issuingBank: IssuingBankSchema,
  confirmed: z.boolean().optional(),
  availableBy: z.enum(LC_AVAILABLE_BY).optional(),
  usanceDays: Days(360).optional(),
  expiryDate: CalendarDateText,
  expiryPlace: text(65),
  latestShipmentDate: CalendarDateText,
  presentationDays: Days(180).default(DEFAULT_PRESENTATION_DAYS),
  amountTolerancePercent: DecimalText.optional(),
  /** Credit amount, when known; must cover the contract total within the tolerance. */
  amount: DecimalText.optional(),
  currency: CurrencyCode.optional(),
});

export const DocumentsAgainstPaymentTermsSchema = z.strictObject({ method: z.literal('DP') });
export const DocumentsAgainstAcceptanceTermsSchema = z.strictObject({ method: z.literal('DA'), days: Days(360) });
export const OpenAccountTermsSchema = z.strictObject({ method: z.literal('OA'), days: Days(360) });

export const PaymentTermsSchema = z.discriminatedUnion('method', [
  TelegraphicTransferTermsSchema,
  LetterOfCreditTermsSchema,
  DocumentsAgainstPaymentTermsSchema,
  DocumentsAgainstAcceptanceTermsSchema,
  OpenAccountTermsSchema,
]);

export const InspectionSchema = z.strictObject({ required: z.boolean(), agency: text(120).optional() });

export const InsuranceSchema = z.strictObject({ coveragePercent: DecimalText, clauses: z.enum(INSURANCE_CLAUSES) });

export const ReferencesSchema = z.strictObject({
  poNumber: text(35).optional(),
  bookingReferences: z.array(text(35)).default([]),
  billOfLadingNumbers: z.array(text(35)).default([]),
  lcNumber: text(35).optional(),
});

export const FlagsSchema = z.strictObject({ strategic: z.boolean().optional(), nonStandardTerms: z.boolean().optional() });

export const CUSTOMER_TIERS = ['A', 'B', 'C'] as const;
export const CustomerProfileSchema = z.strictObject({ tier: z.enum(CUSTOMER_TIERS), isNew: z.boolean() });

/** What the API accepts to create a draft: every field except `id` and `version`, which the server sets. */
export const ContractInputSchema = z.strictObject({
  contractNumber: ContractNumber,
  seller: PartySchema,
  buyer: PartySchema,
  customerId: text(64),
  customer: CustomerProfileSchema,
  contacts: z.array(ContactSchema).min(1).max(20),
  owner: OwnerSchema,
  team: text(64),
  incoterms: IncotermsSchema,
  transport: TransportSchema,
  shipment: ShipmentSchema.default({}),
  lines: z.array(ContractLineSchema).max(500),
  currency: CurrencyCode,
  totalAmount: DecimalText,
  paymentTerms: PaymentTermsSchema,
  inspection: InspectionSchema.default({ required: false }),
  insurance: InsuranceSchema.optional(),
  references: ReferencesSchema.default({ bookingReferences: [], billOfLadingNumbers: [] }),
  flags: FlagsSchema.default({}),
  /** When the contract was signed, with the signer's offset, stored as given. */
  signedAt: OffsetInstantText.optional(),
});

/** A stored contract: the terms plus identity and the optimistic-concurrency version. */
export const ContractSchema = ContractInputSchema.extend({
  id: ContractId,
  version: z.number().int().min(1),
});

/** The body a client sends (before normalisation and defaults). */
export type ContractInput = z.input<typeof ContractInputSchema>;
/** Validated, normalised contract terms without identity — what `validateContractInput` returns. */
export type ContractDraft = z.output<typeof ContractInputSchema>;
/** A stored contract. */
export type Contract = z.output<typeof ContractSchema>;
export type PaymentTerms = ContractDraft['paymentTerms'];
export type LetterOfCreditTerms = Extract<PaymentTerms, { method: 'LC' }>;
export type ContractLine = ContractDraft['lines'][number];

export type ContractValidation<T> =
  | { ok: true; contract: T; warnings: FieldIssue[] }
  | { ok: false; issues: FieldIssue[]; warnings: FieldIssue[] };

/**
 * Validates a stored or updated contract (with `id` and `version`): shape, field formats, then every
 * cross-field rule. Never throws, whatever it is given.
 *
 * Why: one function decides what a valid contract is, for the API, the store and partner events alike;
 * every problem comes back at once, each naming its field and rule.
 *
 * Cross-field rules run only when the shape is valid: they need typed values. A clerk therefore sees
 * format problems first, then business-rule problems.
 *
 * @example
 * const result = validateContract(body);
 * if (!result.ok) return unprocessable(result.issues); // [{ path: 'totalAmount', rule: 'amounts.total-matches-lines', ... }]
 */
export function validateContract(input: unknown): ContractValidation<Contract> {
  return validateWith(ContractSchema, input);
}

/**
 * Validates what a client sends to create a draft (no `id`/`version`). Same rules as
 * {@link validateContract}.
 *
 * @example
 * const result = validateContractInput(cifShanghaiRotterdamLc());
 * result.ok && result.contract.incoterms.rule; // 'CIF'
 */
export function validateContractInput(input: unknown): ContractValidation<ContractDraft> {
  return validateWith(ContractInputSchema, input);
}

function validateWith<T extends ContractDraft>(schema: z.ZodType<T>, input: unknown): ContractValidation<T> {
  try {
    const parsed = schema.safeParse(input, { reportInput: true });
    if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error.issues), warnings: [] };
    const findings = evaluateContractRules(parsed.data);
    const issues = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    return issues.length > 0 ? { ok: false, issues, warnings } : { ok: true, contract: parsed.data, warnings };
  } catch (error) {
    // Hostile input (throwing getters, proxies) must still produce an answer, not a 500.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issues: [{ path: '(contract)', rule: SHAPE_RULES.format, message: `The contract could not be read: ${reason}`, severity: 'error' }],
      warnings: [],
    };
  }
}

/**
 * Gives validated terms their identity, version 1. Use cases pass the id their store generates;
 * the default is a fresh ULID.
 *
 * @example const contract = contractFromDraft(draft); // { ...draft, id: '01J…', version: 1 }
 */
export function contractFromDraft(draft: ContractDraft, id: string = ulid()): Contract {
  return { ...draft, id, version: 1 };
}

/**
 * The few facts the lifecycle module needs, derived in one place so that guards and approvals never
 * re-interpret payment terms. `totalAmount` is written at the currency's scale; `latestShipmentDate`
 * is the contract's, or the credit's when the contract states none; `paymentDays` is the credit period
 * (D/A, O/A days, T/T balance days after B/L, or L/C usance days).
 *
 * @example
 * lifecycleFactsOf(contract) // { incoterm: 'CIF', paymentMethod: 'LC', latestPresentationDate: '2027-03-15', ... }
 */
export function lifecycleFactsOf(c: Contract): LifecycleFacts & { incoterm: IncotermRule; transportMode: TransportMode } {
  const terms = c.paymentTerms;
  const facts: ReturnType<typeof lifecycleFactsOf> = {
    incoterm: c.incoterms.rule,
    transportMode: c.transport.mode,
    paymentMethod: terms.method,
    depositPercent: terms.method === 'TT' ? terms.depositPercent : '0',
    inspectionRequired: c.inspection.required,
    totalAmount: roundToMinorUnits(c.totalAmount, c.currency),
    currency: c.currency,
    customerIsNew: c.customer.isNew,
    nonStandardTerms: c.flags.nonStandardTerms ?? false,
    strategic: c.flags.strategic ?? false,
  };
  const latestShipmentDate = c.shipment.latestShipmentDate ?? (terms.method === 'LC' ? terms.latestShipmentDate : undefined);
  if (latestShipmentDate !== undefined) facts.latestShipmentDate = latestShipmentDate;
  switch (terms.method) {
    case 'LC':
      facts.lcExpiryDate = terms.expiryDate;
      facts.latestPresentationDate = latestPresentationDate(terms);
      if (terms.usanceDays !== undefined) facts.paymentDays = terms.usanceDays;
      break;
    case 'DA':
    case 'OA':
      facts.paymentDays = terms.days;
      break;
    case 'TT':
      if (terms.balanceDue === 'DAYS_AFTER_BL' && terms.balanceDays !== undefined) facts.paymentDays = terms.balanceDays;
      break;
    case 'DP':
      break;
  }
  return facts;
}

