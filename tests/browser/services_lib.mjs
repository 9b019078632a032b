// What the zone-service browser files share: a one-page PDF to upload, and logged-in pages
// kept for the whole file.
import { openPage, login } from './harness.mjs'

/** A one-page PDF: the server reads the type from the bytes. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

/**
 * Returns signedIn(browser, server, login, viewport): one logged-in { context, page,
 * problems } per login and width, opened on first use and kept for the whole file (a login
 * is slow: staff pass the second factor; the tests only navigate).  The browser closing
 * closes them.
 */
export function sessionCache() {
  const sessions = new Map()
  return async function signedIn(browser, server, loginName, viewport) {
    const key = `${loginName}@${viewport.width}`
    if (!sessions.has(key)) {
      const s = await openPage(browser, server, { viewport })
      await login(s.page, loginName)
      sessions.set(key, s)
    }
    return sessions.get(key)
  }
}
