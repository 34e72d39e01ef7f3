/** Fault injection: rules that make matching requests misbehave (docs/simulator.md, "Fault injection"). */

export type Route =
  | 'create'
  | 'get'
  | 'listPlanet'
  | 'listStarSystem'
  | 'listStarSystemSingular'
  | 'delete'
  | 'token'
  | 'health'

export interface FaultRule {
  route: Route | '*'
  /** Only requests whose path names this planet (a create or a planet's list). */
  planetId?: string
  /** Let this many requests of the route through first (whatever other rules did to them). */
  skip?: number
  /** How many matching requests the rule applies to (default 1; 0 means all). */
  times?: number
  /**
   * status: answer `status` (with `retryAfter`, `headers`, `body`) without acting, after
   * `delayMs` when given; status-after: wait `delayMs`, act, then answer `status` (504 after
   * the server acted);
   * drop-before: close the connection without acting; drop-after: act, then close the connection;
   * delay: wait `delayMs`, then act and answer normally; hang-after: act, then wait `delayMs`
   * before answering; broken-body: act, then answer a truncated body; huge-body: answer 200 with
   * a JSON body of `bytes` bytes, without acting.
   */
  action:
    | 'status'
    | 'status-after'
    | 'drop-before'
    | 'drop-after'
    | 'delay'
    | 'hang-after'
    | 'broken-body'
    | 'huge-body'
  status?: number
  retryAfter?: string
  /** Extra answer headers (a `Location` for a redirect). */
  headers?: Record<string, string>
  body?: unknown
  /** With `status`: the answer's text as it is, in place of `body` (JSON escapes of one's own). */
  rawBody?: string
  delayMs?: number
  bytes?: number
}

/** Every rule counts every request of its route; the first rule whose turn it is applies. */
export class Faults {
  private readonly hits = new Map<FaultRule, number>()

  constructor(readonly rules: FaultRule[] = []) {}

  add(rule: FaultRule): void {
    this.rules.push(rule)
  }

  next(route: Route, planetId: string): FaultRule | undefined {
    let chosen: FaultRule | undefined
    for (const rule of this.rules) {
      if (rule.route !== '*' && rule.route !== route) continue
      if (rule.planetId !== undefined && rule.planetId !== planetId) continue
      const hits = this.hits.get(rule) ?? 0
      this.hits.set(rule, hits + 1)
      const skip = rule.skip ?? 0
      const times = rule.times ?? 1
      if (!chosen && hits >= skip && (times === 0 || hits < skip + times)) chosen = rule
    }
    return chosen
  }
}
