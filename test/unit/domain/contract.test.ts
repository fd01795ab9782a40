import fc from 'fast-check';
import {
  contractFromDraft,
  FIELD_RULES,
  lifecycleFactsOf,
  validateContract,
  validateContractInput,
  type Contract,
  type ContractInput,
} from '../../../shared/domain/contract';
import { CONTRACT_RULES } from '../../../shared/domain/contract-rules';
import { describeField, fieldPath, InvalidContractError } from '../../../shared/domain/validation-error';
import { cifShanghaiRotterdamLc, dapOpenAccount, fobTtDeposit, jpyExample } from '../../fixtures/contracts';

type Json = Record<string, unknown>;
const KNOWN_RULES = new Set<string>([...FIELD_RULES.map((r) => r.id), ...CONTRACT_RULES.map((r) => r.id)]);
const CONTRACT_ID = '01JEZ9W7Q4T3V8K2M5N6P7R8S9';

/** Sets (or with `undefined`, deletes) the value at a path such as ['lines', 0, 'hsCode']. */
function setAt(target: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = target as Json;
  for (const key of path.slice(0, -1)) node = node[key as string] as Json;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function validDraft(input: ContractInput) {
  const result = validateContractInput(input);
  if (!result.ok) throw new Error(`fixture invalid: ${JSON.stringify(result.issues)}`);
  return result.contract;
}

describe('field rules', () => {
  const cases: Array<[string, () => ContractInput, (string | number)[], unknown, string, string, RegExp?]> = [
    ['missing contract number', fobTtDeposit, ['contractNumber'], undefined, 'contractNumber', 'field.required', /contract number is required/],
    ['blank legal name', fobTtDeposit, ['buyer', 'legalName'], '   ', 'buyer.legalName', 'field.required', /must not be blank/],
    ['total as a JSON number', fobTtDeposit, ['totalAmount'], 40620, 'totalAmount', 'field.type', /as strings/],
    ['flag as a string', fobTtDeposit, ['customer', 'isNew'], 'no', 'customer.isNew', 'field.type', /true or false/],
    ['client sends the id', fobTtDeposit, ['id'], CONTRACT_ID, 'id', 'field.unknown', /set by the server|not a contract field/],
    ['misspelt nested field', fobTtDeposit, ['incoterms', 'incoterm'], 'FOB', 'incoterms.incoterm', 'field.unknown'],
    ['transport mode TRUCK', fobTtDeposit, ['transport', 'mode'], 'TRUCK', 'transport.mode', 'field.one-of', /SEA, INLAND_WATERWAY/],
    ['payment method CAD', fobTtDeposit, ['paymentTerms', 'method'], 'CAD', 'paymentTerms.method', 'field.one-of', /TT, LC, DP, DA, OA/],
    ['payment method missing', fobTtDeposit, ['paymentTerms', 'method'], undefined, 'paymentTerms.method', 'field.required'],
    ['line number 0', fobTtDeposit, ['lines', 0, 'lineNo'], 0, 'lines[0].lineNo', 'field.range', /at least 1/],
    ['no contacts', fobTtDeposit, ['contacts'], [], 'contacts', 'field.range'],
    ['O/A days fractional', dapOpenAccount, ['paymentTerms', 'days'], 30.5, 'paymentTerms.days', 'field.type', /whole number/],
    ['contract number with spaces', fobTtDeposit, ['contractNumber'], 'ZHH 26 0917', 'contractNumber', 'contract.number-format'],
    ['country written out', fobTtDeposit, ['seller', 'country'], 'China', 'seller.country', 'party.country-iso3166', /seller country must be an ISO 3166-1/],
    ['bank country XX', cifShanghaiRotterdamLc, ['paymentTerms', 'issuingBank', 'country'], 'XX', 'paymentTerms.issuingBank.country', 'party.country-iso3166'],
    ['bad contact e-mail', fobTtDeposit, ['contacts', 0, 'email'], 'dana at pacificcrest', 'contacts[0].email', 'contact.email'],
    ['bad owner e-mail', fobTtDeposit, ['owner', 'email'], 'lin.yue@', 'owner.email', 'contact.email'],
    ['German contact', fobTtDeposit, ['contacts', 0, 'language'], 'de-DE', 'contacts[0].language', 'contact.language-supported', /en, zh-CN/],
    ['malformed language tag', fobTtDeposit, ['contacts', 0, 'language'], 'english please', 'contacts[0].language', 'contact.language-supported'],
    ['offset instead of zone', fobTtDeposit, ['contacts', 0, 'timeZone'], '-08:00', 'contacts[0].timeZone', 'contact.time-zone-iana'],
    ['unknown Incoterm', fobTtDeposit, ['incoterms', 'rule'], 'FOBB', 'incoterms.rule', 'incoterms.rule-known'],
    ['DAT', dapOpenAccount, ['incoterms', 'rule'], 'DAT', 'incoterms.rule', 'incoterms.rule-withdrawn', /DPU/],
    ['DDU', dapOpenAccount, ['incoterms', 'rule'], 'DDU', 'incoterms.rule', 'incoterms.rule-withdrawn', /DAP/],
    ['C&F', jpyExample, ['incoterms', 'rule'], 'C&F', 'incoterms.rule', 'incoterms.rule-withdrawn', /CFR/],
    ['Incoterms 2010', fobTtDeposit, ['incoterms', 'version'], '2010', 'incoterms.version', 'incoterms.version-2020'],
    ['malformed UN/LOCODE', fobTtDeposit, ['transport', 'portOfLoading'], 'CNSH1', 'transport.portOfLoading', 'transport.un-locode', /CNSHA/],
    ['UN/LOCODE in no country', fobTtDeposit, ['transport', 'portOfDischarge'], 'XXLAX', 'transport.portOfDischarge', 'transport.un-locode', /'XX', which is not an ISO country/],
    ['HS code with a dot', fobTtDeposit, ['lines', 1, 'hsCode'], '3924.10', 'lines[1].hsCode', 'line.hs-code', /HS code \(line 2\) must be 6 to 10 digits/],
    ['HS chapter 77', fobTtDeposit, ['lines', 0, 'hsCode'], '770100', 'lines[0].hsCode', 'line.hs-code', /chapter 77/],
    ['HS edition 2007', fobTtDeposit, ['lines', 0, 'hsEdition'], 'HS2007', 'lines[0].hsEdition', 'field.one-of'],
    ['unit PCS', fobTtDeposit, ['lines', 0, 'unit'], 'PCS', 'lines[0].unit', 'line.unit-rec20', /C62/],
    ['unit price to 7 decimals', fobTtDeposit, ['lines', 1, 'unitPrice'], '0.8450001', 'lines[1].unitPrice', 'line.unit-price-precision'],
    ['quantity with thousands separator', fobTtDeposit, ['lines', 0, 'quantity'], '4,800', 'lines[0].quantity', 'amount.decimal'],
    ['deposit as words', fobTtDeposit, ['paymentTerms', 'depositPercent'], 'thirty', 'paymentTerms.depositPercent', 'amount.decimal'],
    ['RMB', fobTtDeposit, ['currency'], 'RMB', 'currency', 'currency.iso4217', /CNY/],
    ['gold', fobTtDeposit, ['currency'], 'XAU', 'currency', 'currency.iso4217'],
    ['expiry written day-first', cifShanghaiRotterdamLc, ['paymentTerms', 'expiryDate'], '15/03/2027', 'paymentTerms.expiryDate', 'date.calendar-date', /YYYY-MM-DD/],
    ['30 February', cifShanghaiRotterdamLc, ['paymentTerms', 'latestShipmentDate'], '2027-02-30', 'paymentTerms.latestShipmentDate', 'date.calendar-date'],
    ['signed without offset', fobTtDeposit, ['signedAt'], '2026-12-03T10:00:00', 'signedAt', 'date.offset-instant', /\+08:00/],
    ['BIC with spaces', cifShanghaiRotterdamLc, ['paymentTerms', 'issuingBank', 'bic'], 'INGB NL 2A', 'paymentTerms.issuingBank.bic', 'lc.bic-format'],
    ['L/C without expiry', cifShanghaiRotterdamLc, ['paymentTerms', 'expiryDate'], undefined, 'paymentTerms.expiryDate', 'field.required', /expiry date is required/],
  ];

  it.each(cases.map((c) => [c[0], c] as const))('%s', (_name, [, base, path, value, expectedPath, rule, message]) => {
    // Prepare
    const input = base();
    setAt(input, path, value);
    // Act
    const result = validateContractInput(input);
    // Assess
    expect(result.ok).toBe(false);
    const issue = result.ok ? undefined : result.issues.find((i) => i.path === expectedPath);
    expect(issue).toMatchObject({ path: expectedPath, rule, severity: 'error' });
    if (message) expect(issue?.message).toMatch(message);
  });

  it('has a case for every catalogued field rule except the stored-contract ones', () => {
    const covered = new Set(cases.map((c) => c[5]));
    const uncovered = FIELD_RULES.map((r) => r.id).filter((id) => !covered.has(id));
    expect(uncovered).toEqual(['field.format', 'contract.id-ulid']); // format: fallback only; id: see validateContract tests
  });

  it('normalises codes and applies defaults, keeping instants as given', () => {
    const input = cifShanghaiRotterdamLc();
    input.incoterms = { rule: ' cif ', namedPlace: ' Rotterdam ' };
    input.transport.portOfLoading = 'cnsha';
    input.seller.country = 'cn ';
    input.currency = 'usd';
    const contact = input.contacts[0];
    if (contact) contact.language = 'EN-gb';
    delete lc(input).presentationDays;
    input.signedAt = '2026-12-03T10:00:00+08:00';
    const draft = validDraft(input);
    expect(draft.incoterms).toEqual({ rule: 'CIF', namedPlace: 'Rotterdam', version: '2020' });
    expect(draft.transport.portOfLoading).toBe('CNSHA');
    expect(draft.seller.country).toBe('CN');
    expect(draft.currency).toBe('USD');
    expect(draft.contacts[0]?.language).toBe('en-GB');
    expect(draft.paymentTerms).toMatchObject({ method: 'LC', presentationDays: 21 });
    expect(draft.signedAt).toBe('2026-12-03T10:00:00+08:00');
    expect(draft.totalAmount).toBe('69360.00');
  });

  it('supplies empty references, flags and no inspection when omitted', () => {
    const input = jpyExample() as Json;
    delete input.references;
    delete input.flags;
    delete input.inspection;
    const draft = validDraft(input as ContractInput);
    expect(draft.references).toEqual({ bookingReferences: [], billOfLadingNumbers: [] });
    expect(draft.flags).toEqual({});
    expect(draft.inspection).toEqual({ required: false });
  });
});

function lc(c: ContractInput) {
  return c.paymentTerms as Extract<ContractInput['paymentTerms'], { method: 'LC' }>;
}

describe('validateContract (stored contracts)', () => {
  it('accepts a draft with identity and version', () => {
    const contract = { ...cifShanghaiRotterdamLc(), id: CONTRACT_ID, version: 3 };
    const result = validateContract(contract);
    expect(result.ok).toBe(true);
    expect(result.ok && result.contract.version).toBe(3);
  });

  it.each([
    ['id not a ULID', { id: 'contract-1', version: 1 }, 'id', 'contract.id-ulid'],
    ['lower-case ULID', { id: CONTRACT_ID.toLowerCase(), version: 1 }, 'id', 'contract.id-ulid'],
    ['version 0', { id: CONTRACT_ID, version: 0 }, 'version', 'field.range'],
    ['version missing', { id: CONTRACT_ID }, 'version', 'field.required'],
  ])('%s', (_name, identity, path, rule) => {
    const result = validateContract({ ...fobTtDeposit(), ...identity });
    expect(result.ok ? [] : result.issues).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('gives a draft identity at version 1', () => {
    const contract = contractFromDraft(validDraft(fobTtDeposit()), CONTRACT_ID);
    expect(contract).toMatchObject({ id: CONTRACT_ID, version: 1 });
    expect(validateContract(contract).ok).toBe(true);
    expect(contractFromDraft(validDraft(fobTtDeposit())).id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe('never throws, always names the field', () => {
  it.each([[null], [undefined], [42], ['contract'], [[]], [[cifShanghaiRotterdamLc()]], [true], [{}], [Object.create(null)]])('%j', (input) => {
    const result = validateContractInput(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.length).toBeGreaterThan(0);
  });

  it('survives a throwing getter', () => {
    const hostile = { ...fobTtDeposit() };
    Object.defineProperty(hostile, 'currency', { enumerable: true, get: () => { throw new Error('boom'); } });
    const result = validateContractInput(hostile);
    expect(result).toMatchObject({ ok: false, issues: [{ path: '(contract)', rule: 'field.format' }] });
  });

  it('property: anything at all yields catalogued, field-named issues', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validateContractInput(input);
        if (!result.ok) {
          for (const issue of result.issues) {
            expect(KNOWN_RULES.has(issue.rule)).toBe(true);
            expect(issue.path.length).toBeGreaterThan(0);
            expect(issue.message.length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  const fixtures = [cifShanghaiRotterdamLc, fobTtDeposit, dapOpenAccount, jpyExample];
  const pathsOf = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
    if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
    if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
    return [prefix];
  };

  it('property: replacing or deleting any field of a valid contract yields issues, never an exception', () => {
    const mutation = fc.integer({ min: 0, max: fixtures.length - 1 }).chain((f) => {
      const paths = pathsOf((fixtures[f] as () => ContractInput)()).filter((p) => p.length > 0);
      return fc.tuple(fc.constant(f), fc.constantFrom(...paths), fc.option(fc.anything(), { nil: undefined }));
    });
    fc.assert(
      fc.property(mutation, ([f, path, value]) => {
        const input = (fixtures[f] as () => ContractInput)();
        setAt(input, path, value);
        const result = validateContractInput(input);
        const issues = result.ok ? [] : result.issues;
        for (const issue of [...issues, ...result.warnings]) {
          expect(KNOWN_RULES.has(issue.rule)).toBe(true);
          expect(issue.path).toMatch(/^[A-Za-z(]/);
          expect(issue.message).not.toMatch(/\{field\}|undefined|\[object Object\]/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: mangled decimals and dates are refused with the field path', () => {
    const junk = fc.oneof(fc.string(), fc.constantFrom('1e3', 'NaN', '-', '1.2.3', '٣', '１２', '2027-2-3'));
    fc.assert(
      fc.property(junk, fc.constantFrom(['totalAmount'], ['lines', 0, 'quantity'], ['paymentTerms', 'expiryDate']), (value, path) => {
        fc.pre(!/^-?\d{1,18}(\.\d{1,12})?$/.test(value) && !/^\d{4}-\d{2}-\d{2}$/.test(value));
        const input = cifShanghaiRotterdamLc();
        setAt(input, path, value);
        const result = validateContractInput(input);
        expect(result.ok).toBe(false);
        expect(result.ok ? [] : result.issues.map((i) => i.path)).toContain(fieldPath(path));
      }),
    );
  });
});

describe('lifecycleFactsOf', () => {
  const stored = (input: ContractInput): Contract => contractFromDraft(validDraft(input), CONTRACT_ID);

  it('L/C contract: presentation deadline from UCP 600, contract shipment date', () => {
    expect(lifecycleFactsOf(stored(cifShanghaiRotterdamLc()))).toEqual({
      incoterm: 'CIF',
      transportMode: 'SEA',
      paymentMethod: 'LC',
      depositPercent: '0',
      inspectionRequired: true,
      totalAmount: '69360.00',
      currency: 'USD',
      customerIsNew: false,
      nonStandardTerms: false,
      strategic: false,
      latestShipmentDate: '2027-02-15',
      lcExpiryDate: '2027-03-15',
      latestPresentationDate: '2027-03-15',
    });
  });

  it('T/T contract: deposit and balance days', () => {
    const input = fobTtDeposit();
    input.paymentTerms = { method: 'TT', depositPercent: '30', balanceDue: 'DAYS_AFTER_BL', balanceDays: 45 };
    expect(lifecycleFactsOf(stored(input))).toMatchObject({ paymentMethod: 'TT', depositPercent: '30', paymentDays: 45, latestShipmentDate: '2027-01-31' });
  });

  it('O/A, D/P and yen contracts', () => {
    expect(lifecycleFactsOf(stored(dapOpenAccount()))).toMatchObject({ paymentMethod: 'OA', paymentDays: 60, depositPercent: '0', incoterm: 'DAP', transportMode: 'ROAD' });
    const jpy = lifecycleFactsOf(stored(jpyExample()));
    expect(jpy).toMatchObject({ paymentMethod: 'DP', totalAmount: '17650000', currency: 'JPY', customerIsNew: true, strategic: true });
    expect(jpy).not.toHaveProperty('paymentDays');
  });

  it('usance L/C: usance days; credit shipment date when the contract has none', () => {
    const contract = stored(cifShanghaiRotterdamLc());
    const usance: Contract = {
      ...contract,
      shipment: {},
      paymentTerms: { ...(contract.paymentTerms as Extract<Contract['paymentTerms'], { method: 'LC' }>), availableBy: 'DEFERRED', usanceDays: 90 },
    };
    expect(lifecycleFactsOf(usance)).toMatchObject({ paymentDays: 90, latestShipmentDate: '2027-02-22' });
  });

  it('writes the total at the currency scale', () => {
    const input = cifShanghaiRotterdamLc();
    input.totalAmount = '69360';
    expect(lifecycleFactsOf(stored(input)).totalAmount).toBe('69360.00');
  });
});

describe('issue wording', () => {
  it.each([
    [['lines', 1, 'hsCode'], 'lines[1].hsCode', 'HS code (line 2)'],
    [['paymentTerms', 'issuingBank', 'bic'], 'paymentTerms.issuingBank.bic', 'issuing bank BIC'],
    [['contacts', 0, 'timeZone'], 'contacts[0].timeZone', 'time zone'],
    [['references', 'bookingReferences', 1], 'references.bookingReferences[1]', 'booking references entry 2'],
    [[], '(contract)', 'contract'],
  ])('%j → %s, "%s"', (segments, path, label) => {
    expect(fieldPath(segments)).toBe(path);
    expect(describeField(path)).toBe(label);
  });

  it('InvalidContractError carries issues for a 422', () => {
    const result = validateContractInput({});
    const error = new InvalidContractError(result.ok ? [] : result.issues);
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/contractNumber: The contract number is required/);
  });
});
