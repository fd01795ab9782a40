import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_FILES } from '../../infra/tools/generated-files';

describe('generated files are up to date (run `npm run generate` when this fails)', () => {
  it.each(GENERATED_FILES.map((f) => [f.path, f]))('%s matches its renderer', (_path, file) => {
    const committed = readFileSync(join(__dirname, '../..', file.path), 'utf8');
    expect(committed).toBe(file.render());
  });
});
