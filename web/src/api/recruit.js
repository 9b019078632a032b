// Recruitment (招聘): positions, students and their résumés, applications (投递), and
// the employment and overview statistics.
import { get, post, apiUrl, id } from './request'

// ---- positions (岗位) ------------------------------------------------------------------
/** Search open positions (the operator may pass status): {items,total,next_cursor}. */
export const searchPositions = (params) => get('/positions', params)
export const suggestPositions = (q) => get('/positions/suggest', { q })
export const getPosition = (positionId) => get(`/positions/${id(positionId)}`)
export const myPositions = (params) => get('/positions/mine', params)
export const myPositionsExportUrl = (params) => apiUrl('/positions/mine/export', params)
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
export const studentsExportUrl = (params) => apiUrl('/students/export', params)
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
export const applicationsExportUrl = (params) => apiUrl('/applications/export', params)
export const getApplication = (applicationId) => get(`/applications/${id(applicationId)}`)
/** HR opened a submitted application: it becomes viewed (a GET never changes it). */
export const markApplicationViewed = (applicationId) => post(`/applications/${id(applicationId)}/viewed`)
export const setApplicationStatus = (applicationId, status, note) =>
  post(`/applications/${id(applicationId)}/status`, note ? { status, note } : { status })
export const bulkApplicationStatus = (ids, status, note) =>
  post('/applications/bulk', note ? { ids, status, note } : { ids, status })
export const withdrawApplication = (applicationId) => post(`/applications/${id(applicationId)}/withdraw`)
export const acceptApplication = (applicationId) => post(`/applications/${id(applicationId)}/accept`)

// ---- statistics -----------------------------------------------------------------------------
/** group: major | grad_year | college; optional college_id, grad_year. */
export const employmentStats = (params) => get('/stats/employment', params)
export const employmentExportUrl = (params) => apiUrl('/stats/employment/export', params)
export const setStudentDestination = (studentId, destination) => post(`/students/${id(studentId)}/destination`, { destination })
export const overviewStats = () => get('/stats/overview')

// Interview invitations (面试邀请) and contact consent (issue 14).
export const listInvitations = (applicationId) => get(`/applications/${id(applicationId)}/invitations`)
export const createInvitation = (applicationId, body) => post(`/applications/${id(applicationId)}/invitations`, body)
export const answerInvitation = (invitationId, answer, note) =>
  post(`/invitations/${id(invitationId)}/answer`, note ? { answer, note } : { answer })
export const cancelInvitation = (invitationId) => post(`/invitations/${id(invitationId)}/cancel`)
export const upcomingInvitations = () => get('/invitations/upcoming')
export const getApplicationContact = (applicationId) => get(`/applications/${id(applicationId)}/contact`)
/** The student takes back their contact consent on their own application. */
export const withdrawContactConsent = (applicationId) => post(`/applications/${id(applicationId)}/contact/withdraw`)
