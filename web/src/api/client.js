// The one module that talks to the Skyway HTTP API (docs/api.md).
//
// Views call one exported function per endpoint and never build URLs themselves.
// Every call:
//   - sends and receives JSON with the session cookie (credentials: 'same-origin');
//   - sends X-CSRF-Token on every non-GET request (token from the session store);
//   - turns an error answer {"error":{"code","message","field"}} into a thrown ApiError;
//   - on 401 (session missing or expired) calls the handler set by configureClient,
//     which sends the user to /login — except for calls that expect 401 themselves
//     (login, the /me probe at start-up).

const BASE = '/api/v1'

/** An error answered by the server (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field || null
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

async function request(method, path, { params, body, expect401 = false } = {}) {
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin' }
  if (method !== 'GET') {
    const token = hooks.getCsrfToken()
    if (token) headers['X-CSRF-Token'] = token
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body === undefined ? {} : body)
  }
  let res
  try {
    res = await fetch(BASE + path + query(params), init)
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message)
  }
  let data = null
  const type = res.headers.get('Content-Type') || ''
  if (type.includes('application/json')) {
    try {
      data = await res.json()
    } catch {
      data = null
    }
  }
  if (res.ok) return data
  const err = (data && data.error) || {}
  const apiError = new ApiError(res.status, err.code || `http_${res.status}`, err.message, err.field)
  if (res.status === 401 && !expect401) hooks.onUnauthorized(apiError)
  throw apiError
}

const get = (path, params, opts) => request('GET', path, { params, ...opts })
const post = (path, body, opts) => request('POST', path, { body, ...opts })
const id = (v) => encodeURIComponent(String(v))

// ---- auth and self-service -------------------------------------------------
export const login = (loginName, password) =>
  post('/auth/login', { login: loginName, password }, { expect401: true })
export const logout = () => post('/auth/logout', {}, { expect401: true })
export const me = () => get('/me', undefined, { expect401: true })
export const changePassword = (oldPassword, newPassword) =>
  post('/me/password', { old_password: oldPassword, new_password: newPassword })
export const publicColleges = () => get('/public/colleges')
export const registerStudent = (body) => post('/register/student', body, { expect401: true })
export const registerEnterprise = (body) => post('/register/enterprise', body, { expect401: true })

// ---- accounts ----------------------------------------------------------------
export const listAccounts = (params) => get('/accounts', params)
export const getAccount = (accountId) => get(`/accounts/${id(accountId)}`)
export const createAccount = (body) => post('/accounts', body)
export const disableAccount = (accountId) => post(`/accounts/${id(accountId)}/disable`)
export const enableAccount = (accountId) => post(`/accounts/${id(accountId)}/enable`)
export const resetAccountPassword = (accountId, password) =>
  post(`/accounts/${id(accountId)}/password`, { password })

// ---- organisations -------------------------------------------------------------
export const listOrganizations = (params) => get('/organizations', params)
export const createOrganization = (body) => post('/organizations', body)
export const approveOrganization = (orgId) => post(`/organizations/${id(orgId)}/approve`)
export const rejectOrganization = (orgId, reason) =>
  post(`/organizations/${id(orgId)}/reject`, { reason })

// ---- audit log -------------------------------------------------------------------
export const listAudit = (params) => get('/audit', params)
/** URL of the .xlsx export for the given filters (a plain GET download, no token needed). */
export const auditExportUrl = (params) => `${BASE}/audit/export${query(params)}`

/** Everything above as one object, for `import { api } from '@/api/client'`. */
export const api = {
  login, logout, me, changePassword, publicColleges, registerStudent, registerEnterprise,
  listAccounts, getAccount, createAccount, disableAccount, enableAccount, resetAccountPassword,
  listOrganizations, createOrganization, approveOrganization, rejectOrganization,
  listAudit, auditExportUrl,
}
export default api
