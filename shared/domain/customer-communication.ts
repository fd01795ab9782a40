/**
 * The milestone communication plan: which stages a customer hears about, and one template per message in
 * each supported language (English, Simplified Chinese). Internal stages (approval, escalation) never
 * reach customers.
 */
import type { Stage } from './lifecycle';

export type Language = 'en' | 'zh-CN';

export interface MilestoneMessage {
  subject: string;
  headline: string;
  body: string;
}

interface TemplateVars {
  contractNumber: string;
  buyer: string;
  seller: string;
  portOfLoading?: string;
  portOfDischarge?: string;
}

type Template = (v: TemplateVars) => MilestoneMessage;

/** Milestones customers are told about. Everything else stays internal. */
export const CUSTOMER_MILESTONES: Partial<Record<Stage, Record<Language, Template>>> = {
  SIGNED: {
    en: (v) => ({ subject: `Contract ${v.contractNumber} is signed`, headline: 'Your contract is signed', body: `Contract ${v.contractNumber} between ${v.seller} and ${v.buyer} is signed. We will keep you informed at every milestone.` }),
    'zh-CN': (v) => ({ subject: `合同 ${v.contractNumber} 已签署`, headline: '您的合同已签署', body: `${v.seller} 与 ${v.buyer} 之间的合同 ${v.contractNumber} 已签署。我们将在每个关键节点通知您。` }),
  },
  SHIPPED: {
    en: (v) => ({ subject: `Contract ${v.contractNumber}: goods shipped`, headline: 'Your goods are on their way', body: `The goods under contract ${v.contractNumber} have been shipped${v.portOfLoading ? ` from ${v.portOfLoading}` : ''}${v.portOfDischarge ? ` to ${v.portOfDischarge}` : ''}.` }),
    'zh-CN': (v) => ({ subject: `合同 ${v.contractNumber}：货物已发运`, headline: '您的货物已发运', body: `合同 ${v.contractNumber} 项下的货物已${v.portOfLoading ? `从 ${v.portOfLoading} ` : ''}发运${v.portOfDischarge ? `，目的港 ${v.portOfDischarge}` : ''}。` }),
  },
  ARRIVED: {
    en: (v) => ({ subject: `Contract ${v.contractNumber}: arrived${v.portOfDischarge ? ` at ${v.portOfDischarge}` : ''}`, headline: 'Your goods have arrived', body: `The goods under contract ${v.contractNumber} have arrived${v.portOfDischarge ? ` at ${v.portOfDischarge}` : ''}.` }),
    'zh-CN': (v) => ({ subject: `合同 ${v.contractNumber}：货物已到港`, headline: '您的货物已到港', body: `合同 ${v.contractNumber} 项下的货物已抵达${v.portOfDischarge ? ` ${v.portOfDischarge}` : '目的港'}。` }),
  },
  DELIVERED: {
    en: (v) => ({ subject: `Contract ${v.contractNumber}: delivered`, headline: 'Your goods are delivered', body: `The goods under contract ${v.contractNumber} have been delivered. Thank you for your business.` }),
    'zh-CN': (v) => ({ subject: `合同 ${v.contractNumber}：已交付`, headline: '您的货物已交付', body: `合同 ${v.contractNumber} 项下的货物已交付。感谢您的惠顾。` }),
  },
  CLOSED: {
    en: (v) => ({ subject: `Contract ${v.contractNumber} is complete`, headline: 'Contract complete', body: `Contract ${v.contractNumber} is complete: goods delivered and payment settled.` }),
    'zh-CN': (v) => ({ subject: `合同 ${v.contractNumber} 已完成`, headline: '合同已完成', body: `合同 ${v.contractNumber} 已完成：货物已交付，款项已结清。` }),
  },
};

/** The contact's language if we write in it, English otherwise (zh-Hans, zh-SG etc. read Simplified Chinese). */
export function messageLanguage(tag: string): Language {
  return /^zh(-Hans|-CN|-SG)?(\b|$)/i.test(tag) ? 'zh-CN' : 'en';
}

export function milestoneMessage(stage: Stage, language: Language, vars: TemplateVars): MilestoneMessage | undefined {
  return CUSTOMER_MILESTONES[stage]?.[language](vars);
}
