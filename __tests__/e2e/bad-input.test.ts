import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { failure, startSimulator, act } from '../helpers/e2e.js'

let simulator: Simulator
beforeAll(async () => (simulator = await startSimulator()))
afterAll(async () => simulator.stop())

type Case = [string, Record<string, string>, string]

// Each case: what is wrong, the inputs on top of a valid `create`, and what the error must say.
const cases: Case[] = [
  ['missing operation', { operation: '' }, 'Input "operation" is required: one of create, get'],
  ['unknown operation', { operation: 'backup' }, 'Input "operation" is "backup": use one of'],
  ['blank tenantId', { tenantId: '  ' }, 'Input "tenantId" is required'],
  ['missing projectId', { projectId: '' }, 'Input "projectId" is required'],
  [
    'create without planetId',
    { planetId: '' },
    'Input "planetId" is required for operation "create"'
  ],
  [
    'get without backupId',
    { operation: 'get' },
    'Input "backupId" is required for operation "get"'
  ],
  [
    'planetId with a slash',
    { planetId: 'dev/1' },
    'Input "planetId" is "dev/1": an id starts with a letter or a digit and may contain only'
  ],
  [
    'backupId ..',
    { operation: 'delete', backupId: '..' },
    'Input "backupId" is "..": an id starts with a letter or a digit'
  ],
  [
    'projectId with %2F',
    { projectId: 'pc%2F..' },
    'Input "projectId" is "pc%2F..": an id starts with a letter or a digit'
  ],
  [
    'non-numeric retention',
    { retentionPeriodInDays: 'ten' },
    'Input "retentionPeriodInDays" is "ten": use a whole number ≥ 1'
  ],
  [
    'zero retention',
    { retentionPeriodInDays: '0' },
    'Input "retentionPeriodInDays" is "0": use a whole number ≥ 1'
  ],
  ['non-boolean temporary', { temporary: 'yes' }, 'Input "temporary" is "yes": use true or false'],
  ['non-boolean wait', { wait: 'sometimes' }, 'Input "wait" is "sometimes": use true or false'],
  [
    'http to a remote host',
    { baseUrl: 'http://databaseservice.example.com' },
    'Input "baseUrl" is "http://databaseservice.example.com": use https://'
  ],
  [
    'unparsable baseUrl',
    { baseUrl: 'databaseservice' },
    'Input "baseUrl" is "databaseservice": not a URL'
  ],
  [
    'baseUrl with a query',
    { baseUrl: 'https://db.example.com/?x=1' },
    'Input "baseUrl" is "https://db.example.com/?…": use a URL without query'
  ],
  [
    'unparsable waitTimeout',
    { waitTimeout: 'an hour' },
    'Input "waitTimeout" is "an hour": use a duration'
  ],
  [
    'zero pollInterval',
    { pollInterval: '0s' },
    'Input "pollInterval" is "0s": use a duration of at least 1s'
  ],
  [
    'unknown region',
    { region: 'MARS', baseUrl: '' },
    'Input "region" is "MARS": use one of AMER, CANADA, EMEA, APAC, JAPAN'
  ],
  [
    'no baseUrl nor region',
    { baseUrl: '' },
    'Input "baseUrl" is required when "region" is not set'
  ],
  [
    'no credentials',
    { accessToken: '' },
    'No credentials: set input "accessToken", or inputs "clientId" and "clientSecret"'
  ],
  [
    'token and client credentials',
    { clientId: 'ci-client', clientSecret: 'not-a-real-secret' },
    'Inputs "accessToken" and "clientId"/"clientSecret" are both set'
  ],
  [
    'half a client pair',
    { accessToken: '', clientId: 'ci-client' },
    'Input "clientSecret" is required with "clientId"'
  ],
  ['mechanism with spaces', { mechanism: 'pg dump' }, 'Input "mechanism" is "pg dump"'],
  [
    'prune without a criterion',
    { operation: 'prune' },
    'Operation "prune" needs "keepLast", "olderThan" or both'
  ],
  [
    'prune with a negative keepLast',
    { operation: 'prune', keepLast: '-1' },
    'Input "keepLast" is "-1": use a whole number ≥ 1'
  ],
  [
    'prune with an unknown type',
    { operation: 'prune', keepLast: '3', types: 'daily' },
    'Input "types" is "daily": use a comma-separated list of permanent, temporary, scheduled'
  ],
  [
    'maxConcurrency out of range',
    { operation: 'prune', keepLast: '3', maxConcurrency: '500' },
    'Input "maxConcurrency" is "500": use a whole number from 1 to 64'
  ]
]

describe('bad input fails before any request', () => {
  it.each(cases)('%s', async (_, inputs, message) => {
    const before = simulator.requests.length
    const run = await act(simulator, { operation: 'create', planetId: 'dev1', ...inputs })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(message)
    expect(simulator.requests.length).toBe(before)
    expect(run.outputs).toEqual({})
  })
})
