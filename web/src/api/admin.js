// Administration: accounts, organisations (the operator's review and creation; each
// organisation's own profile) and the audit log, with their .xlsx exports.
import { get, post, apiUrl, id } from './request'

// ---- accounts ----------------------------------------------------------------
export const listAccounts = (params) => get('/accounts', params)
export const getAccount = (accountId) => get(`/accounts/${id(accountId)}`)
export const createAccount = (body) => post('/accounts', body)
export const disableAccount = (accountId) => post(`/accounts/${id(accountId)}/disable`)
export const enableAccount = (accountId) => post(`/accounts/${id(accountId)}/enable`)
export const resetAccountPassword = (accountId, password) =>
  post(`/accounts/${id(accountId)}/password`, { password })
/** Turns an account's two-step verification off (it enrols again at its next login). */
export const resetAccountMfa = (accountId) => post(`/accounts/${id(accountId)}/mfa/reset`)
export const accountsExportUrl = (params) => apiUrl('/accounts/export', params)

// ---- organisations -------------------------------------------------------------
export const listOrganizations = (params) => get('/organizations', params)
export const createOrganization = (body) => post('/organizations', body)
export const approveOrganization = (orgId) => post(`/organizations/${id(orgId)}/approve`)
export const rejectOrganization = (orgId, reason) =>
  post(`/organizations/${id(orgId)}/reject`, { reason })
export const organizationsExportUrl = (params) => apiUrl('/organizations/export', params)
/** The caller's own organisation (college and enterprise staff). */
export const myOrganization = () => get('/organizations/mine')
export const updateOrganization = (orgId, body) => post(`/organizations/${id(orgId)}`, body)

// ---- audit log -------------------------------------------------------------------
export const listAudit = (params) => get('/audit', params)
/** URL of the .xlsx export for the given filters (a plain GET download, no token needed). */
export const auditExportUrl = (params) => apiUrl('/audit/export', params)

// ---- API tokens of the caller's organisation ------------------------------------------
export const listOrgTokens = () => get('/organizations/mine/tokens')
/** Answers {token, secret}: the secret is shown this once. */
export const createOrgToken = (body) => post('/organizations/mine/tokens', body)
export const revokeOrgToken = (tokenId) => post(`/organizations/mine/tokens/${id(tokenId)}/revoke`)
