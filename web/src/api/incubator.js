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
