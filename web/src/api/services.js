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

// ---- 好差评 ----------------------------------------------------------------------------
/** body: {subject_kind, subject_id, level 1-5, comment, channel} → `{rating, followup}`. */
export const rate = (body) => post('/services/ratings', body)
export const listRatings = (params) => get('/services/ratings', params)

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
