// Claiming student records (学籍认领), the college's side: classes, records, attempts,
// activation codes (generated once, exported as .xlsx), unlock and reset.
import { get, post, request, id } from './request'

// ---- claiming student records (学籍认领): the college's side ------------------------------
export const claimClasses = (params) => get('/claims/classes', params)
export const claimRecords = (params) => get('/claims/records', params)
export const claimAttempts = (params) => get('/claims/attempts', params)
export const generateClaimCodes = (body) => post('/claims/codes', body)
/** The codes the page holds, as an .xlsx Blob (the server checks each one). */
export const exportClaimCodes = (items) => request('POST', '/claims/codes/export', { body: { items }, asBlob: true })
export const unlockClaim = (studentId) => post(`/claims/${id(studentId)}/unlock`)
export const resetClaim = (studentId, reason) => post(`/claims/${id(studentId)}/reset`, { reason })
