// The one way the web app talks to the Skyway HTTP API (docs/api.md).  Every module in
// api/ (one per area: auth, admin, dict, imports, recruit, match, claim, fair, competition) is a list
// of one-line functions over the helpers below, so every call:
//   - sends and receives JSON with the session cookie (credentials: 'same-origin');
//   - sends X-CSRF-Token on every non-GET request (token from the session store);
//   - turns an error answer {"error":{"code","message","field"}} into a thrown ApiError
//     (a network failure: status 0, code 'network');
//   - on 401 (session missing or expired) calls the handler set by configureClient
//     (main.js: forget the session, open /login with a return path, except on the
//     public pages) — except for calls that expect 401 themselves (login, the /me
//     probe at start-up: `expect401`).
// Downloads: a GET export is a link the page follows (`apiUrl`, then
// utils/download.js); an export made by a POST answers a Blob (`asBlob`); an import
// sends the file itself as the body (`upload`).
// Views never build URLs: they call the area modules.

const BASE = '/api/v1'

/** An error answered by the server (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(status, code, message, field, body) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field || null
    // The whole error answer: an import commit refused with 422 carries its report here.
    this.body = body || null
  }
}

const hooks = {
  getCsrfToken: () => null,
  onUnauthorized: () => {},
}

/** Wires the client to the session store and router (called once from main.js). */
export function configureClient({ getCsrfToken, onUnauthorized }) {
  if (getCsrfToken) hooks.getCsrfToken = getCsrfToken
  if (onUnauthorized) hooks.onUnauthorized = onUnauthorized
}

/** Builds a query string from an object, leaving out empty values. */
function query(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue
    q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** The Content-Type for an uploaded spreadsheet (browsers leave it empty for some). */
function uploadType(file) {
  const name = (file.name || '').toLowerCase()
  if (name.endsWith('.csv')) return 'text/csv'
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  return file.type || 'application/octet-stream'
}

/**
 * One API call.  path is under /api/v1; options: params (query), body (JSON), file (the
 * body itself, for imports), expect401 (a 401 is this call's own answer: no redirect),
 * asBlob (the answer is a file).  Resolves to the JSON answer (or the Blob); rejects
 * with an ApiError.
 */
export async function request(method, path, { params, body, file, expect401 = false, asBlob = false } = {}) {
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin' }
  if (method !== 'GET') {
    const token = hooks.getCsrfToken()
    if (token) headers['X-CSRF-Token'] = token
    if (file) {
      headers['Content-Type'] = uploadType(file)
      init.body = file
    } else {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(body === undefined ? {} : body)
    }
  }
  let res
  try {
    res = await fetch(BASE + path + query(params), init)
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message)
  }
  if (asBlob && res.ok) return res.blob()
  let data = null
  if ((res.headers.get('Content-Type') || '').includes('application/json')) {
    try {
      data = await res.json()
    } catch {
      data = null
    }
  }
  if (res.ok) return data
  const err = (data && data.error) || {}
  const apiError = new ApiError(res.status, err.code || `http_${res.status}`, err.message, err.field, data)
  if (res.status === 401 && !expect401) hooks.onUnauthorized(apiError)
  throw apiError
}

/** GET path?params. */
export const get = (path, params, opts) => request('GET', path, { params, ...opts })
/** POST a JSON body. */
export const post = (path, body, opts) => request('POST', path, { body, ...opts })
/** POST a file as the body (spreadsheet imports). */
export const upload = (path, file) => request('POST', path, { file })
/** The URL of a GET download (an .xlsx export, a template, an SVG), for a link to follow. */
export const apiUrl = (path, params) => BASE + path + query(params)
/** A path segment from an id (or any value). */
export const id = (v) => encodeURIComponent(String(v))
