/**
 * The customer communication plan: which milestones each customer hears about and with how much detail
 * (transparency levels, per customer setting), and one template per milestone in each supported language
 * (English, Simplified Chinese), rendered as plain text and HTML from the same words. Internal matters —
 * escalations, approvals, task assignments, exception severities — never reach customers at any level.
 */
import * as z from 'zod';
import type { Contract } from './contract';
import type { ContractRecord, TimelineEntry } from './contract-record';
import type { Evidence } from './evidence';
import type { Stage } from './lifecycle';
import { stageNames } from './lifecycle';
import { renderMessage, type RenderedMessage } from './policies/message-template';

export type Language = 'en' | 'zh-CN';

export const DETAILS = ['ports', 'vessel', 'voyage', 'eta', 'container'] as const;
export type Detail = (typeof DETAILS)[number];
export const NOTICES = ['delay', 'force-majeure', 'payment-reminder'] as const;
export type Notice = (typeof NOTICES)[number];
export const TRANSPARENCY = ['essential', 'standard', 'full'] as const;
export type Transparency = (typeof TRANSPARENCY)[number];

/** What a customer is never told, whatever its level (the docs list it; customer timelines filter it). */
export const NEVER_SHOWN = ['internal escalations and who was escalated to', 'approvals and refused transitions', 'task assignments and their reasons', 'exception severities and internal notes', 'anomaly flags'] as const;

const StageEnum = z.enum(stageNames as [Stage, ...Stage[]]);
const Template = z.strictObject({ subject: z.string().min(3).max(300), headline: z.string().min(2).max(300), body: z.string().min(3).max(4000) });

export const CustomerPlanSchema = z.strictObject({
  levels: z.record(z.enum(TRANSPARENCY), z.strictObject({ milestones: z.array(StageEnum), details: z.array(z.enum(DETAILS)), notices: z.array(z.enum(NOTICES)) })),
  /** The level by customer tier, unless the customer has its own setting. */
  byTier: z.record(z.enum(['A', 'B', 'C']), z.enum(TRANSPARENCY)),
  customers: z.record(z.string().min(1), z.strictObject({ transparency: z.enum(TRANSPARENCY), note: z.string().optional() })),
  milestones: z.partialRecord(StageEnum, z.strictObject({ en: Template, 'zh-CN': Template })),
});
export type CustomerPlan = z.infer<typeof CustomerPlanSchema>;

export const CUSTOMER_PLAN: CustomerPlan = {
  levels: {
    essential: { milestones: ['SIGNED', 'SHIPPED', 'DELIVERED', 'CLOSED'], details: [], notices: ['force-majeure', 'payment-reminder'] },
    standard: { milestones: ['SIGNED', 'SHIPPED', 'ARRIVED', 'DELIVERED', 'CLOSED'], details: ['ports', 'vessel', 'eta'], notices: ['delay', 'force-majeure', 'payment-reminder'] },
    full: { milestones: ['SIGNED', 'PAID', 'SHIPPED', 'ARRIVED', 'CUSTOMS_CLEARED', 'DELIVERED', 'CLOSED'], details: ['ports', 'vessel', 'voyage', 'eta', 'container'], notices: ['delay', 'force-majeure', 'payment-reminder'] },
  },
  byTier: { A: 'full', B: 'standard', C: 'essential' },
  customers: {},
  milestones: {
    SIGNED: {
      en: { subject: 'Contract {contractNumber} is signed', headline: 'Your contract is signed', body: 'Contract {contractNumber} between {seller} and {buyer} is signed. We will keep you informed at every milestone.' },
      'zh-CN': { subject: '合同 {contractNumber} 已签署', headline: '您的合同已签署', body: '{seller} 与 {buyer} 之间的合同 {contractNumber} 已签署。我们将在每个关键节点通知您。' },
    },
    PAID: {
      en: { subject: 'Contract {contractNumber}: payment received', headline: 'Payment received', body: 'We have received payment in full under contract {contractNumber}. Thank you.' },
      'zh-CN': { subject: '合同 {contractNumber}：已收到付款', headline: '已收到付款', body: '我们已收到合同 {contractNumber} 项下的全部款项。谢谢。' },
    },
    SHIPPED: {
      en: { subject: 'Contract {contractNumber}: goods shipped', headline: 'Your goods are on their way', body: 'The goods under contract {contractNumber} have been shipped[ from {portOfLoading}][ to {portOfDischarge}].[ Vessel: {vessel}.][ Voyage: {voyage}.][ Expected arrival: {eta}.][ Container: {container}.]' },
      'zh-CN': { subject: '合同 {contractNumber}：货物已发运', headline: '您的货物已发运', body: '合同 {contractNumber} 项下的货物已[从 {portOfLoading} ]发运[，目的港 {portOfDischarge}]。[船名：{vessel}。][航次：{voyage}。][预计到港：{eta}。][集装箱：{container}。]' },
    },
    ARRIVED: {
      en: { subject: 'Contract {contractNumber}: arrived[ at {portOfDischarge}]', headline: 'Your goods have arrived', body: 'The goods under contract {contractNumber} have arrived[ at {portOfDischarge}].' },
      'zh-CN': { subject: '合同 {contractNumber}：货物已到港', headline: '您的货物已到港', body: '合同 {contractNumber} 项下的货物已抵达[ {portOfDischarge}]。' },
    },
    CUSTOMS_CLEARED: {
      en: { subject: 'Contract {contractNumber}: cleared customs', headline: 'Import customs cleared', body: 'The goods under contract {contractNumber} have cleared import customs and are on their way to you.' },
      'zh-CN': { subject: '合同 {contractNumber}：已清关', headline: '进口清关完成', body: '合同 {contractNumber} 项下的货物已完成进口清关，正在送往您处。' },
    },
    DELIVERED: {
      en: { subject: 'Contract {contractNumber}: delivered', headline: 'Your goods are delivered', body: 'The goods under contract {contractNumber} have been delivered. Thank you for your business.' },
      'zh-CN': { subject: '合同 {contractNumber}：已交付', headline: '您的货物已交付', body: '合同 {contractNumber} 项下的货物已交付。感谢您的惠顾。' },
    },
    CLOSED: {
      en: { subject: 'Contract {contractNumber} is complete', headline: 'Contract complete', body: 'Contract {contractNumber} is complete: goods delivered and payment settled.' },
      'zh-CN': { subject: '合同 {contractNumber} 已完成', headline: '合同已完成', body: '合同 {contractNumber} 已完成：货物已交付，款项已结清。' },
    },
  },
};

/** The contact's language if we write in it, English otherwise (zh-Hans, zh-SG etc. read Simplified Chinese). */
export function messageLanguage(tag: string): Language {
  return /^zh(-Hans|-CN|-SG)?(\b|$)/i.test(tag) ? 'zh-CN' : 'en';
}

/**
 * A customer's transparency level: its own setting, else its tier's.
 * @example transparencyOf({ customerId: 'CUST-NL-0042', customer: { tier: 'B', isNew: false } }) // 'standard'
 */
export function transparencyOf(c: Pick<Contract, 'customerId' | 'customer'>, plan: CustomerPlan = CUSTOMER_PLAN): Transparency {
  return plan.customers[c.customerId]?.transparency ?? plan.byTier[c.customer.tier] ?? 'essential';
}

export type MilestoneVars = { contractNumber: string; buyer: string; seller: string } & Partial<Record<'portOfLoading' | 'portOfDischarge' | 'vessel' | 'voyage' | 'eta' | 'container', string>>;

const DETAIL_VARS: Record<Detail, ReadonlyArray<keyof MilestoneVars>> = { ports: ['portOfLoading', 'portOfDischarge'], vessel: ['vessel'], voyage: ['voyage'], eta: ['eta'], container: ['container'] };

/** Everything a milestone could say about a contract, before the transparency filter. */
export function milestoneFacts(record: Pick<ContractRecord, 'contract' | 'expected'>, evidence: ReadonlyArray<Pick<Evidence, 'kind' | 'details'>> = []): MilestoneVars {
  const c = record.contract;
  const shipped = [...evidence].reverse().find((e) => e.kind === 'shipped' && (e.details?.vesselName || e.details?.voyage));
  const container = [...evidence].reverse().find((e) => typeof e.details?.equipmentReference === 'string');
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const vars: MilestoneVars = { contractNumber: c.contractNumber, buyer: c.buyer.legalName, seller: c.seller.legalName };
  const put = (k: keyof MilestoneVars, v: string | undefined) => v !== undefined && ((vars as Record<string, string>)[k] = v);
  put('portOfLoading', c.transport.portOfLoading);
  put('portOfDischarge', c.transport.portOfDischarge);
  put('vessel', str(shipped?.details?.vesselName));
  put('voyage', str(shipped?.details?.voyage));
  put('eta', record.expected.ETA?.at.slice(0, 10));
  put('container', str(container?.details?.equipmentReference));
  return vars;
}

/** Only the details the customer's level allows. */
export function visibleVars(vars: MilestoneVars, level: Transparency, plan: CustomerPlan = CUSTOMER_PLAN): MilestoneVars {
  const allowed = new Set(plan.levels[level]?.details.flatMap((d) => DETAIL_VARS[d]) ?? []);
  const out: MilestoneVars = { contractNumber: vars.contractNumber, buyer: vars.buyer, seller: vars.seller };
  for (const [k, v] of Object.entries(vars)) if (allowed.has(k as keyof MilestoneVars) && v !== undefined) (out as Record<string, string>)[k] = v;
  return out;
}

/**
 * The milestone message for a stage, or undefined when the customer's level does not include it.
 * @example milestoneMessage('SHIPPED', 'en', vars, 'standard')?.subject // 'Contract SJT-2026-0412: goods shipped'
 */
export function milestoneMessage(stage: Stage, language: Language, vars: MilestoneVars, level: Transparency = 'standard', plan: CustomerPlan = CUSTOMER_PLAN): RenderedMessage | undefined {
  if (!plan.levels[level]?.milestones.includes(stage)) return undefined;
  const template = plan.milestones[stage]?.[language];
  return template ? renderMessage(template, visibleVars(vars, level, plan)) : undefined;
}

/** Whether the customer's level includes a notice (delay, force majeure, payment reminder). */
export function customerHears(level: Transparency, notice: Notice, plan: CustomerPlan = CUSTOMER_PLAN): boolean {
  return plan.levels[level]?.notices.includes(notice) ?? false;
}

/** Evidence that belongs to the seller's internal process, never shown to customers. */
const INTERNAL_EVIDENCE: ReadonlySet<string> = new Set(['submitted', 'approved', 'rejected']);

/**
 * What a customer sees of a contract's timeline, by the same plan that decides their e-mails: the
 * milestones of their transparency level, the partners' evidence, and the e-mails sent to their own
 * contacts — never approvals, escalations, refusals, exceptions, internal stages or internal e-mails.
 *
 * @example customerTimeline(entries, contract).every((e) => e.type !== 'escalated') // true
 */
export function customerTimeline(entries: readonly TimelineEntry[], contract: Pick<Contract, 'customerId' | 'customer' | 'contacts'>, plan: CustomerPlan = CUSTOMER_PLAN): TimelineEntry[] {
  const milestones = new Set<string>(plan.levels[transparencyOf(contract, plan)]?.milestones ?? []);
  const contacts = new Set(contract.contacts.map((c) => c.email.toLowerCase()));
  return entries.filter(
    (e) =>
      (e.type === 'stageEntered' && milestones.has(e.stage)) ||
      ((e.type === 'evidence' || e.type === 'evidenceWithdrawn') && !INTERNAL_EVIDENCE.has(e.evidence.kind)) ||
      (e.type === 'emailSent' && contacts.has(e.to.toLowerCase())),
  ).map(redacted);
}

/**
 * A contract as its customer may see it: the agreed terms, where it stands and the expected dates —
 * never the seller's internal matters (desk exceptions and tasks, escalation levels, anomaly flags,
 * approvals, the customer's own tier or "new customer" rating, internal user ids and teams).
 *
 * @example customerView(record).desk // undefined
 */
export function customerView(record: ContractRecord) {
  const { customer: _rating, flags: _flags, team: _team, owner, ...terms } = record.contract;
  return {
    contract: { ...terms, owner: { name: owner.name, email: owner.email } },
    stage: record.stage,
    ...(record.paymentStage ? { paymentStage: record.paymentStage } : {}),
    ...(record.logisticsStage ? { logisticsStage: record.logisticsStage } : {}),
    stageEnteredAt: record.stageEnteredAt,
    expected: record.expected,
    overlays: record.overlays.map(({ kind, openedAt, closedAt }) => ({ kind, openedAt, ...(closedAt ? { closedAt } : {}) })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Manual evidence as a customer sees it: that the seller confirmed it, not who or with which note. */
function redacted(e: TimelineEntry): TimelineEntry {
  if ((e.type === 'evidence' || e.type === 'evidenceWithdrawn') && e.evidence.classifier === 'MANUAL') {
    return { ...e, evidence: { ...e.evidence, source: { ...e.evidence.source, publisher: 'seller' }, details: {} } };
  }
  return e;
}
