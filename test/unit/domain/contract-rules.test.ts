import { validateContractInput, type ContractInput } from '../../../shared/domain/contract';
import { CONTRACT_RULES, contractRule } from '../../../shared/domain/contract-rules';
import { cifShanghaiRotterdamLc, dapOpenAccount, fobTtDeposit, jpyExample } from '../../fixtures/contracts';

type LcInput = Extract<ContractInput['paymentTerms'], { method: 'LC' }>;
type TtInput = Extract<ContractInput['paymentTerms'], { method: 'TT' }>;
const lc = (c: ContractInput) => c.paymentTerms as LcInput;
const tt = (c: ContractInput) => c.paymentTerms as TtInput;
const line = (c: ContractInput, i: number) => {
  const l = c.lines[i];
  if (!l) throw new Error(`fixture has no line ${i}`);
  return l;
};

interface Case {
  name: string;
  base: () => ContractInput;
  change: (c: ContractInput) => void;
  rule: string;
  /** Expected path of the finding; `null` when the case must NOT produce the rule. */
  path: string | null;
  message?: RegExp;
}

const cases: Case[] = [
  // Incoterms and transport
  { name: 'FOB by air', base: fobTtDeposit, change: (c) => { c.transport.mode = 'AIR'; }, rule: 'incoterms.sea-rule-mode', path: 'transport.mode', message: /FOB is for sea and inland waterway transport only.*AIR.*FCA/ },
  { name: 'CIF by rail', base: cifShanghaiRotterdamLc, change: (c) => { c.transport.mode = 'RAIL'; }, rule: 'incoterms.sea-rule-mode', path: 'transport.mode', message: /CIP/ },
  { name: 'FOB on inland waterway is fine', base: fobTtDeposit, change: (c) => { c.transport.mode = 'INLAND_WATERWAY'; }, rule: 'incoterms.sea-rule-mode', path: null },
  { name: 'FCA by air is fine', base: fobTtDeposit, change: (c) => { c.incoterms.rule = 'FCA'; c.transport.mode = 'AIR'; }, rule: 'incoterms.sea-rule-mode', path: null },
  { name: 'FOB without port of loading', base: fobTtDeposit, change: (c) => { delete c.transport.portOfLoading; }, rule: 'transport.ports-required', path: 'transport.portOfLoading', message: /FOB names a port/ },
  { name: 'DAP by sea without port of discharge', base: dapOpenAccount, change: (c) => { c.transport.mode = 'SEA'; }, rule: 'transport.ports-required', path: 'transport.portOfDischarge' },
  { name: 'DAP by road needs no ports', base: dapOpenAccount, change: () => undefined, rule: 'transport.ports-required', path: null },
  { name: 'loading and discharge at the same port', base: fobTtDeposit, change: (c) => { c.transport.portOfDischarge = 'CNSHA'; }, rule: 'transport.ports-differ', path: 'transport.portOfDischarge' },
  { name: 'FOB Ningbo loading at Shanghai', base: fobTtDeposit, change: (c) => { c.incoterms.namedPlace = 'Ningbo'; }, rule: 'incoterms.named-place-port', path: 'incoterms.namedPlace', message: /port of loading, which is CNSHA \(Shanghai\)/ },
  { name: 'CIF Hamburg discharging at Rotterdam', base: cifShanghaiRotterdamLc, change: (c) => { c.incoterms.namedPlace = 'Hamburg'; }, rule: 'incoterms.named-place-port', path: 'incoterms.namedPlace', message: /port of discharge/ },
  { name: 'FOB named by UN/LOCODE', base: fobTtDeposit, change: (c) => { c.incoterms.namedPlace = 'CNSHA'; }, rule: 'incoterms.named-place-port', path: null },
  { name: 'FOB named "Port of Shanghai, China"', base: fobTtDeposit, change: (c) => { c.incoterms.namedPlace = 'Port of Shanghai, China'; }, rule: 'incoterms.named-place-port', path: null },
  { name: 'FOB at a port outside the gazetteer is not second-guessed', base: fobTtDeposit, change: (c) => { c.transport.portOfLoading = 'CNZOS'; c.incoterms.namedPlace = 'Zhoushan'; }, rule: 'incoterms.named-place-port', path: null },
  { name: 'DAP Warsaw delivering to Poznań', base: dapOpenAccount, change: (c) => { c.incoterms.namedPlace = 'Warsaw'; }, rule: 'incoterms.named-place-destination', path: 'incoterms.namedPlace' },
  { name: 'DAP Poznan without diacritics', base: dapOpenAccount, change: (c) => { c.incoterms.namedPlace = 'Poznan'; }, rule: 'incoterms.named-place-destination', path: null },
  { name: 'DDP', base: dapOpenAccount, change: (c) => { c.incoterms.rule = 'DDP'; }, rule: 'incoterms.ddp-importer-of-record', path: 'incoterms.rule', message: /importer of record/ },
  { name: 'EXW across a border', base: dapOpenAccount, change: (c) => { c.incoterms.rule = 'EXW'; c.incoterms.namedPlace = 'Hamburg'; }, rule: 'incoterms.exw-export-clearance', path: 'incoterms.rule', message: /FCA/ },
  { name: 'seller and buyer in one country', base: dapOpenAccount, change: (c) => { c.buyer.country = 'DE'; }, rule: 'parties.different-countries', path: 'buyer.country' },
  { name: 'FOB Busan for a Chinese seller', base: fobTtDeposit, change: (c) => { c.transport.portOfLoading = 'KRPUS'; c.incoterms.namedPlace = 'Busan'; }, rule: 'transport.port-of-loading-country', path: 'transport.portOfLoading' },

  // Insurance
  { name: 'CIF without insurance', base: cifShanghaiRotterdamLc, change: (c) => { delete c.insurance; }, rule: 'insurance.required-for-cif-cip', path: 'insurance', message: /ICC|Institute Cargo Clauses \(C\)/ },
  { name: 'CIP without insurance', base: cifShanghaiRotterdamLc, change: (c) => { c.incoterms.rule = 'CIP'; c.transport.mode = 'MULTIMODAL'; delete c.insurance; }, rule: 'insurance.required-for-cif-cip', path: 'insurance', message: /\(A\)/ },
  { name: 'CIP with ICC (C)', base: cifShanghaiRotterdamLc, change: (c) => { c.incoterms.rule = 'CIP'; c.transport.mode = 'MULTIMODAL'; c.insurance = { coveragePercent: '110', clauses: 'C' }; }, rule: 'insurance.minimum-clauses', path: 'insurance.clauses' },
  { name: 'CIF with ICC (C) is enough', base: cifShanghaiRotterdamLc, change: (c) => { c.insurance = { coveragePercent: '110', clauses: 'C' }; }, rule: 'insurance.minimum-clauses', path: null },
  { name: 'insured at 100 %', base: cifShanghaiRotterdamLc, change: (c) => { c.insurance = { coveragePercent: '100', clauses: 'A' }; }, rule: 'insurance.minimum-coverage', path: 'insurance.coveragePercent' },
  { name: 'insured at 110.0 %', base: cifShanghaiRotterdamLc, change: (c) => { c.insurance = { coveragePercent: '110.0', clauses: 'A' }; }, rule: 'insurance.minimum-coverage', path: null },

  // Lines and amounts
  { name: 'no lines', base: fobTtDeposit, change: (c) => { c.lines = []; }, rule: 'lines.non-empty', path: 'lines' },
  { name: 'line number used twice', base: cifShanghaiRotterdamLc, change: (c) => { line(c, 1).lineNo = 10; }, rule: 'lines.unique-line-no', path: 'lines[1].lineNo' },
  { name: 'mixed HS editions', base: cifShanghaiRotterdamLc, change: (c) => { line(c, 1).hsEdition = 'HS2017'; }, rule: 'lines.hs-edition-consistent', path: 'lines[1].hsEdition' },
  { name: 'zero quantity', base: fobTtDeposit, change: (c) => { line(c, 0).quantity = '0'; c.totalAmount = '10140.00'; }, rule: 'amounts.positive', path: 'lines[0].quantity' },
  { name: 'negative unit price', base: fobTtDeposit, change: (c) => { line(c, 0).unitPrice = '-6.35'; }, rule: 'amounts.positive', path: 'lines[0].unitPrice' },
  { name: 'zero total', base: fobTtDeposit, change: (c) => { c.totalAmount = '0'; }, rule: 'amounts.positive', path: 'totalAmount' },
  { name: 'half a yen', base: jpyExample, change: (c) => { c.totalAmount = '17650000.5'; }, rule: 'amounts.currency-minor-units', path: 'totalAmount', message: /JPY amounts have 0 decimal places/ },
  { name: 'a tenth of a cent on a line', base: cifShanghaiRotterdamLc, change: (c) => { line(c, 0).amount = '37500.001'; }, rule: 'amounts.currency-minor-units', path: 'lines[0].amount' },
  { name: 'L/C amount in mills', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).amount = '69360.005'; }, rule: 'amounts.currency-minor-units', path: 'paymentTerms.amount' },
  { name: 'trailing zeros are harmless', base: jpyExample, change: (c) => { c.totalAmount = '17650000.00'; }, rule: 'amounts.currency-minor-units', path: null },
  { name: 'wrong line amount', base: cifShanghaiRotterdamLc, change: (c) => { line(c, 0).amount = '37000.00'; }, rule: 'amounts.line-amount-matches', path: 'lines[0].amount', message: /2000 × 18.75 = USD 37,500.00/ },
  { name: 'total does not add up', base: cifShanghaiRotterdamLc, change: (c) => { c.totalAmount = '69350.00'; }, rule: 'amounts.total-matches-lines', path: 'totalAmount', message: /should be USD 69,360.00.*USD 69,350.00 is stated/ },
  { name: 'total rounded per line, not in sum', base: fobTtDeposit, change: (c) => { c.lines = [{ ...line(c, 0), quantity: '3', unitPrice: '0.335' }, { ...line(c, 1), quantity: '3', unitPrice: '0.335' }]; c.totalAmount = '2.02'; }, rule: 'amounts.total-matches-lines', path: null },
  { name: 'total stated with one decimal', base: cifShanghaiRotterdamLc, change: (c) => { c.totalAmount = '69360.0'; }, rule: 'amounts.total-matches-lines', path: null },

  // Payment terms
  { name: 'deposit over 100 %', base: fobTtDeposit, change: (c) => { tt(c).depositPercent = '120'; }, rule: 'payment.deposit-range', path: 'paymentTerms.depositPercent' },
  { name: 'negative deposit', base: fobTtDeposit, change: (c) => { tt(c).depositPercent = '-5'; }, rule: 'payment.deposit-range', path: 'paymentTerms.depositPercent' },
  { name: '100 % in advance', base: fobTtDeposit, change: (c) => { tt(c).depositPercent = '100'; }, rule: 'payment.deposit-range', path: null },
  { name: 'days after B/L without days', base: fobTtDeposit, change: (c) => { tt(c).balanceDue = 'DAYS_AFTER_BL'; }, rule: 'payment.balance-days-required', path: 'paymentTerms.balanceDays' },
  { name: 'balance days with against-copy terms', base: fobTtDeposit, change: (c) => { tt(c).balanceDays = 30; }, rule: 'payment.balance-days-unexpected', path: 'paymentTerms.balanceDays' },
  { name: 'open account to a new customer', base: dapOpenAccount, change: (c) => { c.customer.isNew = true; }, rule: 'payment.unsecured-new-customer', path: 'paymentTerms.method', message: /60 days/ },

  // Letters of credit
  { name: 'L/C shipment after expiry', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).latestShipmentDate = '2027-03-20'; }, rule: 'lc.shipment-before-expiry', path: 'paymentTerms.latestShipmentDate' },
  { name: 'L/C shipment on expiry day is not this rule', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).latestShipmentDate = '2027-03-15'; }, rule: 'lc.shipment-before-expiry', path: null },
  { name: 'three days to present', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).expiryDate = '2027-02-25'; }, rule: 'lc.presentation-window', path: 'paymentTerms.expiryDate', message: /by 2027-02-25, only 3 days/ },
  { name: 'credit states 5 presentation days', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).presentationDays = 5; }, rule: 'lc.presentation-window', path: 'paymentTerms.expiryDate' },
  { name: 'exactly seven days to present', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).expiryDate = '2027-03-01'; }, rule: 'lc.presentation-window', path: null },
  { name: 'L/C contract without its own shipment date', base: cifShanghaiRotterdamLc, change: (c) => { c.shipment = {}; }, rule: 'lc.shipment-date-required', path: 'shipment.latestShipmentDate' },
  { name: "credit's shipment date earlier than the contract's", base: cifShanghaiRotterdamLc, change: (c) => { c.shipment = { latestShipmentDate: '2027-02-28' }; }, rule: 'lc.shipment-date-within-credit', path: 'paymentTerms.latestShipmentDate', message: /amend the credit/ },
  { name: 'same shipment date in contract and credit', base: cifShanghaiRotterdamLc, change: (c) => { c.shipment = { latestShipmentDate: '2027-02-22' }; }, rule: 'lc.shipment-date-within-credit', path: null },
  { name: 'deferred payment without usance', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).availableBy = 'DEFERRED'; }, rule: 'lc.usance-days-required', path: 'paymentTerms.usanceDays' },
  { name: 'acceptance at 90 days', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).availableBy = 'ACCEPTANCE'; lc(c).usanceDays = 90; }, rule: 'lc.usance-days-required', path: null },
  { name: 'sight credit with usance', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).usanceDays = 60; }, rule: 'lc.sight-without-usance', path: 'paymentTerms.usanceDays' },
  { name: 'credit in EUR for a USD contract', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).currency = 'EUR'; }, rule: 'lc.currency-matches-contract', path: 'paymentTerms.currency' },
  { name: 'credit too small even with tolerance', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).amount = '66000.00'; }, rule: 'lc.amount-covers-contract', path: 'paymentTerms.amount', message: /at most USD 69,300.00.*USD 69,360.00/ },
  { name: 'credit covers with its 5 % tolerance', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).amount = '66100.00'; }, rule: 'lc.amount-covers-contract', path: null },
  { name: 'credit without tolerance just short', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).amount = '69359.99'; delete lc(c).amountTolerancePercent; }, rule: 'lc.amount-covers-contract', path: 'paymentTerms.amount' },
  { name: 'tolerance of 150 %', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).amountTolerancePercent = '150'; }, rule: 'lc.tolerance-range', path: 'paymentTerms.amountTolerancePercent' },
  { name: 'tolerance of 15 %', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).amountTolerancePercent = '15'; }, rule: 'lc.tolerance-usual', path: 'paymentTerms.amountTolerancePercent' },
  { name: 'tolerance of 10 %', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).amountTolerancePercent = '10'; }, rule: 'lc.tolerance-usual', path: null },
  { name: 'Chinese BIC for a Dutch bank', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).issuingBank.bic = 'BKCHCNBJ'; }, rule: 'lc.bic-matches-bank-country', path: 'paymentTerms.issuingBank.bic', message: /China.*Netherlands/ },
  { name: 'expiry at the issuing bank', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).expiryPlace = 'Amsterdam, Netherlands'; }, rule: 'lc.expiry-place-abroad', path: 'paymentTerms.expiryPlace' },
  { name: 'expiry at the counters of the issuing bank, by country code', base: cifShanghaiRotterdamLc, change: (c) => { lc(c).expiryPlace = 'NL'; }, rule: 'lc.expiry-place-abroad', path: 'paymentTerms.expiryPlace' },
  { name: "expiry in the seller's country", base: cifShanghaiRotterdamLc, change: () => undefined, rule: 'lc.expiry-place-abroad', path: null },
  { name: 'different L/C numbers', base: cifShanghaiRotterdamLc, change: (c) => { c.references = { ...c.references, lcNumber: 'ING-DC-27-999999' }; }, rule: 'references.lc-number-matches', path: 'references.lcNumber' },
  { name: 'L/C number on a T/T contract', base: fobTtDeposit, change: (c) => { c.references = { ...c.references, lcNumber: 'ABC123' }; }, rule: 'references.lc-number-matches', path: 'references.lcNumber', message: /payment is by TT/ },

  // Dates, inspection, references
  { name: 'earliest after latest shipment', base: fobTtDeposit, change: (c) => { c.shipment = { earliestShipmentDate: '2027-02-10', latestShipmentDate: '2027-01-31' }; }, rule: 'shipment.earliest-before-latest', path: 'shipment.earliestShipmentDate' },
  { name: 'shipment date before signing', base: cifShanghaiRotterdamLc, change: (c) => { c.signedAt = '2027-03-01T09:00:00+08:00'; }, rule: 'dates.not-before-signing', path: 'shipment.latestShipmentDate' },
  { name: 'L/C expired before signing', base: fobTtDeposit, change: (c) => { c.paymentTerms = { ...lc(cifShanghaiRotterdamLc()) }; c.shipment = { latestShipmentDate: '2027-02-22' }; c.signedAt = '2027-03-16T09:00:00+08:00'; }, rule: 'dates.not-before-signing', path: 'paymentTerms.expiryDate' },
  { name: "signed late evening New York time on the shipment date (next day in UTC)", base: cifShanghaiRotterdamLc, change: (c) => { c.signedAt = '2027-02-15T23:30:00-05:00'; }, rule: 'dates.not-before-signing', path: null },
  { name: 'signed just after midnight Shanghai time the next day (same day in UTC)', base: cifShanghaiRotterdamLc, change: (c) => { c.signedAt = '2027-02-16T00:30:00+08:00'; }, rule: 'dates.not-before-signing', path: 'shipment.latestShipmentDate' },
  { name: 'inspection without agency', base: fobTtDeposit, change: (c) => { c.inspection = { required: true }; }, rule: 'inspection.agency-named', path: 'inspection.agency' },
  { name: 'booking listed twice', base: fobTtDeposit, change: (c) => { c.references = { bookingReferences: ['COSU6381194020', 'COSU6381194020'] }; }, rule: 'references.no-duplicates', path: 'references.bookingReferences[1]' },
  { name: 'B/L listed twice', base: fobTtDeposit, change: (c) => { c.references = { billOfLadingNumbers: ['MEDUSH123', 'X', 'MEDUSH123'] }; }, rule: 'references.no-duplicates', path: 'references.billOfLadingNumbers[2]' },
];

describe('cross-field rules', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    // Prepare
    const input = testCase.base();
    testCase.change(input);
    // Act
    const result = validateContractInput(input);
    // Assess
    const all = [...(result.ok ? [] : result.issues), ...result.warnings];
    const schemaProblems = all.filter((i) => i.rule.startsWith('field.'));
    expect(schemaProblems).toEqual([]);
    const found = all.filter((i) => i.rule === testCase.rule);
    if (testCase.path === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.map((i) => i.path)).toContain(testCase.path);
    const finding = found.find((i) => i.path === testCase.path);
    expect(finding?.severity).toBe(contractRule(testCase.rule)?.severity);
    if (finding?.severity === 'error') expect(result.ok).toBe(false);
    if (testCase.message) expect(finding?.message).toMatch(testCase.message);
  });

  it('has a failing case for every rule in the catalogue', () => {
    const covered = new Set(cases.filter((c) => c.path !== null).map((c) => c.rule));
    expect(CONTRACT_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('has unique rule ids, each with a summary', () => {
    const ids = CONTRACT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of CONTRACT_RULES) expect(rule.summary.length).toBeGreaterThan(10);
  });

  it.each([['cifShanghaiRotterdamLc', cifShanghaiRotterdamLc], ['fobTtDeposit', fobTtDeposit], ['dapOpenAccount', dapOpenAccount], ['jpyExample', jpyExample]])(
    'fixture %s is valid without warnings',
    (_name, fixture) => {
      const result = validateContractInput(fixture());
      expect(result).toMatchObject({ ok: true, warnings: [] });
    },
  );

  it('a warning alone does not block the contract', () => {
    const input = dapOpenAccount();
    input.incoterms.rule = 'DDP';
    const result = validateContractInput(input);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.rule)).toEqual(['incoterms.ddp-importer-of-record']);
  });
});
