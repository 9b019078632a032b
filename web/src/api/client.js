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

async function request(method, path, { params, body, file, expect401 = false, asBlob = false } = {}) {
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin' }
  if (method !== 'GET') {
    const token = hooks.getCsrfToken()
    if (token) headers['X-CSRF-Token'] = token
    if (file) {
      // Imports: the file itself is the body, with its own type.
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
  // A file answer (an export made from a POST): the bytes, when all went well.
  if (asBlob && res.ok) return res.blob()
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
  const apiError = new ApiError(res.status, err.code || `http_${res.status}`, err.message, err.field, data)
  if (res.status === 401 && !expect401) hooks.onUnauthorized(apiError)
  throw apiError
}

/** The Content-Type for an uploaded spreadsheet (browsers leave it empty for some). */
function uploadType(file) {
  const name = (file.name || '').toLowerCase()
  if (name.endsWith('.csv')) return 'text/csv'
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  return file.type || 'application/octet-stream'
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

// ---- two-step verification (两步验证) ------------------------------------------
/** Second login step: {account, csrf_token, mfa}; 401 mfa_token_invalid means start again. */
export const loginMfa = (mfaToken, code) =>
  post('/auth/mfa', { mfa_token: mfaToken, code }, { expect401: true })
export const mfaStatus = () => get('/me/mfa')
/** A new secret: {secret, otpauth_uri, qr_svg}. */
export const mfaSetup = () => post('/me/mfa/setup')
/** Confirms enrolment: {recovery_codes, mfa}. */
export const mfaEnable = (code) => post('/me/mfa/enable', { code })
export const mfaDisable = (password, code) => post('/me/mfa/disable', { password, code })
export const mfaRecoveryCodes = (code) => post('/me/mfa/recovery-codes', { code })
export const resetAccountMfa = (accountId) => post(`/accounts/${id(accountId)}/mfa/reset`)
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

// ---- dictionaries (public) ---------------------------------------------------------
/** name: majors | industries | skills | certificates | cities → {items} */
export const getDict = (name) => get(`/dict/${id(name)}`)

// ---- organisations: own profile, exports ----------------------------------------------
export const myOrganization = () => get('/organizations/mine')
export const updateOrganization = (orgId, body) => post(`/organizations/${id(orgId)}`, body)
export const organizationsExportUrl = (params) => `${BASE}/organizations/export${query(params)}`
export const accountsExportUrl = (params) => `${BASE}/accounts/export${query(params)}`

// ---- positions (岗位) ------------------------------------------------------------------
/** Search open positions (the operator may pass status): {items,total,next_cursor}. */
export const searchPositions = (params) => get('/positions', params)
export const getPosition = (positionId) => get(`/positions/${id(positionId)}`)
export const myPositions = (params) => get('/positions/mine', params)
export const myPositionsExportUrl = (params) => `${BASE}/positions/mine/export${query(params)}`
export const createPosition = (body) => post('/positions', body)
export const updatePosition = (positionId, body) => post(`/positions/${id(positionId)}`, body)
export const submitPosition = (positionId) => post(`/positions/${id(positionId)}/submit`)
export const closePosition = (positionId) => post(`/positions/${id(positionId)}/close`)
export const reopenPosition = (positionId) => post(`/positions/${id(positionId)}/reopen`)
export const approvePosition = (positionId) => post(`/positions/${id(positionId)}/approve`)
export const rejectPosition = (positionId, reason) =>
  post(`/positions/${id(positionId)}/reject`, { reason })
export const applyToPosition = (positionId) => post(`/positions/${id(positionId)}/apply`)

// ---- students (学生) -------------------------------------------------------------------
export const myStudent = () => get('/students/me')
export const updateMyStudent = (body) => post('/students/me', body)
/** Everything the platform holds about the logged-in student (JSON, PIPL). */
export const exportMyData = () => get('/students/me/export')
export const closeMyAccount = (password) => post('/students/me/close', { password })
export const listStudents = (params) => get('/students', params)
export const studentsExportUrl = (params) => `${BASE}/students/export${query(params)}`
export const getStudent = (studentId) => get(`/students/${id(studentId)}`)
/** Full phone and ID number (the student themself, the operator); audited. */
export const studentContact = (studentId) => get(`/students/${id(studentId)}/contact`)
/** 屏蔽企业: {items:[{enterprise_id, enterprise_name, created_at}]}. */
export const myBlocks = () => get('/students/me/blocks')
/** Replaces the blocked enterprises; answers the new list. */
export const setMyBlocks = (enterpriseIds) => post('/students/me/blocks', { enterprise_ids: enterpriseIds })
/** Approved enterprises whose name contains q: {items:[{id, name}]}. */
export const searchEnterprisesToBlock = (q) => get('/students/me/blocks/search', { q })

// ---- applications (投递) -----------------------------------------------------------------
export const listApplications = (params) => get('/applications', params)
export const applicationsExportUrl = (params) => `${BASE}/applications/export${query(params)}`
export const getApplication = (applicationId) => get(`/applications/${id(applicationId)}`)
/** HR opened a submitted application: it becomes viewed (a GET never changes it). */
export const markApplicationViewed = (applicationId) => post(`/applications/${id(applicationId)}/viewed`)
export const setApplicationStatus = (applicationId, status, note) =>
  post(`/applications/${id(applicationId)}/status`, note ? { status, note } : { status })
export const bulkApplicationStatus = (ids, status, note) =>
  post('/applications/bulk', note ? { ids, status, note } : { ids, status })
export const withdrawApplication = (applicationId) => post(`/applications/${id(applicationId)}/withdraw`)
export const acceptApplication = (applicationId) => post(`/applications/${id(applicationId)}/accept`)

// ---- imports (students | positions | enterprises) -----------------------------------------
export const importPreview = (kind, file) => request('POST', `/imports/${id(kind)}/preview`, { file })
export const importCommit = (kind, file) => request('POST', `/imports/${id(kind)}/commit`, { file })
export const importTemplateUrl = (kind) => `${BASE}/imports/${id(kind)}/template`

// ---- statistics -----------------------------------------------------------------------------
/** group: major | grad_year | college; optional college_id, grad_year. */
export const employmentStats = (params) => get('/stats/employment', params)
export const overviewStats = () => get('/stats/overview')

// ---- matching (推荐, 集中匹配) -------------------------------------------------------------
/** 为你推荐: {personalised, items} (scored items, or a plain listing when switched off). */
export const recommendations = (params) => get('/recommendations', params)
/** 推荐人选 of one position: {items:[{student_id, score, explanation, student}]}. */
export const positionCandidates = (positionId, params) => get(`/positions/${id(positionId)}/candidates`, params)
/** Why one pair scores what it does: {student_id, position_id, explanation}. */
export const matchExplain = (params) => get('/match/explain', params)
export const listRounds = () => get('/match/rounds')
export const getRound = (roundId) => get(`/match/rounds/${id(roundId)}`)
export const createRound = (body) => post('/match/rounds', body)
export const roundPositions = (roundId, params) => get(`/match/rounds/${id(roundId)}/positions`, params)
export const roundChoices = (roundId) => get(`/match/rounds/${id(roundId)}/choices`)
export const setRoundChoices = (roundId, positionIds) =>
  post(`/match/rounds/${id(roundId)}/choices`, { position_ids: positionIds })
export const roundApplicants = (roundId) => get(`/match/rounds/${id(roundId)}/applicants`)
export const setRoundRanking = (roundId, positionId, studentIds) =>
  post(`/match/rounds/${id(roundId)}/ranking`, { position_id: positionId, student_ids: studentIds })
export const previewRound = (roundId) => post(`/match/rounds/${id(roundId)}/preview`)
export const publishRound = (roundId) => post(`/match/rounds/${id(roundId)}/publish`)
export const cancelRound = (roundId) => post(`/match/rounds/${id(roundId)}/cancel`)
export const roundResult = (roundId) => get(`/match/rounds/${id(roundId)}/result`)

// ---- claiming student records (学籍认领): the college's side ------------------------------
export const claimClasses = (params) => get('/claims/classes', params)
export const claimRecords = (params) => get('/claims/records', params)
export const claimAttempts = (params) => get('/claims/attempts', params)
export const generateClaimCodes = (body) => post('/claims/codes', body)
/** The codes the page holds, as an .xlsx Blob (the server checks each one). */
export const exportClaimCodes = (items) => request('POST', '/claims/codes/export', { body: { items }, asBlob: true })
export const unlockClaim = (studentId) => post(`/claims/${id(studentId)}/unlock`)
export const resetClaim = (studentId, reason) => post(`/claims/${id(studentId)}/reset`, { reason })

/** Everything above as one object, for `import { api } from '@/api/client'`. */
export const api = {
  login, logout, me, changePassword, publicColleges, registerStudent, registerEnterprise,
  loginMfa, mfaStatus, mfaSetup, mfaEnable, mfaDisable, mfaRecoveryCodes, resetAccountMfa,
  listAccounts, getAccount, createAccount, disableAccount, enableAccount, resetAccountPassword,
  listOrganizations, createOrganization, approveOrganization, rejectOrganization,
  listAudit, auditExportUrl,
  getDict,
  myOrganization, updateOrganization, organizationsExportUrl, accountsExportUrl,
  searchPositions, getPosition, myPositions, myPositionsExportUrl, createPosition, updatePosition,
  submitPosition, closePosition, reopenPosition, approvePosition, rejectPosition, applyToPosition,
  myStudent, updateMyStudent, exportMyData, closeMyAccount, listStudents, studentsExportUrl,
  getStudent, studentContact, myBlocks, setMyBlocks, searchEnterprisesToBlock,
  listApplications, applicationsExportUrl, getApplication, markApplicationViewed, setApplicationStatus,
  bulkApplicationStatus, withdrawApplication, acceptApplication,
  importPreview, importCommit, importTemplateUrl,
  employmentStats, overviewStats,
  recommendations, positionCandidates, matchExplain, listRounds, getRound, createRound,
  roundPositions, roundChoices, setRoundChoices, roundApplicants, setRoundRanking,
  previewRound, publishRound, cancelRound, roundResult,
  claimClasses, claimRecords, claimAttempts, generateClaimCodes, exportClaimCodes, unlockClaim, resetClaim,
}
export default api
