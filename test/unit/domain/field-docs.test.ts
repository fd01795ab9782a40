import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIELD_DOC_FILES, renderFieldDependenciesDoc } from '../../../infra/tools/generate-field-docs';
import { FIELD_DEPENDENCIES } from '../../../shared/domain/field-dependencies';
import { CONTRACT_RULES } from '../../../shared/domain/contract-rules';
import { FIELD_RULES } from '../../../shared/domain/contract';

const root = join(__dirname, '..', '..', '..');

describe('generated field docs', () => {
  it.each(FIELD_DOC_FILES.map((f) => [f.path, f] as const))('%s matches its renderer (run: npx tsx infra/tools/generate-field-docs.ts)', (path, file) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(file.render());
  });

  it('every dependency names rules that exist', () => {
    const known = new Set<string>([...CONTRACT_RULES.map((r) => r.id), ...FIELD_RULES.map((r) => r.id)]);
    const dangling = FIELD_DEPENDENCIES.flatMap((d) => d.rules.filter((r) => !known.has(r)).map((r) => `${d.from} → ${d.to}: ${r}`));
    expect(dangling).toEqual([]);
  });

  it('every cross-field rule appears in the dependency graph', () => {
    const inGraph = new Set(FIELD_DEPENDENCIES.flatMap((d) => d.rules));
    expect(CONTRACT_RULES.map((r) => r.id).filter((id) => !inGraph.has(id))).toEqual([]);
  });

  it('renders a Mermaid graph and every rule id', () => {
    const doc = renderFieldDependenciesDoc();
    expect(doc).toContain('```mermaid\ngraph LR');
    expect(doc).toContain('incoterms_rule -->|constrains| transport_mode');
    for (const rule of [...CONTRACT_RULES, ...FIELD_RULES]) expect(doc).toContain(`\`${rule.id}\``);
  });
});
