/** What the simulated Database API accepts as a create body. */

const KNOWN_FIELDS = ['mechanism', 'planetClass', 'temporary', 'retentionPeriodInDays', 'metadata']

export function validateCreate(
  body: Record<string, unknown>,
  maxRetentionDays: number
): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The body must be an object'
  const unknown = Object.keys(body).filter(key => !KNOWN_FIELDS.includes(key))
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}`
  if (typeof body.mechanism !== 'string' || !body.mechanism)
    return 'mechanism must be a non-empty string'
  if ('planetClass' in body && typeof body.planetClass !== 'string')
    return 'planetClass must be a string'
  if (typeof body.temporary !== 'boolean') return 'temporary must be a boolean'
  if ('retentionPeriodInDays' in body) {
    const days = body.retentionPeriodInDays
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
      return 'retentionPeriodInDays must be an integer ≥ 1'
    }
    if (days > maxRetentionDays)
      return `retentionPeriodInDays exceeds the maximum of ${maxRetentionDays} days`
  }
  const metadata = body.metadata as Record<string, unknown> | undefined
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.name !== 'string') {
    return 'metadata.name must be a string'
  }
  if ('description' in metadata && typeof metadata.description !== 'string') {
    return 'metadata.description must be a string'
  }
  return undefined
}
