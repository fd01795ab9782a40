import header from '../../fixtures/partners/erp-sap-sales-order.json';
import expanded from '../../fixtures/partners/sap-sales-order-expanded.json';
import { mapPartnerEvent } from '../../../shared/events/partners/partner-registry';

const ctx = { publisher: 'partner.erp.sap', recordedAt: '2026-01-20T10:00:00.000Z' };
const DETAIL_TYPE = 'SAP.SalesOrder.Changed';

function mapped(detail: unknown) {
  const result = mapPartnerEvent(ctx.publisher, DETAIL_TYPE, detail, ctx);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result;
}

describe('SAP S/4HANA A_SalesOrder → contract draft', () => {
  it('maps the raw OData V2 export: string amounts, UTC-midnight dates, empty Incoterms version', () => {
    // Act
    const result = mapped(header.rawODataV2);
    // Assess
    expect(result.mapping.id).toBe('sap-s4-a-salesorder');
    expect(result.facts).toEqual([
      {
        identity: { publisher: ctx.publisher, eventId: 'SalesOrder/4000123', updatedAt: '2026-01-20T09:31:02Z' },
        contractDraft: {
          erpOrderNumber: '4000123',
          poNumber: 'PO-2026-0042',
          currency: 'USD',
          totalAmount: '125000.00',
          incoterms: { rule: 'CIF', namedPlace: 'HAMBURG' },
          orderDate: '2026-01-20',
          requestedDeliveryDate: '2026-03-31',
          soldToParty: '10100042',
          warnings: [
            'IncotermsVersion is empty: Incoterms 2010 cannot be told from 2020; confirm 2020 with the buyer',
            'items were not expanded ($expand=to_Item): lines must be entered by hand',
          ],
        },
      },
    ]);
    expect(result.keys).toEqual([{ kind: 'PO', value: 'PO-2026-0042' }]);
    expect(result.facts[0]?.evidence).toBeUndefined();
  });

  it('maps expanded items to lines with Rec 20 units; unmappable units are recorded', () => {
    const fact = mapped(expanded).facts[0];
    expect(fact?.contractDraft).toMatchObject({
      poNumber: 'PO-2026-0043',
      currency: 'EUR',
      totalAmount: '5312.48',
      incoterms: { rule: 'FOB', namedPlace: 'SHANGHAI', version: '2020' },
      warnings: [],
      lines: [
        { lineNo: 1, erpItem: '10', material: 'SETVMIN0', description: 'MINIDAT OEDA 80 HH R22', quantity: '1.000', unit: 'H87', netAmount: '2656.24' },
        { lineNo: 2, erpItem: '20', material: 'KIT-100', description: 'Mounting kit', quantity: '1.000', unit: 'XYZ', netAmount: '2656.24' },
      ],
    });
    expect(fact?.unknownCodes).toEqual(['RequestedQuantityUnit=XYZ']);
  });

  it('accepts a single entity as detail, and a {d: entity} envelope', () => {
    const [order] = header.rawODataV2.d.results;
    expect(mapped(order).facts).toHaveLength(1);
    expect(mapped({ d: order }).facts).toHaveLength(1);
  });

  it('records a withdrawn Incoterm instead of mapping it', () => {
    const [order] = header.rawODataV2.d.results;
    const fact = mapped({ ...order, IncotermsClassification: 'DAT' }).facts[0];
    expect(fact?.contractDraft?.incoterms).toBeUndefined();
    expect(fact?.unknownCodes).toEqual(['IncotermsClassification=DAT']);
  });

  it('reads date fields in UTC: a midnight-UTC date stays that day (never shifted to the previous day)', () => {
    const [order] = header.rawODataV2.d.results;
    // 2026-12-31T00:00:00Z: in America/Los_Angeles this instant is still 2026-12-30.
    const fact = mapped({ ...order, RequestedDeliveryDate: '/Date(1798675200000)/' }).facts[0];
    expect(fact?.contractDraft?.requestedDeliveryDate).toBe('2026-12-31');
  });

  it.each([
    ['a float amount', { TotalNetAmount: 125000.5 }, ['d.results[0].TotalNetAmount']],
    ['an unknown currency', { TransactionCurrency: 'XXY' }, ['d.results[0].TransactionCurrency']],
    ['too many decimals for JPY', { TransactionCurrency: 'JPY', TotalNetAmount: '1000.50' }, ['d.results[0].TotalNetAmount']],
    ['a date not at UTC midnight', { RequestedDeliveryDate: '/Date(1774918800000)/' }, ['d.results[0].RequestedDeliveryDate']],
    ['an ISO date instead of /Date()/', { SalesOrderDate: '2026-01-20' }, ['d.results[0].SalesOrderDate']],
  ])('refuses %s with the field path', (_name, override, paths) => {
    const [order] = header.rawODataV2.d.results;
    const result = mapPartnerEvent(ctx.publisher, DETAIL_TYPE, { d: { results: [{ ...order, ...override }] } }, ctx);
    expect(result).toMatchObject({ ok: false, reason: 'SCHEMA' });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(paths);
  });
});
