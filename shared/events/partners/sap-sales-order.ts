/**
 * SAP S/4HANA `API_SALES_ORDER_SRV` `A_SalesOrder` (OData V2 JSON) → a contract draft for the caller to
 * create or update. The detail is either one A_SalesOrder entity or the OData envelope
 * `{ d: { results: [...] } }` / `{ d: {...} }`; each order yields one fact.
 *
 * Formats (joadan/Linq2OData SampleData.cs; latonaio sales-order sample): amounts and quantities are
 * strings; date fields are `/Date(ms)/` at UTC midnight; `LastChangeDateTime` is `/Date(ms+0000)/`;
 * `IncotermsVersion` is often empty; items come only with `$expand=to_Item`.
 */
import * as z from 'zod';
import { isDecimalString, parseMoney } from '../../domain/money';
import { isCurrencyCode, isUnitOfMeasure } from '../../domain/reference-data';
import { parseIncotermRule } from '../../domain/incoterms';
import type { ContractDraftFields, ContractDraftLine, CorrelationKey, MappedFact, MappingContext, PartnerMapping } from './partner-mapping';
import { quoted, uniqueKeys } from './partner-mapping';
import { partnerText } from './partner-fields';
import { calendarDateFromODataDate, instantFromODataDate } from './partner-time';

const sapDecimal = (max = 24) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a decimal number as text (SAP sends strings); got ${quoted(issue.input)}`) })
    .max(max)
    .refine(isDecimalString, { error: (issue) => `must be a decimal number such as '125000.00'; got ${quoted(issue.input)}` });

const sapDate = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be an OData date text; got ${quoted(issue.input)}`) })
  .refine((raw) => calendarDateFromODataDate(raw) !== undefined, {
    error: (issue) => `must be an OData date at UTC midnight such as /Date(1768867200000)/; got ${quoted(issue.input)}`,
  });

const sapDateTime = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be an OData date-time text; got ${quoted(issue.input)}`) })
  .refine((raw) => instantFromODataDate(raw) !== undefined, {
    error: (issue) => `must be an OData date-time such as /Date(1768901462000+0000)/; got ${quoted(issue.input)}`,
  });

/** Empty strings are SAP's "not set"; read them as absent. */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const SalesOrderItem = z.looseObject({
  SalesOrderItem: partnerText(6),
  Material: z.string().max(40).default(''),
  SalesOrderItemText: optionalText(40),
  RequestedQuantity: sapDecimal(),
  RequestedQuantityUnit: z.string().max(3).default(''),
  RequestedQuantityISOUnit: optionalText(3),
  NetAmount: sapDecimal(),
  TransactionCurrency: optionalText(5),
});

/** One A_SalesOrder entity. */
export const SapSalesOrder = z
  .looseObject({
    SalesOrder: partnerText(10),
    PurchaseOrderByCustomer: optionalText(35),
    SoldToParty: optionalText(10),
    SalesOrderDate: sapDate.optional(),
    CreationDate: sapDate.optional(),
    LastChangeDateTime: sapDateTime.optional(),
    RequestedDeliveryDate: sapDate.optional(),
    TotalNetAmount: sapDecimal(),
    TransactionCurrency: z
      .string({ error: 'is required' })
      .refine(isCurrencyCode, { error: (issue) => `must be an ISO 4217 currency such as USD; got ${quoted(issue.input)}` }),
    IncotermsClassification: optionalText(3),
    IncotermsTransferLocation: optionalText(28),
    IncotermsLocation1: optionalText(70),
    IncotermsVersion: optionalText(4),
    /** `{ results: [...] }` when expanded, `{ __deferred: { uri } }` otherwise. */
    to_Item: z.looseObject({ results: z.array(SalesOrderItem).optional(), __deferred: z.unknown().optional() }).optional(),
  })
  .superRefine((order, ctx) => {
    const total = parseMoney(order.TotalNetAmount, order.TransactionCurrency);
    if (isDecimalString(order.TotalNetAmount) && isCurrencyCode(order.TransactionCurrency) && !total.ok) {
      ctx.addIssue({ code: 'custom', path: ['TotalNetAmount'], message: total.message });
    }
  });
export type SapSalesOrder = z.infer<typeof SapSalesOrder>;

/** The export as the connector publishes it: one order, or the OData V2 envelope. */
export const SapSalesOrderExport = z.union(
  [SapSalesOrder, z.looseObject({ d: z.union([z.looseObject({ results: z.array(SapSalesOrder).min(1) }), SapSalesOrder]) })],
  { error: 'must be an A_SalesOrder entity or an OData V2 envelope {"d": {"results": [...]}}' },
);
export type SapSalesOrderExport = z.infer<typeof SapSalesOrderExport>;

function ordersOf(detail: SapSalesOrderExport): SapSalesOrder[] {
  if (!('d' in detail) || detail.d === undefined) return [detail as SapSalesOrder];
  const d = detail.d as { results?: SapSalesOrder[] } & Partial<SapSalesOrder>;
  return Array.isArray(d.results) ? d.results : [d as SapSalesOrder];
}

/**
 * SAP internal units (T006) that commonly appear in sales orders, to UN/ECE Rec 20. `PCE` is the ISO
 * code SAP still maps pieces to; Rec 20 replaced it with H87 (piece).
 */
export const SAP_UNIT_TO_REC20: Readonly<Record<string, string>> = {
  PC: 'H87', ST: 'H87', EA: 'H87', PCE: 'H87',
  KG: 'KGM', G: 'GRM', TO: 'TNE', LB: 'LBR',
  L: 'LTR', ML: 'MLT', M: 'MTR', CM: 'CMT', MM: 'MMT', M2: 'MTK', M3: 'MTQ',
  CAR: 'CT', CT: 'CT', PAA: 'PR', PR: 'PR', SET: 'SET', DZ: 'DZN', KWH: 'KWH',
};

function unitOf(item: z.infer<typeof SalesOrderItem>): { unit: string; known: boolean } {
  const iso = item.RequestedQuantityISOUnit;
  if (iso !== undefined && isUnitOfMeasure(iso)) return { unit: iso, known: true };
  const mapped = SAP_UNIT_TO_REC20[item.RequestedQuantityUnit] ?? (iso !== undefined ? SAP_UNIT_TO_REC20[iso] : undefined);
  if (mapped !== undefined) return { unit: mapped, known: true };
  return { unit: iso ?? item.RequestedQuantityUnit, known: false };
}

function draftOf(order: SapSalesOrder, unknownCodes: string[]): ContractDraftFields {
  const warnings: string[] = [];
  let incoterms: ContractDraftFields['incoterms'];
  const rule = order.IncotermsClassification;
  if (rule !== undefined) {
    const parsed = parseIncotermRule(rule);
    const namedPlace = order.IncotermsTransferLocation ?? order.IncotermsLocation1;
    if (parsed.ok) {
      incoterms = { rule: parsed.rule, ...(namedPlace !== undefined ? { namedPlace } : {}), ...(order.IncotermsVersion !== undefined ? { version: order.IncotermsVersion } : {}) };
      if (order.IncotermsVersion === undefined) warnings.push('IncotermsVersion is empty: Incoterms 2010 cannot be told from 2020; confirm 2020 with the buyer');
    } else {
      unknownCodes.push(`IncotermsClassification=${rule}`);
      warnings.push(parsed.message);
    }
  }
  let lines: ContractDraftLine[] | undefined;
  const items = order.to_Item;
  if (items?.results !== undefined) {
    lines = items.results.map((item, index): ContractDraftLine => {
      const unit = unitOf(item);
      if (!unit.known) unknownCodes.push(`RequestedQuantityUnit=${unit.unit}`);
      const currency = item.TransactionCurrency ?? order.TransactionCurrency;
      if (currency !== order.TransactionCurrency) warnings.push(`item ${item.SalesOrderItem} is in ${currency}, the order in ${order.TransactionCurrency}`);
      return {
        lineNo: index + 1,
        erpItem: item.SalesOrderItem,
        material: item.Material,
        ...(item.SalesOrderItemText !== undefined ? { description: item.SalesOrderItemText } : {}),
        quantity: item.RequestedQuantity,
        unit: unit.unit,
        netAmount: item.NetAmount,
      };
    });
  } else {
    warnings.push('items were not expanded ($expand=to_Item): lines must be entered by hand');
  }
  const total = parseMoney(order.TotalNetAmount, order.TransactionCurrency);
  const orderDate = order.SalesOrderDate ?? order.CreationDate;
  return {
    erpOrderNumber: order.SalesOrder,
    ...(order.PurchaseOrderByCustomer !== undefined ? { poNumber: order.PurchaseOrderByCustomer } : {}),
    currency: order.TransactionCurrency,
    totalAmount: total.ok ? total.money.amount : order.TotalNetAmount,
    ...(incoterms !== undefined ? { incoterms } : {}),
    ...(orderDate !== undefined ? { orderDate: calendarDateFromODataDate(orderDate) } : {}),
    ...(order.RequestedDeliveryDate !== undefined ? { requestedDeliveryDate: calendarDateFromODataDate(order.RequestedDeliveryDate) } : {}),
    ...(order.SoldToParty !== undefined ? { soldToParty: order.SoldToParty } : {}),
    ...(lines !== undefined ? { lines } : {}),
    warnings,
  };
}

function correlationKeys(detail: SapSalesOrderExport): CorrelationKey[] {
  return uniqueKeys(ordersOf(detail).flatMap((o) => (o.PurchaseOrderByCustomer !== undefined ? [{ kind: 'PO' as const, value: o.PurchaseOrderByCustomer }] : [])));
}

function toFacts(detail: SapSalesOrderExport, ctx: MappingContext): MappedFact[] {
  return ordersOf(detail).map((order): MappedFact => {
    const unknownCodes: string[] = [];
    const contractDraft = draftOf(order, unknownCodes);
    const updatedAt = order.LastChangeDateTime !== undefined ? instantFromODataDate(order.LastChangeDateTime) : undefined;
    return {
      identity: { publisher: ctx.publisher, eventId: `SalesOrder/${order.SalesOrder}`, ...(updatedAt !== undefined ? { updatedAt } : {}) },
      contractDraft,
      ...(unknownCodes.length > 0 ? { unknownCodes } : {}),
    };
  });
}

/**
 * SAP S/4HANA A_SalesOrder exports → contract drafts (`contractDraft`, no evidence).
 *
 * @example mapPartnerEvent('partner.erp.sap', 'SAP.SalesOrder.Changed', { d: { results: [order] } }, ctx) // facts[0].contractDraft.poNumber
 */
export const sapSalesOrderMapping: PartnerMapping<SapSalesOrderExport> = {
  id: 'sap-s4-a-salesorder',
  title: 'ERP: SAP S/4HANA A_SalesOrder export (OData V2 JSON) → contract draft',
  source: { prefix: 'partner.erp' },
  detailTypes: ['SAP.SalesOrder.Created', 'SAP.SalesOrder.Changed'],
  schema: SapSalesOrderExport,
  correlationKeys,
  toFacts,
  fieldRules: [
    { from: 'SalesOrder', to: "identity.eventId 'SalesOrder/{SalesOrder}', contractDraft.erpOrderNumber", rule: 'one draft per sales order' },
    { from: 'LastChangeDateTime', to: 'identity.updatedAt', rule: '/Date(ms+0000)/ → UTC instant; the later change wins' },
    { from: 'PurchaseOrderByCustomer', to: 'contractDraft.poNumber, correlation PO', rule: 'empty string = absent' },
    { from: 'TransactionCurrency', to: 'contractDraft.currency', rule: 'ISO 4217, else SCHEMA' },
    { from: 'TotalNetAmount', to: 'contractDraft.totalAmount', rule: 'string decimal, written with the currency minor units; never a float' },
    { from: 'IncotermsClassification', to: 'contractDraft.incoterms.rule', rule: 'Incoterms 2020 rule; withdrawn/unknown → unknownCodes + warning' },
    { from: 'IncotermsTransferLocation, else IncotermsLocation1', to: 'contractDraft.incoterms.namedPlace', rule: 'free text' },
    { from: 'IncotermsVersion', to: 'contractDraft.incoterms.version', rule: 'empty → no version + warning (2010 vs 2020 unknown)' },
    { from: 'SalesOrderDate, else CreationDate', to: 'contractDraft.orderDate', rule: '/Date(ms)/ at UTC midnight → calendar date (read in UTC, never a local zone)' },
    { from: 'RequestedDeliveryDate', to: 'contractDraft.requestedDeliveryDate', rule: 'as above' },
    { from: 'to_Item.results[].Material, SalesOrderItemText', to: 'contractDraft.lines[].material, description', rule: 'deferred to_Item → no lines + warning' },
    { from: 'to_Item.results[].RequestedQuantity', to: 'contractDraft.lines[].quantity', rule: 'string decimal' },
    { from: 'to_Item.results[].RequestedQuantityISOUnit, else RequestedQuantityUnit', to: 'contractDraft.lines[].unit', rule: 'Rec 20 code, SAP unit mapped (PC→H87, KG→KGM …); unmapped → unknownCodes' },
    { from: 'to_Item.results[].NetAmount', to: 'contractDraft.lines[].netAmount', rule: 'string decimal' },
    { from: 'SoldToParty', to: 'contractDraft.soldToParty', rule: 'SAP customer number; the caller maps it to a customer' },
  ],
  notes: ['A_SalesOrderItem has no unit price (pricing elements are a separate entity): lines carry net amounts only.'],
};
