/** Sent in the User-Agent; keep in step with package.json. */
export const VERSION = '2.0.0'
