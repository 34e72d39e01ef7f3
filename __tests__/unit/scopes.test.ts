import { describe, expect, it } from '@jest/globals'
import { defaultScope, operationsNeeding, writeOnlyScope } from '../../src/scopes.js'

describe('scopes: what each operation needs of the Database API', () => {
  it('names the operations by what they need; check is none of them', () => {
    expect(operationsNeeding('write')).toBe('create, ensure, delete and prune')
    expect(operationsNeeding('read')).toBe(
      'create, get, list, wait, ensure, delete, prune and audit'
    )
    expect(operationsNeeding('read only')).toBe('get, list, wait and audit')
  })
  it('asks for read alone, or read and write, with the tenant', () => {
    expect(defaultScope('audit', 't1')).toBe('tenant.t1 gcc.deployments.read')
    expect(defaultScope('prune', 't1')).toBe('tenant.t1 gcc.deployments.read gcc.deployments.write')
    expect(writeOnlyScope('t1')).toBe('tenant.t1 gcc.deployments.write')
  })
})
