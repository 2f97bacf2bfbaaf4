/**
 * The "may import" table of ARCHITECTURE.md, as rules: a library importing an app, an app importing
 * another app, or a library importing a library it may not, fails `npm run lint:imports`.
 * test/ and bench/ may import anything. The rules are paths relative to the cruised folder, so the
 * fixture under test/import-rules/ is checked against the very same rules.
 */
const mayImport = {
  sla: [],
  domain: ['sla'],
  'event-store': [],
  runtime: ['event-store'],
  application: ['domain', 'sla', 'event-store', 'runtime'],
  'read-models': ['domain', 'event-store', 'runtime'],
  webhooks: ['domain', 'event-store', 'runtime', 'read-models'],
  testing: ['sla', 'domain', 'event-store', 'runtime', 'application', 'read-models', 'webhooks'],
};

// A library's own specs may also use libs/testing (the given/when/then helper).
const libraryRules = Object.entries(mayImport).map(([lib, allowed]) => ({
  name: `lib-${lib}-imports`,
  comment: `libs/${lib} may import ${allowed.length ? allowed.map((l) => `libs/${l}`).join(', ') : 'no library of ours'}`,
  severity: 'error',
  from: { path: `^libs/${lib}/` },
  to: {
    path: '^libs/',
    pathNot: [`^libs/${lib}/`, ...allowed.map((l) => `^libs/${l}/`)],
  },
}));
const specRelief = (rule) => [
  { ...rule, from: { ...rule.from, pathNot: '\\.spec\\.ts$' } },
  {
    ...rule,
    name: `${rule.name}-in-specs`,
    from: { path: `${rule.from.path}.+\\.spec\\.ts$` },
    to: { ...rule.to, pathNot: [...rule.to.pathNot, '^libs/testing/'] },
  },
];

module.exports = {
  forbidden: [
    {
      name: 'lib-imports-app',
      comment: 'a library never imports an application',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'app-imports-other-app',
      comment: 'an application imports libraries, never another application',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'production-imports-tests',
      comment: 'apps and libs never import test code or benchmarks',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    ...libraryRules.flatMap(specRelief),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    moduleSystems: ['cjs', 'es6'],
  },
};
