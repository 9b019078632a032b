// The incubator (孵化器: 1 HQ + N campus bases) and its activities: one function per
// endpoint of docs/api.md "The incubator", used by the pages under views/incubator/.
// Times go out as ISO 8601 with the China offset (utils/chinaTime.js);
// objects come back wrapped ({booking}, {project}…), lists as {items,total,page,page_size}.
import { get, post, request, apiUrl, id } from './request'

// ---- places --------------------------------------------------------------------------
/** `{items:[site]}`, the HQ first. */
export const listSites = () => get('/incubator/sites')
/** Bookable rooms; params: site_id, zone_id, kind. */
export const listRooms = (params) => get('/incubator/rooms', params)
/** `{room}` with its `bookings` between params.from and params.to (default this week). */
export const getRoom = (roomId, params) => get(`/incubator/rooms/${id(roomId)}`, params)

// ---- bookings ------------------------------------------------------------------------
/** In the caller's scope; params: from, to, room_id, project_id, site_id, status, mine. */
export const listBookings = (params) => get('/incubator/bookings', params)
/** body: {room_id, start, end, title, project_id?} → `{booking}`; 409 `conflict` names the overlap. */
export const createBooking = (body) => post('/incubator/bookings', body)
/** body: {room_id, start, end, title, until, project_id?} → `{series:{created, conflicts}}`. */
export const createSeries = (body) => post('/incubator/bookings/series', body)
export const cancelBooking = (bookingId) => post(`/incubator/bookings/${id(bookingId)}/cancel`)
export const noShowBooking = (bookingId) => post(`/incubator/bookings/${id(bookingId)}/no-show`)
/** The text of a room's door sign (QR), scanned by the booker. */
export const roomCheckin = (pass) => post('/incubator/checkin', { pass })

// ---- resident projects ------------------------------------------------------------------
/** params: status, site_id, college_id, mentor_id, q, page, page_size. */
export const listProjects = (params) => get('/incubator/projects', params)
export const getProject = (projectId) => get(`/incubator/projects/${id(projectId)}`)
/** Apply: body {name, source, summary?, industry?, prize_ref?, company_name?, credit_code?, site_id?}. */
export const applyProject = (body) => post('/incubator/projects', body)
export const withdrawProject = (projectId) => post(`/incubator/projects/${id(projectId)}/withdraw`)
/** body: {decision:'approve'|'reject', reason?, agreement_start?, agreement_end?, site_id?}. */
export const reviewProject = (projectId, body) => post(`/incubator/projects/${id(projectId)}/review`, body)
/** The business plan PDF itself as the body. */
export const uploadPlan = (projectId, file) =>
  request('POST', `/incubator/projects/${id(projectId)}/plan`, { file, params: { filename: file.name } })
export const planUrl = (projectId) => apiUrl(`/incubator/projects/${id(projectId)}/plan`)
/** A monthly report (月报): body {month, revenue, staff, …}. */
export const fileReport = (projectId, body) => post(`/incubator/projects/${id(projectId)}/reports`, body)
/** params: project_id, month, site_id, status. */
export const listReports = (params) => get('/incubator/reports', params)
export const listReminders = () => get('/incubator/reminders')

// ---- activities ---------------------------------------------------------------------------
/** With their figures and `my_status`; params: upcoming, from, to, kind, status, site_id. */
export const listActivities = (params) => get('/incubator/activities', params)
export const getActivity = (activityId) => get(`/incubator/activities/${id(activityId)}`)
export const registerActivity = (activityId) => post(`/incubator/activities/${id(activityId)}/register`)
export const unregisterActivity = (activityId) => post(`/incubator/activities/${id(activityId)}/unregister`)
/** `{pass:{pass, qr_svg, expires_at}}` for a registered person. */
export const activityPass = (activityId) => get(`/incubator/activities/${id(activityId)}/pass`)
export const listRegistrations = (activityId, params) => get(`/incubator/activities/${id(activityId)}/registrations`, params)
/** body: {pass} or {registration_id}. */
export const activityCheckin = (activityId, body) => post(`/incubator/activities/${id(activityId)}/checkin`, body)

// ---- the operator's dashboard -------------------------------------------------------------
export const getDashboard = () => get('/incubator/dashboard')
/** .xlsx of a list: name is sites, rooms, bookings, projects, reports, activities, indicators, months, residents… */
export const exportUrl = (name, params) => apiUrl(`/incubator/export/${id(name)}`, params)

// ---- floor plans, seats, occupancy, room rules (the operator) ---------------------------
/** params: site_id. */
export const listZones = (params) => get('/incubator/zones', params)
/** `{plan:{zone…, rooms:[room+state], seats:[seat]}}` at params.from (default now). */
export const getZonePlan = (zoneId, params) => get(`/incubator/zones/${id(zoneId)}/plan`, params)
/** body: {kind: 'hq'|'campus', name, college_id (campus), address?, area_m2} → 201 `{site}`; the same replaces one. */
export const createSite = (body) => post('/incubator/sites', body)
export const updateSite = (siteId, body) => post(`/incubator/sites/${id(siteId)}`, body)
/** body: {site_id, name, purpose?, area_m2, plan_w?, plan_h?, sort?} → 201 `{zone}`; the same replaces one. */
export const createZone = (body) => post('/incubator/zones', body)
export const updateZone = (zoneId, body) => post(`/incubator/zones/${id(zoneId)}`, body)
/** body: {zone_id, kind, name, area_m2, capacity, equipment?, x, y, w, h, rules…?} → 201 `{room}`; update replaces it whole. */
export const createRoom = (body) => post('/incubator/rooms', body)
/** Every room with `status: 'all'` (the operator). */
export const updateRoom = (roomId, body) => post(`/incubator/rooms/${id(roomId)}`, body)
/** body: {zone_id, kind, label, area_m2, capacity?, equipment?, x, y, w, h, prize_reserved?} → 201 `{seat}`. */
export const createSeat = (body) => post('/incubator/seats', body)
export const updateSeat = (seatId, body) => post(`/incubator/seats/${id(seatId)}`, body)
/** body: {project_id, start?, end?} → `{assignment}`; 409 `seat_id` when taken meanwhile. */
export const assignSeat = (seatId, body) => post(`/incubator/seats/${id(seatId)}/assign`, body)
export const releaseAssignment = (assignmentId) => post(`/incubator/assignments/${id(assignmentId)}/release`)
/** Rows per site (`level: 'site'`) each followed by its zones. */
export const getOccupancy = () => get('/incubator/occupancy')

// ---- project details (the operator and the leader) ---------------------------------------
export const updateProject = (projectId, body) => post(`/incubator/projects/${id(projectId)}`, body)
/** body: {kind:'graduated'|'exited', reason?, override?}. */
export const leaveProject = (projectId, body) => post(`/incubator/projects/${id(projectId)}/leave`, body)
export const getGraduation = (projectId) => get(`/incubator/projects/${id(projectId)}/graduation`)
/** body: {login, name} of a student account. */
export const addMember = (projectId, body) => post(`/incubator/projects/${id(projectId)}/members`, body)
export const removeMember = (projectId, accountId) => post(`/incubator/projects/${id(projectId)}/members/remove`, { account_id: accountId })
/** body: {mentor_id, remove?}. */
export const setProjectMentor = (projectId, body) => post(`/incubator/projects/${id(projectId)}/mentors`, body)
/** body: {id? (edit), title, due, done? (when it was done), note?} → `{milestone}`. */
export const saveMilestone = (projectId, body) => post(`/incubator/projects/${id(projectId)}/milestones`, body)
/** A report's hiring need → a draft position of the project's enterprise. */
export const hireFromReport = (reportId, needIndex) => post(`/incubator/reports/${id(reportId)}/hire`, { need_index: needIndex })

// ---- mentors and sessions -------------------------------------------------------------------
export const listMentors = () => get('/incubator/mentors')
/** params: project_id, mentor_id, status. */
export const listSessions = (params) => get('/incubator/sessions', params)
/** body: {project_id, mentor_id, room_id?, start, end, topic}. */
export const createSession = (body) => post('/incubator/sessions', body)
/** body: {status:'done'|'cancelled', outcome?}. */
export const logSession = (sessionId, body) => post(`/incubator/sessions/${id(sessionId)}/log`, body)
export const rateSession = (sessionId, body) => post(`/incubator/sessions/${id(sessionId)}/rate`, body)

// ---- services (资本对接, 技术对接, 成果转化, 培训) ----------------------------------------------
/** params: mine, project_id, kind, status. */
export const listServices = (params) => get('/incubator/services', params)
/** body: {kind, title, detail?}. */
export const requestService = (projectId, body) => post(`/incubator/projects/${id(projectId)}/services`, body)
export const assignService = (serviceId, assigneeId) => post(`/incubator/services/${id(serviceId)}/assign`, { assignee_id: assigneeId })
export const serviceDone = (serviceId, result) => post(`/incubator/services/${id(serviceId)}/done`, { result })
export const cancelService = (serviceId) => post(`/incubator/services/${id(serviceId)}/cancel`)
export const rateService = (serviceId, body) => post(`/incubator/services/${id(serviceId)}/rate`, body)

// ---- activities (organisers) and settings ------------------------------------------------------
export const createActivity = (body) => post('/incubator/activities', body)
export const updateActivity = (activityId, body) => post(`/incubator/activities/${id(activityId)}`, body)
/** to: open, closed, finished, cancelled. */
export const activityStatus = (activityId, to) => post(`/incubator/activities/${id(activityId)}/status`, { to })
/** An attendee's feedback: body {rating 1–5, feedback?}. */
export const activityFeedback = (activityId, body) => post(`/incubator/activities/${id(activityId)}/feedback`, body)
/** `{door:{pass, qr_svg, expires_at}}`: the room's signed check-in sign, to print on its door. */
export const roomDoorPass = (roomId) => get(`/incubator/rooms/${id(roomId)}/door-pass`)
export const getSettings = () => get('/incubator/settings')
export const saveSettings = (body) => post('/incubator/settings', body)
