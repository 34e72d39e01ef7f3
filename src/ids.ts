/**
 * The one rule for an id that goes into a URL path, whether an input or a value the API sent:
 * `.` and `..` would survive encoding and move the request to another path.
 */
const ID = /^[A-Za-z0-9._-]{1,128}$/

export const ID_RULE =
  'an id may contain only letters, digits, ".", "_" and "-", at most 128 of them, and is not "." or ".."'

export function isUsableId(value: string): boolean {
  return ID.test(value) && value !== '.' && value !== '..'
}
