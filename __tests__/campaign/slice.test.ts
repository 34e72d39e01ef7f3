/**
 * A fixed-seed slice of the random fault campaign (scripts/campaign.ts), bounded to about a
 * minute: the bundled action, random faults, and every guarantee checked after each run. It
 * stands apart from __tests__/e2e, which CI runs twice.
 */
import { expect, it } from '@jest/globals'
import { campaign } from '../../scripts/campaign.js'

it('holds every guarantee over 25 random scenarios (seed 20261201)', async () => {
  const failing = await campaign(25, 20_261_201, () => undefined)
  expect(
    failing.map(({ scenario, broken }) => `seed ${scenario.seed}: ${broken.join('; ')}`)
  ).toEqual([])
}, 180_000)
