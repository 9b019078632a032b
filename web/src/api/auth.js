// Logging in and out, the session probe (/me), one's own password and two-step
// verification (两步验证), and the two public registrations.  Calls whose 401 is the
// answer itself (a wrong password, no session yet) pass expect401.
import { get, post } from './request'

// ---- session and one's own password -----------------------------------------
export const login = (loginName, password) =>
  post('/auth/login', { login: loginName, password }, { expect401: true })
export const logout = () => post('/auth/logout', {}, { expect401: true })
export const me = () => get('/me', undefined, { expect401: true })
export const changePassword = (oldPassword, newPassword) =>
  post('/me/password', { old_password: oldPassword, new_password: newPassword })

// ---- two-step verification (两步验证) ------------------------------------------
/** Second login step: {account, csrf_token, mfa}; 401 mfa_token_invalid means start again. */
export const loginMfa = (mfaToken, code) =>
  post('/auth/mfa', { mfa_token: mfaToken, code }, { expect401: true })
export const mfaStatus = () => get('/me/mfa')
/** A new secret: {secret, otpauth_uri, qr_svg}. */
export const mfaSetup = () => post('/me/mfa/setup')
/** Confirms enrolment: {recovery_codes, mfa}. */
export const mfaEnable = (code) => post('/me/mfa/enable', { code })
export const mfaDisable = (password, code) => post('/me/mfa/disable', { password, code })
export const mfaRecoveryCodes = (code) => post('/me/mfa/recovery-codes', { code })

// ---- registration (public) ---------------------------------------------------
export const registerStudent = (body) => post('/register/student', body, { expect401: true })
export const registerEnterprise = (body) => post('/register/enterprise', body, { expect401: true })
