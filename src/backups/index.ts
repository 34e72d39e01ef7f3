/**
 * What a backup's fields mean — the one home of the rules that decide what `ensure` reuses, what
 * `list` calls the latest, what `prune` deletes and what a create adopts: whose a backup is
 * (planet.ts), how old it is (time.ts), whether it can still succeed (status.ts), whether it will
 * still exist and may serve (reuse.ts), and what a prune does (prune-plan.ts). The API documents
 * one answer shape; where these rules cannot tell, they keep rather than delete, and create rather
 * than reuse or adopt.
 */
export { isSucceeded, phaseOf, willNeverSucceed, type Phase } from './status.js'
export { ageOf, latestSucceeded, madeAt, newestFirst, timeOf } from './time.js'
export { namesOtherPlanet, ofPlanet } from './planet.js'
export { claimOwn, madeByThisStep, whyNotReusable, type ReuseRules } from './reuse.js'
export {
  planPrune,
  selects,
  type PlannedBackup,
  type PruneCriteria,
  type PrunePlan
} from './prune-plan.js'
export { auditPlanet, type AuditStatus, type PlanetAudit } from './audit.js'
export { matchesNameRule, matchesWildcard, type NameRule } from './wildcard.js'
