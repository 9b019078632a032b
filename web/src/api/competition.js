// The entrepreneurship competition (清远高新杯): one function per endpoint of docs/api.md
// "The entrepreneurship competition", over request.js's helpers (JSON with the
// session cookie, X-CSRF-Token on writes, errors thrown as ApiError, 401 → /login).
import { get, post, upload, apiUrl, id } from './request'

const C = '/competition'

// ---- editions, tracks, rounds (operator; everyone reads) ----------------------------
/** `{items:[edition]}` newest first (drafts for the operator only). */
export const listEditions = () => get(`${C}/editions`)
/** `{edition}` with `tracks` and `rounds`. */
export const getEdition = (editionId) => get(`${C}/editions/${id(editionId)}`)
export const createEdition = (body) => post(`${C}/editions`, body)
export const updateEdition = (editionId, body) => post(`${C}/editions/${id(editionId)}`, body)
/** to: the next status (draft → open → judging → finished). */
export const setEditionStatus = (editionId, to) => post(`${C}/editions/${id(editionId)}/status`, { to })
export const createTrack = (editionId, body) => post(`${C}/editions/${id(editionId)}/tracks`, body)
export const updateTrack = (trackId, body) => post(`${C}/tracks/${id(trackId)}`, body)
export const createRound = (editionId, body) => post(`${C}/editions/${id(editionId)}/rounds`, body)
/** `{round}` with `criteria` (the score sheet) and `tracks` (quotas and prize counts). */
export const getRound = (roundId) => get(`${C}/rounds/${id(roundId)}`)
export const updateRound = (roundId, body) => post(`${C}/rounds/${id(roundId)}`, body)
/** criteria: [{name, weight, description?, anchors?:[{score, text}]}] (weights add to 100). */
export const saveSheet = (roundId, criteria) => post(`${C}/rounds/${id(roundId)}/sheet`, { criteria })
/** quotas: [{track_id, quota, first_prizes?, second_prizes?, third_prizes?, merit_prizes?}]. */
export const saveQuotas = (roundId, quotas) => post(`${C}/rounds/${id(roundId)}/quotas`, { quotas })

// ---- teams ----------------------------------------------------------------------------
/** Paged: `track_id`, `college_id`, `status`, `q`, `page`, `page_size`. */
export const listTeams = (editionId, params) => get(`${C}/editions/${id(editionId)}/teams`, params)
export const teamsExportUrl = (editionId, params) => apiUrl(`${C}/editions/${id(editionId)}/teams/export`, params)
/** Eligibility of every endorsed team: `{items:[{team_id, status, status_label, reasons}]}`. */
export const checkEdition = (editionId) => post(`${C}/editions/${id(editionId)}/check`)
/** Entries to declare conflicts against: `{items:[{id, name, track, college}]}`. */
export const listEntries = (editionId) => get(`${C}/editions/${id(editionId)}/entries`)
/** Published results of the rounds that are done (no scores, no judges). */
export const editionResults = (editionId) => get(`${C}/editions/${id(editionId)}/results`)
export const editionStats = (editionId) => get(`${C}/editions/${id(editionId)}/stats`)
/** table: colleges | tracks | judges | rounds. */
export const statsExportUrl = (editionId, table) => apiUrl(`${C}/editions/${id(editionId)}/stats/export`, { table })
export const listAppeals = (editionId, params) => get(`${C}/editions/${id(editionId)}/appeals`, params)
/** Student: form a team as its leader → `{id}`. */
export const createTeam = (editionId, body) => post(`${C}/editions/${id(editionId)}/teams`, body)
/** Student: teams they lead, belong to or are invited to. */
export const myTeams = () => get(`${C}/teams/mine`)
/** `{team}` as the caller may see it (`my_access` says how). */
export const getTeam = (teamId) => get(`${C}/teams/${id(teamId)}`)
export const updateTeam = (teamId, body) => post(`${C}/teams/${id(teamId)}`, body)
/** body: {college_id, student_no, name} as on the student card. */
export const inviteMember = (teamId, body) => post(`${C}/teams/${id(teamId)}/members`, body)
export const removeMember = (teamId, studentId) => post(`${C}/teams/${id(teamId)}/members/remove`, { student_id: studentId })
export const acceptInvitation = (teamId) => post(`${C}/teams/${id(teamId)}/accept`)
export const declineInvitation = (teamId) => post(`${C}/teams/${id(teamId)}/decline`)
/** advisors: 1–2 of {account_id} or {name, college_id?, title?}. */
export const setAdvisors = (teamId, advisors) => post(`${C}/teams/${id(teamId)}/advisors`, { advisors })
export const setMentors = (teamId, mentorIds) => post(`${C}/teams/${id(teamId)}/mentors`, { mentor_ids: mentorIds })
/** The business plan: a PDF File as the body (≤ 10 MiB). */
export const uploadPlan = (teamId, file) => upload(`${C}/teams/${id(teamId)}/plan`, file)
export const planUrl = (teamId) => apiUrl(`${C}/teams/${id(teamId)}/plan`)
export const submitTeam = (teamId) => post(`${C}/teams/${id(teamId)}/submit`)
export const recallTeam = (teamId) => post(`${C}/teams/${id(teamId)}/recall`)
export const withdrawTeam = (teamId) => post(`${C}/teams/${id(teamId)}/withdraw`)
/** College: 推荐 (ok true) or return with a reason (ok false). */
export const endorseTeam = (teamId, ok, reason) =>
  post(`${C}/teams/${id(teamId)}/endorse`, ok ? { ok: true } : { ok: false, reason })
export const checkTeam = (teamId) => post(`${C}/teams/${id(teamId)}/check`)
export const fileAppeal = (teamId, roundId, text) => post(`${C}/teams/${id(teamId)}/appeals`, { round_id: roundId, text })
/** decision: upheld | rejected; reinstate (upheld only). */
export const answerAppeal = (appealId, body) => post(`${C}/appeals/${id(appealId)}/answer`, body)

// ---- prizes, certificates, seats --------------------------------------------------------
export const getCertificate = (awardId) => get(`${C}/awards/${id(awardId)}/certificate`)
export const offerSeat = (awardId, offer) => post(`${C}/awards/${id(awardId)}/seat`, { offer })
export const answerSeat = (awardId, accept) => post(`${C}/awards/${id(awardId)}/seat/answer`, { accept })
/** Anyone: what a certificate says, by its 12-character code (404 when unknown). */
export const verifyCertificate = (code) => get(`/public/certificates/${id(code)}`)

// ---- judges and conflicts ---------------------------------------------------------------
/** Judge or mentor: the editions they judge, with their rounds and progress. */
export const myJudging = () => get(`${C}/judging`)
export const listJudges = (editionId) => get(`${C}/editions/${id(editionId)}/judges`)
/** body: {account_id, track_ids, college_id?, enterprise_id?, title?}. */
export const inviteJudge = (editionId, body) => post(`${C}/editions/${id(editionId)}/judges`, body)
/** `{judge}` with `conflict_list`. */
export const getJudge = (judgeId) => get(`${C}/judges/${id(judgeId)}`)
export const updateJudge = (judgeId, body) => post(`${C}/judges/${id(judgeId)}`, body)
export const respondJudge = (judgeId, accept, trackIds) =>
  post(`${C}/judges/${id(judgeId)}/respond`, trackIds ? { accept, track_ids: trackIds } : { accept })
/** body: {team_id, kind, note?}. */
export const declareConflict = (judgeId, body) => post(`${C}/judges/${id(judgeId)}/conflicts`, body)
export const deleteConflict = (conflictId) => post(`${C}/conflicts/${id(conflictId)}/delete`)

// ---- assignment, scores, results ---------------------------------------------------------
/** Runs the assignment; 422 `infeasible` carries `details.short_teams`. */
export const assignRound = (roundId) => post(`${C}/rounds/${id(roundId)}/assign`)
export const roundAssignments = (roundId) => get(`${C}/rounds/${id(roundId)}/assignments`)
export const swapJudge = (roundId, body) => post(`${C}/rounds/${id(roundId)}/swap`, body)
/** One more judge for each team (default: the teams the cut-off straddles). */
export const addExtraJudges = (roundId, teamIds) => post(`${C}/rounds/${id(roundId)}/extra`, teamIds ? { team_ids: teamIds } : {})
/** Judge: their assigned teams of the round with their own scores. */
export const reviewRound = (roundId) => get(`${C}/rounds/${id(roundId)}/review`)
/** Judge: body {team_id, marks, comment?, submit?}. */
export const saveScore = (roundId, body) => post(`${C}/rounds/${id(roundId)}/scores`, body)
export const listScores = (roundId, params) => get(`${C}/rounds/${id(roundId)}/scores`, params)
export const scoresExportUrl = (roundId) => apiUrl(`${C}/rounds/${id(roundId)}/scores/export`)
export const amendScore = (scoreId, body) => post(`${C}/scores/${id(scoreId)}/amend`, body)
export const roundResults = (roundId) => get(`${C}/rounds/${id(roundId)}/results`)
export const resultsExportUrl = (roundId) => apiUrl(`${C}/rounds/${id(roundId)}/results/export`)
export const promoteRound = (roundId) => post(`${C}/rounds/${id(roundId)}/promote`)
export const publishRound = (roundId) => post(`${C}/rounds/${id(roundId)}/publish`)

// ---- the roadshow (路演) ------------------------------------------------------------------
export const setRunningOrder = (roundId, teamIds) => post(`${C}/rounds/${id(roundId)}/order`, { team_ids: teamIds })
/** action: call | start | pause | reset | reveal | clear (team_id for call). */
export const stageAction = (roundId, action, teamId) =>
  post(`${C}/rounds/${id(roundId)}/stage`, teamId ? { action, team_id: teamId } : { action })
export const getStage = (roundId) => get(`${C}/rounds/${id(roundId)}/stage`)
/** The round's Server-Sent Events (`stage`, `scores`): what changed, re-read the stage. */
export const stageLiveUrl = (roundId) => apiUrl(`${C}/rounds/${id(roundId)}/live`)
/** A QR code (SVG) of a text, e.g. the verification address printed on a certificate. */
export const qrUrl = (text) => apiUrl('/qr.svg', { text })
