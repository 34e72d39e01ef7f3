// npm run mutate — mutation testing of the pure rule modules with the unit and property tests.
// StrykerJS 9 (10 needs Node 22; the project also runs on Node 20), jest as a custom project in
// ESM (--experimental-vm-modules), the TypeScript checker to drop mutants that do not compile, and
// per-test coverage. About an hour on two cores: CONTRIBUTING says when to run it.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.mutate.config.js',
    enableFindRelatedTests: false
  },
  checkers: ['typescript'],
  // src/ alone: a mutant changes only src/, and checking the tests and scripts with each one made
  // the checker the bottleneck (about 10 mutants a minute on two cores, 16 with src/ alone).
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // A re-run tests only the mutants whose code or covering tests changed (--force: all of them).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  mutate: [
    'src/backups/*.ts',
    '!src/backups/index.ts',
    'src/api/exact-json.ts',
    'src/api/retry-policy.ts',
    'src/ids.ts',
    'src/text.ts',
    'src/secrets.ts',
    'src/duration.ts',
    'src/poll-schedule.ts',
    'src/scopes.ts',
    'src/input-table.ts',
    'src/headline.ts',
    'src/check-diagnosis.ts'
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: null }
}
