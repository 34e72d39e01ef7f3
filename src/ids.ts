/**
 * The one rule for an id that goes into a URL path or an output, whether an input or a value the
 * API sent: `.` and `..` would survive encoding and move the request to another path, and an id
 * that starts with `-` would be read as an option by a command a workflow passes it to.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

export const ID_RULE =
  'an id starts with a letter or a digit and may contain only letters, digits, ".", "_" and "-", at most 128 of them'

export function isUsableId(value: string): boolean {
  return ID.test(value)
}
