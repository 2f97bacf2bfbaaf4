/**
 * The import rules of .dependency-cruiser.cjs catch what ARCHITECTURE.md forbids: the fixture tree holds
 * one deliberate violation of each kind and one allowed import, cruised with the project's own config.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function cruise(cwd: string): { rule: string; from: string; to: string }[] {
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        'apps',
        'libs',
        '--config',
        join(root, '.dependency-cruiser.cjs'),
        '--output-type',
        'json',
      ],
      // The JSON report of the whole tree is larger than the default 1 MiB buffer.
      { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    // depcruise exits non-zero when it finds violations; its JSON is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const result = JSON.parse(output) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('import rules', () => {
  it('refuse a library importing an app, an app importing another app, and a library outside its table', () => {
    const violations = cruise(join(__dirname, 'fixture'));
    expect(violations).toEqual(
      expect.arrayContaining([
        { rule: 'lib-imports-app', from: 'libs/domain/src/index.ts', to: 'apps/api/src/config.ts' },
        { rule: 'app-imports-other-app', from: 'apps/worker/src/main.ts', to: 'apps/api/src/config.ts' },
        { rule: 'lib-sla-imports', from: 'libs/sla/src/index.ts', to: 'libs/domain/src/index.ts' },
        { rule: 'lib-runtime-imports', from: 'libs/runtime/src/index.ts', to: 'libs/domain/src/index.ts' },
      ]),
    );
    expect(violations).not.toContainEqual(
      expect.objectContaining({ from: 'libs/domain/src/index.ts', to: 'libs/sla/src/index.ts' }),
    );
    expect(violations).toHaveLength(4);
  });

  it('find no violation in the real tree: every app imports libraries only, every library its table', () => {
    expect(cruise(root)).toEqual([]);
  });
});
