// School–enterprise cooperation (校企合作) and internships (岗位实习): one function per
// endpoint of docs/api.md "School–enterprise cooperation" and "Internships".  Files (visit
// photos, signed scans) are sent as the request body itself (`upload`); a stored file is a
// link (`coopFileUrl`).
import { get, post, upload, apiUrl, id } from './request'

// ---- needs and offers (供需) --------------------------------------------------------------
/** Paged listings: `side`, `kind`, `q`, `major`, `city`, `org_id`, `status` (open|closed|all). */
export const listListings = (params) => get('/coop/listings', params)
export const getListing = (listingId) => get(`/coop/listings/${id(listingId)}`)
/** body: {kind, title, description?, majors?, industries?, city_code?, quantity?} → {listing} */
export const createListing = (body) => post('/coop/listings', body)
export const updateListing = (listingId, body) => post(`/coop/listings/${id(listingId)}`, body)
export const closeListing = (listingId) => post(`/coop/listings/${id(listingId)}/close`)
export const reopenListing = (listingId) => post(`/coop/listings/${id(listingId)}/reopen`)
/** `{items:[{listing, score, components:[{key,label,points,max_points,reason}]}]}` best first. */
export const listingCounterparts = (listingId, limit = 10) => get(`/coop/listings/${id(listingId)}/counterparts`, { limit })
/** Approved enterprises whose name contains q (at most 20): `{items:[{id,name}]}`. */
export const searchEnterprises = (q) => get('/coop/enterprises', { q })

// ---- 双走进 visits ----------------------------------------------------------------------------
/** The calendar: `from`, `to` (epoch seconds of the start), `status`, `direction`, `org_id` → {items}. */
export const listVisits = (params) => get('/coop/visits', params)
export const getVisit = (visitId) => get(`/coop/visits/${id(visitId)}`)
export const createVisit = (body) => post('/coop/visits', body)
export const updateVisit = (visitId, body) => post(`/coop/visits/${id(visitId)}`, body)
/** people: [{side, name, title?, account_id?}] */
export const addVisitPeople = (visitId, people) => post(`/coop/visits/${id(visitId)}/people`, { people })
export const registerVisit = (visitId) => post(`/coop/visits/${id(visitId)}/register`)
/** participantId: a party checks another in; none: oneself. */
export const checkinVisit = (visitId, participantId) =>
  post(`/coop/visits/${id(visitId)}/checkin`, participantId ? { participant_id: participantId } : {})
export const visitMinutes = (visitId, minutes) => post(`/coop/visits/${id(visitId)}/minutes`, { minutes })
export const cancelVisit = (visitId, reason) => post(`/coop/visits/${id(visitId)}/cancel`, { reason })
/** body: {title, owner_org_id, owner_name, due_on} */
export const addFollowup = (visitId, body) => post(`/coop/visits/${id(visitId)}/followups`, body)
export const followupDone = (visitId, followupId, note) =>
  post(`/coop/visits/${id(visitId)}/followups/done`, { followup_id: followupId, note: note || undefined })
/** file: an image (JPEG, PNG, WebP) → {visit} */
export const uploadVisitPhoto = (visitId, file) => upload(`/coop/visits/${id(visitId)}/photos`, file)
/** A stored photo or signed scan, to show or download. */
export const coopFileUrl = (fileId) => apiUrl(`/coop/files/${id(fileId)}`)

// ---- 供需对接会 matching meetings ----------------------------------------------------------
export const listMeetings = () => get('/coop/meetings')
export const getMeeting = (meetingId) => get(`/coop/meetings/${id(meetingId)}`)
export const createMeeting = (body) => post('/coop/meetings', body)
export const updateMeeting = (meetingId, body) => post(`/coop/meetings/${id(meetingId)}`, body)
/** to: open | closed | finished | cancelled */
export const setMeetingStatus = (meetingId, to) => post(`/coop/meetings/${id(meetingId)}/status`, { to })
/** body: {tables?} (an enterprise), {org_id} (the operator adds an organisation) */
export const joinMeeting = (meetingId, body) => post(`/coop/meetings/${id(meetingId)}/join`, body || {})
export const listWishes = (meetingId) => get(`/coop/meetings/${id(meetingId)}/wishes`)
/** wishes: [{org_id, priority, note?}] replaces the caller's wishes. */
export const saveWishes = (meetingId, wishes) => post(`/coop/meetings/${id(meetingId)}/wishes`, { wishes })
/** → {requests, placed, slots, unplaced_by_reason} */
export const scheduleMeeting = (meetingId) => post(`/coop/meetings/${id(meetingId)}/schedule`)
export const listTalks = (meetingId) => get(`/coop/meetings/${id(meetingId)}/talks`)
/** body: {talk_id, interest, next_step?, side? (the operator)} → {talk} */
export const talkOutcome = (meetingId, body) => post(`/coop/meetings/${id(meetingId)}/outcome`, body)

// ---- agreements (协议) ---------------------------------------------------------------------
/** Paged: `kind`, `state`, `q`, `org_id`, `expiring_within` (days). */
export const listAgreements = (params) => get('/coop/agreements', params)
export const getAgreement = (agreementId) => get(`/coop/agreements/${id(agreementId)}`)
export const createAgreement = (body) => post('/coop/agreements', body)
export const updateAgreement = (agreementId, body) => post(`/coop/agreements/${id(agreementId)}`, body)
/** `{days, expiring:[agreement], milestones:[…]}` */
export const agreementReminders = (days) => get('/coop/agreements/reminders', { days })
/** file: the signed scan (PDF) → {agreement} */
export const uploadAgreementScan = (agreementId, file) => upload(`/coop/agreements/${id(agreementId)}/scan`, file)
export const signAgreement = (agreementId, signedOn) => post(`/coop/agreements/${id(agreementId)}/sign`, { signed_on: signedOn })
export const terminateAgreement = (agreementId, reason) => post(`/coop/agreements/${id(agreementId)}/terminate`, { reason })
/** body: {ends_on, starts_on?} → 201 {agreement} (a new draft) */
export const renewAgreement = (agreementId, body) => post(`/coop/agreements/${id(agreementId)}/renew`, body)
/** body: {title, due_on, owner_org_id} */
export const addMilestone = (agreementId, body) => post(`/coop/agreements/${id(agreementId)}/milestones`, body)
export const milestoneDone = (agreementId, milestoneId, note) =>
  post(`/coop/agreements/${id(agreementId)}/milestones/done`, { milestone_id: milestoneId, note: note || undefined })

// ---- order classes (订单班) -------------------------------------------------------------------
export const listOrderClasses = () => get('/coop/order-classes')
export const getOrderClass = (classId) => get(`/coop/order-classes/${id(classId)}`)
export const createOrderClass = (body) => post('/coop/order-classes', body)
export const addClassStudents = (classId, studentIds) => post(`/coop/order-classes/${id(classId)}/students`, { student_ids: studentIds })
export const removeClassStudents = (classId, studentIds) =>
  post(`/coop/order-classes/${id(classId)}/students/remove`, { student_ids: studentIds })
/** to: running | finished | cancelled */
export const setOrderClassStatus = (classId, to) => post(`/coop/order-classes/${id(classId)}/status`, { to })

// ---- the funnel, figures, exports ----------------------------------------------------------
/** by: enterprise | college | pair → {by, items, totals} */
export const coopFunnel = (by) => get('/coop/funnel', { by })
export const coopStats = () => get('/coop/stats')
/** table: funnel | agreements | internships | refusals | visits (.xlsx) */
export const coopExportUrl = (table) => apiUrl('/coop/export', { table })

// ---- internships (岗位实习) -----------------------------------------------------------------
/** `{regulation, items:[{code, label, text}]}` */
export const internshipRules = () => get('/internships/rules')
export const setStaffTotal = (staffTotal) => post('/internships/staff', { staff_total: staffTotal })
/** `{items:[post], staff_total}`: HR their posts; others open posts (`enterprise_id`). */
export const listPosts = (params) => get('/internships/posts', params)
export const createPost = (body) => post('/internships/posts', body)
export const updatePost = (postId, body) => post(`/internships/posts/${id(postId)}`, body)
export const closePost = (postId) => post(`/internships/posts/${id(postId)}/close`)
export const reopenPost = (postId) => post(`/internships/posts/${id(postId)}/reopen`)
/** Paged placements: `status`, `q`, `college_id`, `enterprise_id`, `post_id`. */
export const listInternships = (params) => get('/internships', params)
export const getInternship = (internshipId) => get(`/internships/${id(internshipId)}`)
export const createInternship = (body) => post('/internships', body)
export const updateInternship = (internshipId, body) => post(`/internships/${id(internshipId)}`, body)
/** file: the signed tripartite agreement (PDF) */
export const uploadInternshipAgreement = (internshipId, file) => upload(`/internships/${id(internshipId)}/agreement`, file)
/** → {internship, started, violations:[{rule, label, field, message}]} */
export const startInternship = (internshipId) => post(`/internships/${id(internshipId)}/start`)
export const cancelInternship = (internshipId) => post(`/internships/${id(internshipId)}/cancel`)
/** body: {reason: completed | early, hired, ended_on?} */
export const endInternship = (internshipId, body) => post(`/internships/${id(internshipId)}/end`, body)
/** body: {week_start, done, learned, days_present} (the student) */
export const writeLog = (internshipId, body) => post(`/internships/${id(internshipId)}/logs`, body)
/** action: confirm | return (a comment required to return) */
export const reviewLog = (internshipId, logId, action, comment) =>
  post(`/internships/${id(internshipId)}/logs/review`, { log_id: logId, action, comment: comment || undefined })
/** body: {visited_on, mode: onsite | online, notes} */
export const addInstructorVisit = (internshipId, body) => post(`/internships/${id(internshipId)}/visits`, body)
/** body: {stage: mid | final, score, comment} */
export const addEvaluation = (internshipId, body) => post(`/internships/${id(internshipId)}/evaluations`, body)
/** body: {kind, occurred_on, description, followup, followup_due} */
export const reportIncident = (internshipId, body) => post(`/internships/${id(internshipId)}/incidents`, body)
export const closeIncident = (internshipId, incidentId, resolution) =>
  post(`/internships/${id(internshipId)}/incidents/close`, { incident_id: incidentId, resolution })
