/** The API's own words from an error body: `message`, `error`, `detail`, ... or the text itself. */
export function apiMessageOf(body: unknown, text: string): string {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>
    // OAuth2 (RFC 6749 §5.2): {"error": "invalid_client", "error_description": "..."}
    if (typeof record.error === 'string' && typeof record.error_description === 'string') {
      return `${record.error}: ${record.error_description}`
    }
    const parts = [
      'message',
      'userMessage',
      'error_description',
      'detail',
      'error',
      'title',
      'errorMessage'
    ]
      .map(key => record[key])
      .map(value =>
        typeof value === 'object' && value !== null
          ? apiMessageOf(value, '')
          : typeof value === 'string'
            ? value
            : ''
      )
      .filter(Boolean)
    const unique = [...new Set(parts)]
    if (unique.length > 0) return unique.join(' — ')
    if (Array.isArray(record.errors)) return record.errors.map(e => apiMessageOf(e, '')).join('; ')
  }
  const trimmed = /^\s*<(!doctype html|html|head|body)\b/i.test(text)
    ? textOfHtml(text)
    : text.trim()
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed
}

/** A gateway's HTML error page as its words: the title, or the text without tags. */
function textOfHtml(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]
  const text = (
    title ?? html.replace(/<(script|style)[^>]*>.*?<\/\1>/gis, ' ').replace(/<[^>]*>/g, ' ')
  )
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return text ? `${text} (an HTML page)` : 'an HTML page'
}
