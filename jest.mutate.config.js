// The tests StrykerJS runs against each mutant: the unit and property tests of the pure rules
// (npm run mutate; the end-to-end tests run the bundle, which a mutant of src/ does not change).
import base from './jest.config.js'

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/__tests__/unit', '<rootDir>/__tests__/properties'],
  reporters: ['default']
}
