// Zone services (政务服务): one function per endpoint of docs/api.md "Zone services" that
// the pages use — service items and cases with their clocks, escalations, 好差评,
// investment projects, policy rounds and applications, indicators.
import { get, post, request, apiUrl, id } from './request'

// ---- service items (事项) and cases (办件) ------------------------------------------
/** `{items:[item…]}`; params: q, department_id, status. */
export const listItems = (params) => get('/services/items', params)
/** `{item}` with `materials` and `departments`. */
export const getItem = (itemId) => get(`/services/items/${id(itemId)}`)
/** Paged cases (open ones first by deadline); params: status, colour, q, item_id, mine… */
export const listCases = (params) => get('/services/cases', params)
export const casesExportUrl = (params) => apiUrl('/services/cases/export', params)
/** `{case}` with its clock as of today and the caller's `actions`. */
export const getCase = (caseId) => get(`/services/cases/${id(caseId)}`)
/** body: {item_id, org_id? (officers), title?, note?, submit?} → `{case}`. */
export const createCase = (body) => post('/services/cases', body)
/**
 * One step of a case: step is submit | accept | refuse | correction | resubmit | pause |
 * resume | finish | withdraw | agent | paper; body as docs/api.md says → `{case}`.
 */
export const caseStep = (caseId, step, body) => post(`/services/cases/${id(caseId)}/${step}`, body || {})
/** Uploads a material (a PDF, JPEG or PNG File) → `{file}`. */
export const uploadCaseFile = (caseId, file, materialId) =>
  request('POST', `/services/cases/${id(caseId)}/files`, { params: { name: file.name, material_id: materialId }, file })
export const fileUrl = (fileId) => apiUrl(`/services/files/${id(fileId)}`)

// ---- escalations, badge, officers --------------------------------------------------------
/** `{items:[case + acked…], unread}`; params: unread. */
export const listEscalations = (params) => get('/services/escalations', params)
export const ackEscalation = (caseId, note) => post(`/services/escalations/${id(caseId)}/ack`, { note })
/** Staff: `{open, mine, escalations, followups_due, callbacks}`; HR: `{open, correcting, to_rate}`. */
export const servicesBadge = () => get('/services/badge')
export const listOfficers = () => get('/services/officers')
export const listDepartments = () => get('/services/departments')
/** body: {name, members?: [{account_id, is_head}]} → `{department}`. */
export const createDepartment = (body) => post('/services/departments', body)
export const updateDepartment = (depId, body) => post(`/services/departments/${id(depId)}`, body)
/** `{rectify_days, rate_fairs}`. */
export const getSettings = () => get('/services/settings')
export const setSettings = (body) => post('/services/settings', body)
/** body: {code, name, department_id, statutory_days, committed_days, description?, no_application?, departments?, materials?}. */
export const createItem = (body) => post('/services/items', body)
export const updateItem = (itemId, body) => post(`/services/items/${id(itemId)}`, body)

// ---- the working-day calendar ------------------------------------------------------------
/** `{items:[{year, source, notice, days_off, days_work, updated_at, updated_by_name}], version}`. */
export const calendarYears = () => get('/services/calendar/years')
/** `{year, source, notice, updated_at, days:[{date, kind, name, weekday}]}`. */
export const calendarYear = (year) => get(`/services/calendar/years/${id(year)}`)
/** body: {notice?, days:[{date, kind, name}]} → `{year, days, recomputed:{cases, followups}, version}`. */
export const setCalendarYear = (year, body) => post(`/services/calendar/years/${id(year)}`, body)
/** A .xlsx/.csv file of (date, kind, name); commit: write it (else a preview report). */
export const importCalendarYear = (year, file, commit, notice) =>
  request('POST', `/services/calendar/years/${id(year)}/import`, { params: { commit: commit ? 1 : undefined, notice }, file })

// ---- 好差评 ----------------------------------------------------------------------------
/** body: {subject_kind, subject_id, level 1-5, comment, channel} → `{rating, followup}`. */
export const rate = (body) => post('/services/ratings', body)
export const listRatings = (params) => get('/services/ratings', params)
/** Paged follow-ups of bad ratings; params: status (or active), late, callback, department_id. */
export const listFollowups = (params) => get('/services/followups', params)
/** `{followup}` with its steps and the caller's `actions`. */
export const getFollowup = (fid) => get(`/services/followups/${id(fid)}`)
/** step: contact | rectify | callback | appeal | review | close; body {note?, upheld?, on?}. */
export const followupStep = (fid, step, body) => post(`/services/followups/${id(fid)}/${step}`, body || {})

// ---- indicators ----------------------------------------------------------------------------
/** params: by (department | item), from, to → `{by, from, to, rows, total}`. */
export const indicators = (params) => get('/services/indicators', params)
export const indicatorsExportUrl = (params) => apiUrl('/services/indicators/export', params)

// ---- investment projects (招商引资) ----------------------------------------------------------
/** The board: `{stages:[{stage, name, limit_days, projects}], signed, dropped, stalled}`. */
export const projectBoard = (params) => get('/services/projects', params)
export const projectStats = () => get('/services/projects/stats')
export const getProject = (projectId) => get(`/services/projects/${id(projectId)}`)
export const createProject = (body) => post('/services/projects', body)
/** move: advance | return | drop (note required for return and drop). */
export const moveProject = (projectId, move, note) => post(`/services/projects/${id(projectId)}/move`, { move, note })
/** body: {limits:[{stage 1-7, limit_days}]} → the stats. */
export const setProjectLimits = (limits) => post('/services/projects/limits', { limits })
/** The stage's responsible officer. */
export const setStageOfficer = (projectId, stage, accountId) =>
  post(`/services/projects/${id(projectId)}/officer`, { stage, account_id: accountId })
/** Uploads a document (PDF, JPEG, PNG) to a stage (default: the current one) → `{file}`. */
export const uploadProjectDocument = (projectId, file, stage) =>
  request('POST', `/services/projects/${id(projectId)}/documents`, { params: { name: file.name, stage }, file })

// ---- policy rounds (政策申报) ----------------------------------------------------------------
/** `{items:[round…]}` (HR: `mine` is their application or null). */
export const listRounds = () => get('/services/rounds')
export const getRound = (roundId) => get(`/services/rounds/${id(roundId)}`)
export const roundStats = () => get('/services/rounds/stats')
/** The caller's (HR) pre-check against the round's conditions. */
export const precheckRound = (roundId, params) => get(`/services/rounds/${id(roundId)}/precheck`, params)
/** body: {amount (yuan), note?} → `{application}`. */
export const applyRound = (roundId, body) => post(`/services/rounds/${id(roundId)}/apply`, body)
/** Paged applications; params: round_id, status, page. */
export const listApplications = (params) => get('/services/policy-applications', params)
export const getApplication = (appId) => get(`/services/policy-applications/${id(appId)}`)
/** body: {scores: {key: points}, comment?, amount?}. */
export const reviewApplication = (appId, body) => post(`/services/policy-applications/${id(appId)}/review`, body)
export const withdrawApplication = (appId) => post(`/services/policy-applications/${id(appId)}/withdraw`)
/** step: publish | publicity | finalize, on: an earlier day (补录) or undefined → `{round}`. */
export const roundStep = (roundId, step, on) => post(`/services/rounds/${id(roundId)}/step`, { step, on })
/** body: {policy_id, name, opens_on, closes_on, publicity_days?, budget?} → `{round}` (draft). */
export const createRound = (body) => post('/services/rounds', body)
/** body: any of {name, opens_on, closes_on, publicity_days, budget}, until the publicity → `{round}`. */
export const updateRound = (roundId, body) => post(`/services/rounds/${id(roundId)}`, body)
export const listPolicies = () => get('/services/policies')
/** body: {title, score_sheet, conditions?, summary?, department_id?, pass_score?, max_amount?, no_application?} → `{policy}`. */
export const createPolicy = (body) => post('/services/policies', body)
/** body: any field of createPolicy → `{policy}`. */
export const updatePolicy = (policyId, body) => post(`/services/policies/${id(policyId)}`, body)
/** 免申即享: eligible enterprises that have not applied, and granting them. */
export const roundCandidates = (roundId) => get(`/services/rounds/${id(roundId)}/candidates`)
export const grantRound = (roundId, orgIds) => post(`/services/rounds/${id(roundId)}/grant`, { org_ids: orgIds })
/** An objection upheld during the publicity: the application is rejected. */
export const objectApplication = (appId, note) => post(`/services/policy-applications/${id(appId)}/object`, { note })
/** body: {amount, voucher, paid_on?} → `{application}`. */
export const payApplication = (appId, body) => post(`/services/policy-applications/${id(appId)}/payments`, body)
