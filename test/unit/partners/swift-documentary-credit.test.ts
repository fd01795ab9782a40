import bank from '../../fixtures/partners/bank-messages.json';
import mt700Reference from '../../fixtures/partners/swift-mt700-letter-of-credit.json';
import { mapPartnerEvent } from '../../../shared/events/partners/partner-registry';
import { poFromRemittance } from '../../../shared/events/partners/swift-documentary-credit';

const ctx = { publisher: 'partner.bank.examplebank', recordedAt: '2026-04-05T08:00:00.000Z' };

function mapped(detailType: string, detail: unknown) {
  const result = mapPartnerEvent(ctx.publisher, detailType, detail, ctx);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result;
}

describe('MT700 → lcIssued + lcTerms', () => {
  it('maps the reference example: decimal comma, YYMMDD dates, presentation period', () => {
    // Prepare: the fixture carries exactly the reference's example_in_own_words fields.
    expect(bank.mt700.fields).toEqual(expect.objectContaining({ '20': mt700Reference.example_in_own_words['20'], '32B': mt700Reference.example_in_own_words['32B'] }));
    // Act
    const result = mapped('LetterOfCredit.Issued', bank.mt700);
    // Assess
    expect(result.facts).toEqual([
      {
        identity: { publisher: ctx.publisher, eventId: 'MUR-2026012000042' },
        evidence: {
          kind: 'lcIssued',
          classifier: 'ACT',
          occurredAt: '2026-01-20',
          recordedAt: ctx.recordedAt,
          source: { publisher: ctx.publisher, eventId: 'MUR-2026012000042', format: 'swift-mt700-json' },
          amount: { currency: 'USD', value: '125000.00' },
          details: { lcNumber: 'LC/EX/2026/0042', expiryDate: '2026-04-15', expiryPlace: 'HAMBURG', sentAt: '2026-01-20T09:30:00+01:00' },
        },
        lcTerms: {
          lcNumber: 'LC/EX/2026/0042',
          issueDate: '2026-01-20',
          amount: '125000.00',
          currency: 'USD',
          expiryDate: '2026-04-15',
          expiryPlace: 'HAMBURG',
          latestShipmentDate: '2026-03-31',
          presentationDays: 21,
          presentationDaysStated: true,
          tolerancePercent: { plus: 5, minus: 5 },
          partialShipments: 'NOT ALLOWED',
          transhipment: 'ALLOWED',
          portOfLoadingText: 'SHANGHAI, CHINA',
          portOfDischargeText: 'HAMBURG, GERMANY',
          confirmationInstructions: 'WITHOUT',
          goodsDescription: '2000 UNITS ELECTRIC MOTORS\nCIF HAMBURG INCOTERMS 2020',
        },
      },
    ]);
    expect(result.keys).toEqual([
      { kind: 'LC', value: 'LC/EX/2026/0042' },
      { kind: 'PO', value: 'PO-2026-0042' },
    ]);
  });

  it.each([
    ['21', 21, true, undefined, []],
    ['10/CTD', 10, true, 'CTD', []],
    ['21 DAYS AFTER SHIPMENT DATE', 21, true, '21 DAYS AFTER SHIPMENT DATE', ['field 48 is free text (pre-SR2019 form); check the presentation period']],
    ['WITHIN THE VALIDITY OF THE CREDIT', 21, false, 'WITHIN THE VALIDITY OF THE CREDIT', ['field 48 is free text (pre-SR2019 form); check the presentation period']],
    [undefined, 21, false, undefined, []],
  ])('field 48 %p → %p days (stated: %p)', (field48, days, stated, narrative, warnings) => {
    const fields: Record<string, string> = { ...bank.mt700.fields };
    if (field48 === undefined) delete fields['48'];
    else fields['48'] = field48;
    const fact = mapped('LetterOfCredit.Issued', { ...bank.mt700, fields }).facts[0];
    expect(fact?.lcTerms).toMatchObject({ presentationDays: days, presentationDaysStated: stated });
    expect(fact?.lcTerms?.presentationNarrative).toBe(narrative);
    expect(fact?.evidence?.details.warnings ?? []).toEqual(warnings);
  });

  it('reads the real-looking 32B/31D of public messages: USD652646, and AT YOUR COUNTERS', () => {
    const fields = { ...bank.mt700.fields, '31C': '200115', '31D': '200421AT YOUR COUNTERS', '32B': 'USD652646,', '44C': '200331' };
    const terms = mapped('LetterOfCredit.Issued', { ...bank.mt700, fields }).facts[0]?.lcTerms;
    expect(terms).toMatchObject({ amount: '652646.00', expiryDate: '2020-04-21', expiryPlace: 'AT YOUR COUNTERS', latestShipmentDate: '2020-03-31' });
  });

  it('warns, without refusing, when the latest shipment date is after expiry', () => {
    const fact = mapped('LetterOfCredit.Issued', { ...bank.mt700, fields: { ...bank.mt700.fields, '44C': '260420' } }).facts[0];
    expect(fact?.evidence?.details.warnings).toEqual(['latest shipment date (44C) is after the expiry date (31D)']);
  });

  it.each([
    ['32B with a dot', { '32B': 'USD125000.00' }, 'fields.32B'],
    ['32B unknown currency', { '32B': 'XYZ125000,' }, 'fields.32B'],
    ['32B too many decimals for JPY', { '32B': 'JPY1000,5' }, 'fields.32B'],
    ['31D without place', { '31D': '260415' }, 'fields.31D'],
    ['31C not a date', { '31C': '260230' }, 'fields.31C'],
    ['44C ISO date instead of YYMMDD', { '44C': '2026-03-31' }, 'fields.44C'],
    ['20 missing', { '20': undefined }, 'fields.20'],
  ])('refuses %s at %s', (_name, override, path) => {
    const result = mapPartnerEvent(ctx.publisher, 'LetterOfCredit.Issued', { ...bank.mt700, fields: { ...bank.mt700.fields, ...override } }, ctx);
    expect(result).toMatchObject({ ok: false, reason: 'SCHEMA' });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual([path]);
  });
});

describe('other bank messages', () => {
  it('MT707 → lcAmended with what changed; sentAt without offset is assumed UTC', () => {
    const fact = mapped('LetterOfCredit.Amended', bank.mt707).facts[0];
    expect(fact?.evidence).toMatchObject({ kind: 'lcAmended', occurredAt: '2026-03-02', details: { lcNumber: 'LC/EX/2026/0042', amendmentNumber: 1, sentAt: '2026-03-02T10:00:00Z', assumedUtc: true } });
    expect(fact?.lcAmendment).toEqual({
      lcNumber: 'LC/EX/2026/0042',
      amendmentNumber: 1,
      amendmentDate: '2026-03-02',
      newExpiryDate: '2026-04-30',
      newExpiryPlace: 'HAMBURG',
      increase: { currency: 'USD', amount: '5000.00' },
      newLatestShipmentDate: '2026-04-15',
      newPresentationDays: 10,
    });
  });

  it('MT754 → documentsPresented dated by 32A', () => {
    const result = mapped('LetterOfCredit.DocumentsPresented', bank.mt754);
    expect(result.facts[0]?.evidence).toMatchObject({ kind: 'documentsPresented', occurredAt: '2026-04-02', amount: { currency: 'USD', value: '125000.00' } });
    expect(result.keys).toEqual([{ kind: 'LC', value: 'LC/EX/2026/0042' }]);
  });

  it('MT750 → discrepancyNotice with one discrepancy per line', () => {
    const fact = mapped('LetterOfCredit.DiscrepancyNotice', bank.mt750).facts[0];
    expect(fact?.evidence).toMatchObject({
      kind: 'discrepancyNotice',
      occurredAt: '2026-04-03',
      details: { lcNumber: 'LC/EX/2026/0042', discrepancies: ['1. LATE PRESENTATION', '2. INVOICE AMOUNT EXCEEDS CREDIT AMOUNT'] },
    });
  });

  it('MT734 takes the credit number from field 20', () => {
    const mt734 = { ...bank.mt750, messageType: 'MT734', fields: { ...bank.mt750.fields, '20': 'LC/EX/2026/0042', '21': 'PRES-REF-9', '77B': 'HOLDING DOCUMENTS PENDING INSTRUCTIONS' } };
    const result = mapped('LetterOfCredit.DiscrepancyNotice', mt734);
    expect(result.keys).toEqual([{ kind: 'LC', value: 'LC/EX/2026/0042' }]);
    expect(result.facts[0]?.evidence?.details).toMatchObject({ disposalOfDocuments: 'HOLDING DOCUMENTS PENDING INSTRUCTIONS' });
  });

  it.each([
    ['Deposit.Received', 'depositReceived'],
    ['Payment.Received', 'paymentReceived'],
  ])('MT103 under %s → %s with value date, amount and the PO from field 70', (detailType, kind) => {
    const result = mapped(detailType, bank.mt103);
    expect(result.facts[0]?.evidence).toMatchObject({
      kind,
      occurredAt: '2026-01-25',
      amount: { currency: 'USD', value: '37500.00' },
      details: { sentAt: '2026-01-25T10:00:00Z', bankReference: 'FT26025ABC123' },
    });
    expect(result.keys).toEqual([{ kind: 'PO', value: 'PO-2026-0042' }]);
  });

  it('MT754 without 32A needs sentAt to date the presentation', () => {
    const result = mapPartnerEvent(ctx.publisher, 'LetterOfCredit.DocumentsPresented', { ...bank.mt754, fields: { '20': 'X', '21': 'LC-1', '32B': 'USD1,' } }, ctx);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['sentAt']);
  });

  it.each([
    ['/INV/INV-77 PO PO-2026-0042 DEPOSIT 30PCT', 'PO-2026-0042'],
    ['P.O. 4711-A BALANCE', '4711-A'],
    ['/PO/4500012345', '4500012345'],
    ['PO NO. 4500012345', '4500012345'],
    ['INVOICE 123 BALANCE PAYMENT', undefined],
    [undefined, undefined],
  ])('PO in remittance %p → %p', (text, po) => {
    expect(poFromRemittance(text)).toBe(po);
  });
});
