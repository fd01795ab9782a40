/** Writes every generated file (ASL, docs) from the data it is generated from. */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_FILES } from './generated-files';

const root = join(__dirname, '..', '..');
for (const file of GENERATED_FILES) {
  const target = join(root, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.render());
  console.log(`wrote ${file.path}`);
}
