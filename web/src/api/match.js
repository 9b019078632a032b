// Matching: recommendations (为你推荐), candidates of a position (推荐人选), the
// explanation of one pair, and centralised match rounds (集中匹配).
import { get, post, id } from './request'

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
