import {
  anyModeEquivalentOf,
  INCOTERM_RULES,
  INCOTERMS_2020,
  isRuleUsableWith,
  meetsMinimumCover,
  parseIncotermRule,
  TRANSPORT_MODES,
} from '../../../shared/domain/incoterms';

describe('Incoterms 2020', () => {
  it('has exactly the eleven rules, four of them sea and inland waterway only', () => {
    expect([...INCOTERM_RULES].sort()).toEqual(['CFR', 'CIF', 'CIP', 'CPT', 'DAP', 'DDP', 'DPU', 'EXW', 'FAS', 'FCA', 'FOB']);
    expect(INCOTERM_RULES.filter((r) => INCOTERMS_2020[r].seaAndInlandWaterwayOnly).sort()).toEqual(['CFR', 'CIF', 'FAS', 'FOB']);
  });

  it.each([
    ['FOB', 'FOB'],
    [' fob ', 'FOB'],
    ['Cif', 'CIF'],
    ['D P U', 'DPU'],
    ['FCA Incoterms 2020', 'FCA'],
  ])('reads %j as %s', (raw, rule) => expect(parseIncotermRule(raw)).toEqual({ ok: true, rule }));

  it.each([
    ['DAT', 'DPU'],
    ['DEQ', 'DPU'],
    ['DES', 'DAP'],
    ['DAF', 'DAP'],
    ['DDU', 'DAP'],
    ['C&F', 'CFR'],
    ['c & f', 'CFR'],
    ['CNF', 'CFR'],
    ['C and F', 'CFR'],
    ['C+F', 'CFR'],
    ['FOT', 'FCA'],
  ])('refuses %j and names the 2020 replacement %s', (raw, replacement) => {
    const parsed = parseIncotermRule(raw);
    expect(parsed).toMatchObject({ ok: false, problem: 'withdrawn', replacement });
    expect(parsed.ok ? '' : parsed.message).toContain(replacement);
  });

  it('explains that DEQ went in 2010', () => {
    const parsed = parseIncotermRule('DEQ');
    expect(parsed.ok ? '' : parsed.message).toMatch(/withdrawn in Incoterms 2010.*DPU.*DAP/);
  });

  it.each([['FOBB'], [''], ['XYZ']])('refuses unknown %j', (raw) => expect(parseIncotermRule(raw)).toMatchObject({ ok: false, problem: 'unknown' }));

  it('sea-only rules work only on water; the others on every mode', () => {
    for (const rule of INCOTERM_RULES) {
      for (const mode of TRANSPORT_MODES) {
        const waterborne = mode === 'SEA' || mode === 'INLAND_WATERWAY';
        expect(isRuleUsableWith(rule, mode)).toBe(waterborne || !INCOTERMS_2020[rule].seaAndInlandWaterwayOnly);
      }
    }
    expect(anyModeEquivalentOf('FOB')).toBe('FCA');
    expect(anyModeEquivalentOf('CIF')).toBe('CIP');
    expect(anyModeEquivalentOf('DAP')).toBe('DAP');
  });

  it('CIP needs ICC (A); CIF at least ICC (C)', () => {
    expect(INCOTERMS_2020.CIP.sellerInsures?.minimumClauses).toBe('A');
    expect(INCOTERMS_2020.CIF.sellerInsures?.minimumClauses).toBe('C');
    expect(meetsMinimumCover('A', 'C')).toBe(true);
    expect(meetsMinimumCover('C', 'C')).toBe(true);
    expect(meetsMinimumCover('B', 'A')).toBe(false);
  });
});
