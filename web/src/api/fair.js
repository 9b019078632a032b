// Job fairs and recruitment sessions (招聘会 / 专场宣讲): one function per endpoint of
// docs/api.md "Job fairs and recruitment sessions".
import { get, post, apiUrl, id } from './request'

// ---- events and their lifecycle ----------------------------------------------
/** `{items:[fair…]}` newest first; `params.status` filters. */
export const listFairs = (params) => get('/fairs', params)
/** `{fair}` with `history` (status steps: who, when). */
export const getFair = (fairId) => get(`/fairs/${id(fairId)}`)
export const createFair = (body) => post('/fairs', body)
export const updateFair = (fairId, body) => post(`/fairs/${id(fairId)}`, body)
/** to: the next status, or 'cancelled'. */
export const setFairStatus = (fairId, to) => post(`/fairs/${id(fairId)}/status`, { to })

// ---- enterprise sign-up and review ----------------------------------------------
/** body: {position_ids, tables?, contact?} */
export const signupFair = (fairId, body) => post(`/fairs/${id(fairId)}/signup`, body)
export const withdrawSignup = (fairId) => post(`/fairs/${id(fairId)}/signup/withdraw`)
/** Paged sign-ups (`status`, `page`, `page_size`). */
export const listSignups = (fairId, params) => get(`/fairs/${id(fairId)}/signups`, params)
/** decision: 'approve' | 'reject' (reason required to reject). */
export const reviewSignup = (fairId, enterpriseId, decision, reason) =>
  post(`/fairs/${id(fairId)}/signups/review`, { enterprise_id: enterpriseId, decision, reason })

// ---- booths -------------------------------------------------------------------------
export const allocateBooths = (fairId) => post(`/fairs/${id(fairId)}/booths/allocate`)
/** → `{swapped_with}` when the booth had a holder. */
export const moveBooth = (fairId, enterpriseId, boothNo) =>
  post(`/fairs/${id(fairId)}/booths/move`, { enterprise_id: enterpriseId, booth_no: boothNo })
/** The floor plan: `{items:[{booth_no, zone, area, enterprise_id, enterprise, …, waiting}], booths}`. */
export const listBooths = (fairId) => get(`/fairs/${id(fairId)}/booths`)
export const boothsExportUrl = (fairId) => apiUrl(`/fairs/${id(fairId)}/booths/export`)
/** A QR code (SVG) of a text of up to 500 bytes, for printed booth signs. */
export const qrSvgUrl = (text) => apiUrl('/qr.svg', { text })

// ---- students: registration, pass, gate -------------------------------------------------
export const registerFair = (fairId) => post(`/fairs/${id(fairId)}/register`)
/** `{registration:{id, code, pass, qr_svg, expires_at, entered_at}}` */
export const fairPass = (fairId) => get(`/fairs/${id(fairId)}/pass`)
/** One of {pass} (the scanned token) or {code} (8 characters typed). */
export const checkin = (fairId, body) => post(`/fairs/${id(fairId)}/checkin`, body)
/** A scan out (离场): 在场 goes down, 入场 stays. */
export const checkout = (fairId, body) => post(`/fairs/${id(fairId)}/checkout`, body)
export const walkin = (fairId, collegeId, studentNo, name) =>
  post(`/fairs/${id(fairId)}/walkin`, { college_id: collegeId, student_no: studentNo, name })
/** Gate counters and the 20 latest entries. */
export const gateStatus = (fairId) => get(`/fairs/${id(fairId)}/gate`)

// ---- booth queues ---------------------------------------------------------------------------
export const takeTicket = (fairId, enterpriseId) => post(`/fairs/${id(fairId)}/tickets`, { enterprise_id: enterpriseId })
export const cancelTicket = (fairId, ticketId) => post(`/fairs/${id(fairId)}/tickets/cancel`, { ticket_id: ticketId })
export const myTickets = (fairId) => get(`/fairs/${id(fairId)}/tickets`)
/** params.enterprise_id for the operator. */
export const boothQueue = (fairId, params) => get(`/fairs/${id(fairId)}/queue`, params)
/** Calls the lowest waiting number; enterpriseId for the operator only (HR: its own booth). */
export const callNext = (fairId, enterpriseId) =>
  post(`/fairs/${id(fairId)}/queue/call`, enterpriseId ? { enterprise_id: enterpriseId } : {})
/** outcome: 'seen' | 'no_show' */
export const markTicket = (fairId, ticketId, outcome) =>
  post(`/fairs/${id(fairId)}/queue/mark`, { ticket_id: ticketId, outcome })
/** Server-Sent Events URL (for `new EventSource(url)`). */
export const fairLiveUrl = (fairId) => apiUrl(`/fairs/${id(fairId)}/live`)

// ---- intentions, interviews, timetable ---------------------------------------------------------
/** body: {student_id, position_id, note?} */
export const createIntent = (fairId, body) => post(`/fairs/${id(fairId)}/intents`, body)
export const listIntents = (fairId, params) => get(`/fairs/${id(fairId)}/intents`, params)
/** body: {student_id, position_id, priority?} */
export const inviteInterview = (fairId, body) => post(`/fairs/${id(fairId)}/interviews`, body)
export const listInterviews = (fairId, params) => get(`/fairs/${id(fairId)}/interviews`, params)
export const scheduleInterviews = (fairId) => post(`/fairs/${id(fairId)}/schedule`)
export const confirmInterview = (fairId, interviewId) =>
  post(`/fairs/${id(fairId)}/interviews/confirm`, { interview_id: interviewId })
export const cancelInterview = (fairId, interviewId) =>
  post(`/fairs/${id(fairId)}/interviews/cancel`, { interview_id: interviewId })
export const interviewDone = (fairId, interviewId) =>
  post(`/fairs/${id(fairId)}/interviews/done`, { interview_id: interviewId })

// ---- statistics ------------------------------------------------------------------------------------
/** `{figures, hours, industry, college, major, booths, summary}` */
export const fairStats = (fairId) => get(`/fairs/${id(fairId)}/stats`)
/** table: hours | industry | college | major | booths (.xlsx) */
export const fairStatsExportUrl = (fairId, table) => apiUrl(`/fairs/${id(fairId)}/stats/export`, { table })
