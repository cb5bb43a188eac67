import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { registrationSaga } from './registration.saga-definition.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** The one recorded exception: the schema migration that moved sagas in flight onto the definition names the step it added. */
const MIGRATIONS = 'infra/database/migrations/';

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the registration saga is one definition', () => {
  it('names its steps in the non-test sources of its own folder only', () => {
    const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
    for (const { name } of registrationSaga.steps) {
      const quoted = new RegExp(`['"\`]${name}['"\`:]`);
      const naming = files.filter((f) => quoted.test(f.text) && !f.path.startsWith(MIGRATIONS)).map((f) => f.path);
      expect({ name, naming }).toEqual({ name, naming: ['saga/registration/registration.saga-definition.ts'] });
    }
  });
});
