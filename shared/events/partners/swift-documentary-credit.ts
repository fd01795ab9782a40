/**
 * Bank messages about documentary credits and payments, as JSON carrying SWIFT MT fields by tag.
 *
 * There is no public JSON standard for these (ISO 20022 trade-services examples are not public; banks
 * still exchange MT700/MT707 text), so the envelope is ours and the fields are SWIFT's:
 *
 * ```json
 * { "messageId": "MUR-…", "messageType": "MT700", "sentAt": "2026-01-20T09:30:00+01:00",
 *   "documentaryCreditNumber": "LC/EX/2026/0042", "references": [{ "kind": "PO", "value": "PO-2026-0042" }],
 *   "fields": { "20": "LC/EX/2026/0042", "31C": "260120", "31D": "260415HAMBURG", "32B": "USD125000," } }
 * ```
 *
 * `messageId` is the bank's unique message reference (block 3 field 108 or the bank's API id): the
 * dedupe key. `documentaryCreditNumber` and `references` are optional hints the bank connector adds.
 * Field formats: prowide-core MT700/MT707 field classes (see swift-fields.ts).
 */
import * as z from 'zod';
import { compareCalendarDates } from '../../domain/calendar-date';
import { DEFAULT_PRESENTATION_DAYS } from '../../domain/letter-of-credit';
import type { EvidenceKind } from '../../domain/evidence';
import type { CorrelationKey, FieldRule, LcAmendment, LcTerms, MappedFact, MappingContext, PartnerMapping } from './partner-mapping';
import { uniqueKeys } from './partner-mapping';
import { partnerText } from './partner-fields';
import { partnerTimeText, readPartnerTime } from './partner-time';
import { swift } from './swift-fields';

const CORRELATION_KINDS = ['PO', 'BOOKING', 'BL', 'LC', 'CONTRACT'] as const;

const SentAt = z
  .union([z.string(), z.number()], { error: 'must be a date-time, a calendar date or epoch milliseconds' })
  .refine((value) => readPartnerTime(value) !== undefined, {
    error: 'must be an ISO 8601 date-time, a calendar date YYYY-MM-DD, YYMMDD or epoch milliseconds',
  });

const envelope = {
  messageId: partnerText(100),
  sentAt: SentAt.optional(),
  documentaryCreditNumber: partnerText(35).optional(),
  references: z.array(z.looseObject({ kind: z.enum(CORRELATION_KINDS), value: partnerText(100) })).optional(),
};

type Envelope = { messageId: string; sentAt?: string | number; documentaryCreditNumber?: string; references?: Array<{ kind: CorrelationKey['kind']; value: string }> };

function envelopeKeys(message: Envelope, lcNumber: string | undefined): CorrelationKey[] {
  return uniqueKeys([
    ...(lcNumber !== undefined ? [{ kind: 'LC' as const, value: lcNumber }] : []),
    ...(message.references ?? []).map((r) => ({ kind: r.kind, value: r.value })),
  ]);
}

function sentAtText(message: Envelope): string | undefined {
  const time = readPartnerTime(message.sentAt);
  return time === undefined ? undefined : partnerTimeText(time);
}

function evidenceFact(
  message: Envelope,
  ctx: MappingContext,
  format: string,
  evidence: { kind: EvidenceKind; occurredAt: string; amount?: { currency: string; value: string }; details: Record<string, unknown> },
): MappedFact {
  const time = readPartnerTime(message.sentAt);
  const assumedUtc = time?.kind === 'instant' && time.assumedUtc;
  return {
    identity: { publisher: ctx.publisher, eventId: message.messageId },
    evidence: {
      kind: evidence.kind,
      classifier: 'ACT',
      occurredAt: evidence.occurredAt,
      recordedAt: ctx.recordedAt,
      source: { publisher: ctx.publisher, eventId: message.messageId, format },
      ...(evidence.amount !== undefined ? { amount: evidence.amount } : {}),
      details: {
        ...evidence.details,
        ...(time !== undefined ? { sentAt: partnerTimeText(time) } : {}),
        ...(assumedUtc ? { assumedUtc: true } : {}),
      },
    },
  };
}

const COMMON_RULES: readonly FieldRule[] = [
  { from: 'messageId', to: 'identity.eventId', rule: 'bank message reference (field 108 / API id); dedupe key' },
  { from: 'sentAt', to: 'evidence.details.sentAt', rule: 'any time form; no offset → UTC assumed, details.assumedUtc' },
  { from: 'references[] {kind, value}', to: 'correlation keys', rule: 'hints added by the bank connector' },
];

// ---------------------------------------------------------------------------------------------------
// MT700 issue of a documentary credit → lcIssued + lcTerms.

/** MT700 as bank JSON. */
export const Mt700Message = z.looseObject({
  ...envelope,
  messageType: z.literal('MT700'),
  fields: z.looseObject({
    '20': swift.reference('20'),
    '31C': swift.date('31C'),
    '31D': swift.expiry('31D'),
    '32B': swift.currencyAmount('32B'),
    '39A': swift.tolerance('39A').optional(),
    '43P': swift.text('43P', 35).optional(),
    '43T': swift.text('43T', 35).optional(),
    '44C': swift.date('44C').optional(),
    '44D': swift.text('44D', 390).optional(),
    '44E': swift.text('44E', 140).optional(),
    '44F': swift.text('44F', 140).optional(),
    '45A': swift.text('45A', 65 * 100).optional(),
    '48': swift.presentation('48').optional(),
    '49': swift.text('49', 7).optional(),
  }),
});
export type Mt700Message = z.infer<typeof Mt700Message>;

/** The terms of an MT700, with the UCP 600 default presentation period filled in. */
export function lcTermsOf(message: Mt700Message): LcTerms {
  const f = message.fields;
  const presentation = f['48'];
  return {
    lcNumber: f['20'],
    issueDate: f['31C'],
    amount: f['32B'].amount,
    currency: f['32B'].currency,
    expiryDate: f['31D'].date,
    expiryPlace: f['31D'].place,
    ...(f['44C'] !== undefined ? { latestShipmentDate: f['44C'] } : {}),
    ...(f['44D'] !== undefined ? { shipmentPeriod: f['44D'] } : {}),
    presentationDays: presentation?.days ?? DEFAULT_PRESENTATION_DAYS,
    presentationDaysStated: presentation?.days !== undefined,
    ...(presentation?.narrative !== undefined ? { presentationNarrative: presentation.narrative } : {}),
    ...(f['39A'] !== undefined ? { tolerancePercent: f['39A'] } : {}),
    ...(f['43P'] !== undefined ? { partialShipments: f['43P'] } : {}),
    ...(f['43T'] !== undefined ? { transhipment: f['43T'] } : {}),
    ...(f['44E'] !== undefined ? { portOfLoadingText: f['44E'] } : {}),
    ...(f['44F'] !== undefined ? { portOfDischargeText: f['44F'] } : {}),
    ...(f['49'] !== undefined ? { confirmationInstructions: f['49'] } : {}),
    ...(f['45A'] !== undefined ? { goodsDescription: f['45A'] } : {}),
  };
}

/** Inconsistencies a clerk must raise with the bank; the credit is still a fact, so they do not reject it. */
function lcWarnings(terms: LcTerms, message: Mt700Message): string[] {
  const warnings: string[] = [];
  if (terms.latestShipmentDate !== undefined) {
    if (compareCalendarDates(terms.issueDate, terms.latestShipmentDate) > 0) warnings.push('latest shipment date (44C) is before the issue date (31C)');
    if (compareCalendarDates(terms.latestShipmentDate, terms.expiryDate) > 0) warnings.push('latest shipment date (44C) is after the expiry date (31D)');
  } else if (terms.shipmentPeriod === undefined) {
    warnings.push('neither latest shipment date (44C) nor shipment period (44D) is stated');
  }
  if (message.fields['44C'] !== undefined && message.fields['44D'] !== undefined) warnings.push('44C and 44D are mutually exclusive but both are stated');
  if (compareCalendarDates(terms.issueDate, terms.expiryDate) > 0) warnings.push('expiry date (31D) is before the issue date (31C)');
  if (message.fields['48']?.legacyFreeText) warnings.push('field 48 is free text (pre-SR2019 form); check the presentation period');
  return warnings;
}

/**
 * MT700 (issue of a documentary credit) → `lcIssued` evidence and the credit's terms.
 *
 * @example mapPartnerEvent('partner.bank.hsbc', 'LetterOfCredit.Issued', mt700, ctx) // facts[0].lcTerms.expiryDate === '2026-04-15'
 */
export const swiftMt700Mapping: PartnerMapping<Mt700Message> = {
  id: 'swift-mt700-json',
  title: 'Bank: documentary credit issued (MT700 fields in bank JSON)',
  source: { prefix: 'partner.bank' },
  detailTypes: ['LetterOfCredit.Issued'],
  schema: Mt700Message,
  correlationKeys: (m) => envelopeKeys(m, m.fields['20']),
  toFacts: (m, ctx) => {
    const terms = lcTermsOf(m);
    const warnings = lcWarnings(terms, m);
    const fact = evidenceFact(m, ctx, swiftMt700Mapping.id, {
      kind: 'lcIssued',
      occurredAt: terms.issueDate,
      amount: { currency: terms.currency, value: terms.amount },
      details: { lcNumber: terms.lcNumber, expiryDate: terms.expiryDate, expiryPlace: terms.expiryPlace, ...(warnings.length ? { warnings } : {}) },
    });
    return [{ ...fact, lcTerms: terms }];
  },
  fieldRules: [
    ...COMMON_RULES,
    { from: '20', to: 'lcTerms.lcNumber, correlation LC', rule: 'documentary credit number' },
    { from: '31C', to: 'evidence.occurredAt, lcTerms.issueDate', rule: 'YYMMDD → calendar date (00–79 → 20YY, else 19YY), never via UTC' },
    { from: '31D', to: 'lcTerms.expiryDate, expiryPlace', rule: 'YYMMDD + place' },
    { from: '32B', to: 'evidence.amount, lcTerms.amount/currency', rule: 'decimal comma → decimal string with the currency minor units (USD652646, → 652646.00)' },
    { from: '44C / 44D', to: 'lcTerms.latestShipmentDate / shipmentPeriod', rule: '44C YYMMDD; 44D free text' },
    { from: '48', to: 'lcTerms.presentationDays, presentationNarrative', rule: "'21', '10/CTD', or legacy free text with leading days; none → 21 (UCP 600 art. 14(c))" },
    { from: '39A, 43P, 43T, 44E, 44F, 45A, 49', to: 'lcTerms.*', rule: 'as written by the bank; 45A carries the Incoterm as free text' },
  ],
  notes: ['Date inconsistencies (31C ≤ 44C ≤ 31D) are reported in evidence.details.warnings, not rejected: the credit exists as issued.'],
};

// ---------------------------------------------------------------------------------------------------
// MT707 amendment → lcAmended + lcAmendment.

/** MT707 as bank JSON. */
export const Mt707Message = z.looseObject({
  ...envelope,
  messageType: z.literal('MT707'),
  fields: z.looseObject({
    '20': swift.reference('20'),
    '21': swift.reference('21').optional(),
    '23': swift.reference('23').optional(),
    '26E': swift.number('26E').optional(),
    '30': swift.date('30'),
    '31D': swift.expiry('31D').optional(),
    '31E': swift.date('31E').optional(),
    '32B': swift.currencyAmount('32B').optional(),
    '33B': swift.currencyAmount('33B').optional(),
    '44C': swift.date('44C').optional(),
    '48': swift.presentation('48').optional(),
    '79Z': swift.text('79Z', 35 * 50).optional(),
  }),
});
export type Mt707Message = z.infer<typeof Mt707Message>;

function amendmentOf(m: Mt707Message): LcAmendment {
  const f = m.fields;
  const lcNumber = m.documentaryCreditNumber ?? f['23'] ?? f['20'];
  return {
    lcNumber,
    ...(f['26E'] !== undefined ? { amendmentNumber: f['26E'] } : {}),
    amendmentDate: f['30'],
    ...(f['31D'] !== undefined ? { newExpiryDate: f['31D'].date, newExpiryPlace: f['31D'].place } : f['31E'] !== undefined ? { newExpiryDate: f['31E'] } : {}),
    ...(f['32B'] !== undefined ? { increase: f['32B'] } : {}),
    ...(f['33B'] !== undefined ? { decrease: f['33B'] } : {}),
    ...(f['44C'] !== undefined ? { newLatestShipmentDate: f['44C'] } : {}),
    ...(f['48']?.days !== undefined ? { newPresentationDays: f['48'].days } : {}),
    ...(f['79Z'] !== undefined ? { narrative: f['79Z'] } : {}),
  };
}

/**
 * MT707 (amendment) → `lcAmended` evidence and what changed.
 *
 * @example mapPartnerEvent('partner.bank.hsbc', 'LetterOfCredit.Amended', mt707, ctx) // facts[0].lcAmendment.newLatestShipmentDate
 */
export const swiftMt707Mapping: PartnerMapping<Mt707Message> = {
  id: 'swift-mt707-json',
  title: 'Bank: documentary credit amended (MT707 fields in bank JSON)',
  source: { prefix: 'partner.bank' },
  detailTypes: ['LetterOfCredit.Amended'],
  schema: Mt707Message,
  correlationKeys: (m) => envelopeKeys(m, m.documentaryCreditNumber ?? m.fields['23'] ?? m.fields['20']),
  toFacts: (m, ctx) => {
    const amendment = amendmentOf(m);
    const fact = evidenceFact(m, ctx, swiftMt707Mapping.id, {
      kind: 'lcAmended',
      occurredAt: m.fields['30'],
      details: { lcNumber: amendment.lcNumber, ...(amendment.amendmentNumber !== undefined ? { amendmentNumber: amendment.amendmentNumber } : {}) },
    });
    return [{ ...fact, lcAmendment: amendment }];
  },
  fieldRules: [
    ...COMMON_RULES,
    { from: 'documentaryCreditNumber, else 23 (issuing bank reference), else 20', to: 'lcAmendment.lcNumber, correlation LC', rule: 'an advising bank puts its own reference in 20' },
    { from: '30', to: 'evidence.occurredAt, lcAmendment.amendmentDate', rule: 'YYMMDD' },
    { from: '26E', to: 'lcAmendment.amendmentNumber', rule: '' },
    { from: '31D (31E in older messages)', to: 'lcAmendment.newExpiryDate/Place', rule: 'YYMMDD [+ place]' },
    { from: '32B / 33B', to: 'lcAmendment.increase / decrease', rule: 'decimal comma → decimal string' },
    { from: '44C, 48', to: 'lcAmendment.newLatestShipmentDate, newPresentationDays', rule: 'as MT700' },
  ],
};

// ---------------------------------------------------------------------------------------------------
// MT754 documents presented → documentsPresented.

/** MT754 (advice of payment/acceptance/negotiation: complying documents presented) as bank JSON. */
export const Mt754Message = z
  .looseObject({
    ...envelope,
    messageType: z.literal('MT754'),
    fields: z.looseObject({
      '20': swift.reference('20'),
      '21': swift.reference('21'),
      '32A': swift.dateCurrencyAmount('32A').optional(),
      '32B': swift.currencyAmount('32B').optional(),
      '77A': swift.text('77A', 35 * 20).optional(),
    }),
  })
  .superRefine((m, ctx) => {
    if (m.fields['32A'] === undefined && m.fields['32B'] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['fields', '32A'], message: 'field 32A (or 32B) is required: the amount of the documents' });
    }
    if (m.fields['32A'] === undefined && m.sentAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['sentAt'], message: 'is required when field 32A does not date the presentation' });
    }
  });
export type Mt754Message = z.infer<typeof Mt754Message>;

/**
 * MT754 → `documentsPresented` evidence with the amount of the documents.
 *
 * @example mapPartnerEvent('partner.bank.hsbc', 'LetterOfCredit.DocumentsPresented', mt754, ctx)
 */
export const swiftMt754Mapping: PartnerMapping<Mt754Message> = {
  id: 'swift-mt754-json',
  title: 'Bank: documents presented under the credit (MT754 fields in bank JSON)',
  source: { prefix: 'partner.bank' },
  detailTypes: ['LetterOfCredit.DocumentsPresented'],
  schema: Mt754Message,
  correlationKeys: (m) => envelopeKeys(m, m.documentaryCreditNumber ?? m.fields['21']),
  toFacts: (m, ctx) => {
    const amount = m.fields['32A'] ?? m.fields['32B'];
    return [
      evidenceFact(m, ctx, swiftMt754Mapping.id, {
        kind: 'documentsPresented',
        occurredAt: m.fields['32A']?.date ?? sentAtText(m) ?? ctx.recordedAt,
        ...(amount !== undefined ? { amount: { currency: amount.currency, value: amount.amount } } : {}),
        details: { lcNumber: m.documentaryCreditNumber ?? m.fields['21'], bankReference: m.fields['20'], ...(m.fields['77A'] ? { narrative: m.fields['77A'] } : {}) },
      }),
    ];
  },
  fieldRules: [
    ...COMMON_RULES,
    { from: 'documentaryCreditNumber, else 21', to: 'correlation LC', rule: '21 is the related reference: the credit number' },
    { from: '32A (date + amount), else 32B and sentAt', to: 'evidence.occurredAt, evidence.amount', rule: 'YYMMDD; decimal comma' },
    { from: '20, 77A', to: 'evidence.details.bankReference, narrative', rule: '' },
  ],
};

// ---------------------------------------------------------------------------------------------------
// MT750 / MT734 discrepancies → discrepancyNotice.

/** MT750 (advice of discrepancy) or MT734 (advice of refusal) as bank JSON. */
export const DiscrepancyMessage = z.looseObject({
  ...envelope,
  messageType: z.enum(['MT750', 'MT734']),
  fields: z.looseObject({
    '20': swift.reference('20'),
    '21': swift.reference('21'),
    '32A': swift.dateCurrencyAmount('32A').optional(),
    '32B': swift.currencyAmount('32B').optional(),
    '77J': swift.text('77J', 50 * 70),
    '77B': swift.text('77B', 3 * 35).optional(),
  }),
});
export type DiscrepancyMessage = z.infer<typeof DiscrepancyMessage>;

function discrepancyLcNumber(m: DiscrepancyMessage): string {
  // MT750: 21 is the credit number. MT734 (from the issuing bank): 20 is its reference, the credit number.
  return m.documentaryCreditNumber ?? (m.messageType === 'MT750' ? m.fields['21'] : m.fields['20']);
}

/**
 * MT750 / MT734 → `discrepancyNotice` evidence with the discrepancies, one per line of 77J.
 *
 * @example mapPartnerEvent('partner.bank.hsbc', 'LetterOfCredit.DiscrepancyNotice', mt750, ctx) // details.discrepancies
 */
export const swiftDiscrepancyMapping: PartnerMapping<DiscrepancyMessage> = {
  id: 'swift-mt750-mt734-json',
  title: 'Bank: documentary discrepancies / refusal (MT750 or MT734 fields in bank JSON)',
  source: { prefix: 'partner.bank' },
  detailTypes: ['LetterOfCredit.DiscrepancyNotice'],
  schema: DiscrepancyMessage,
  correlationKeys: (m) => envelopeKeys(m, discrepancyLcNumber(m)),
  toFacts: (m, ctx) => {
    const amount = m.fields['32A'] ?? m.fields['32B'];
    const discrepancies = m.fields['77J']
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    return [
      evidenceFact(m, ctx, swiftDiscrepancyMapping.id, {
        kind: 'discrepancyNotice',
        occurredAt: m.fields['32A']?.date ?? sentAtText(m) ?? ctx.recordedAt,
        ...(amount !== undefined ? { amount: { currency: amount.currency, value: amount.amount } } : {}),
        details: {
          lcNumber: discrepancyLcNumber(m),
          messageType: m.messageType,
          discrepancies,
          ...(m.fields['77B'] !== undefined ? { disposalOfDocuments: m.fields['77B'] } : {}),
          ...(m.fields['32A'] === undefined && m.sentAt === undefined ? { occurredAtIsReceipt: true } : {}),
        },
      }),
    ];
  },
  fieldRules: [
    ...COMMON_RULES,
    { from: 'documentaryCreditNumber, else 21 (MT750) / 20 (MT734)', to: 'correlation LC', rule: '' },
    { from: '77J', to: 'evidence.details.discrepancies[]', rule: 'one discrepancy per line' },
    { from: '77B', to: 'evidence.details.disposalOfDocuments', rule: 'MT734 only' },
    { from: '32A, else sentAt, else receipt time', to: 'evidence.occurredAt', rule: 'details.occurredAtIsReceipt when the bank gave no date' },
  ],
};

// ---------------------------------------------------------------------------------------------------
// MT103 / MT910 credit → paymentReceived / depositReceived.

/** MT103 (customer transfer) or MT910 (confirmation of credit) as bank JSON. */
export const CreditAdviceMessage = z.looseObject({
  ...envelope,
  messageType: z.enum(['MT103', 'MT910']),
  fields: z.looseObject({
    '20': swift.reference('20'),
    '21': swift.reference('21').optional(),
    '32A': swift.dateCurrencyAmount('32A'),
    '50K': swift.text('50K', 4 * 35 + 35).optional(),
    '50F': swift.text('50F', 4 * 35 + 35).optional(),
    '70': swift.text('70', 4 * 35).optional(),
  }),
});
export type CreditAdviceMessage = z.infer<typeof CreditAdviceMessage>;

/** A PO number in remittance information: `PO PO-2026-0042`, `P.O. 4711`, `/PO/4711`. */
const REMITTANCE_PO = /(?:^|[\s/])P\.?O\.?(?:\s*(?:NO\.?|NUMBER|#))?[\s:/#-]*((?:PO-)?[A-Z0-9][A-Z0-9/-]{2,34})/i;

/**
 * The PO number a payer wrote in field 70, if any.
 *
 * @example poFromRemittance('/INV/INV-77 PO PO-2026-0042 DEPOSIT 30PCT') // 'PO-2026-0042'
 */
export function poFromRemittance(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const match = REMITTANCE_PO.exec(text.replace(/\r?\n/g, ' '));
  return match?.[1];
}

function creditAdviceMapping(id: string, detailType: string, kind: 'paymentReceived' | 'depositReceived', title: string): PartnerMapping<CreditAdviceMessage> {
  const mapping: PartnerMapping<CreditAdviceMessage> = {
    id,
    title,
    source: { prefix: 'partner.bank' },
    detailTypes: [detailType],
    schema: CreditAdviceMessage,
    correlationKeys: (m) => {
      const po = poFromRemittance(m.fields['70']);
      return uniqueKeys([...envelopeKeys(m, m.documentaryCreditNumber), ...(po !== undefined ? [{ kind: 'PO' as const, value: po }] : [])]);
    },
    toFacts: (m, ctx) => [
      evidenceFact(m, ctx, id, {
        kind,
        occurredAt: m.fields['32A'].date,
        amount: { currency: m.fields['32A'].currency, value: m.fields['32A'].amount },
        details: {
          messageType: m.messageType,
          bankReference: m.fields['20'],
          ...(m.fields['70'] !== undefined ? { remittanceInformation: m.fields['70'] } : {}),
          ...((m.fields['50K'] ?? m.fields['50F']) !== undefined ? { orderingCustomer: m.fields['50K'] ?? m.fields['50F'] } : {}),
        },
      }),
    ],
    fieldRules: [
      ...COMMON_RULES,
      { from: '32A', to: 'evidence.occurredAt (value date), evidence.amount', rule: 'YYMMDD + currency + decimal-comma amount' },
      { from: '70', to: 'correlation PO, evidence.details.remittanceInformation', rule: "PO number after 'PO', 'P.O.' or '/PO/'" },
      { from: 'documentaryCreditNumber', to: 'correlation LC', rule: 'for drawings under a credit' },
      { from: '50K / 50F', to: 'evidence.details.orderingCustomer', rule: '' },
    ],
    notes: [`The detail-type decides the evidence kind (${kind}); the bank connector knows whether the credit is a deposit or a balance payment.`],
  };
  return mapping;
}

/** MT103/MT910 credit reported as a payment → `paymentReceived`. */
export const swiftPaymentMapping = creditAdviceMapping('swift-credit-payment-json', 'Payment.Received', 'paymentReceived', 'Bank: payment received (MT103 / MT910 fields in bank JSON)');
/** MT103/MT910 credit reported as a T/T deposit → `depositReceived`. */
export const swiftDepositMapping = creditAdviceMapping('swift-credit-deposit-json', 'Deposit.Received', 'depositReceived', 'Bank: T/T deposit received (MT103 / MT910 fields in bank JSON)');
