// Element Plus form rules shared by forms.  Messages are functions so that they
// follow a language switch.
import { i18n } from '@/i18n'
import { creditCodeProblem } from './creditCode'

const t = (key, args) => i18n.global.t(key, args)

export const LOGIN_PATTERN = /^[A-Za-z0-9_.@-]{3,64}$/

export const required = (trigger = 'blur') => ({ required: true, message: () => t('validation.required'), trigger })

export const maxChars = (n) => ({
  validator: (_r, v, cb) => ([...String(v || '')].length > n ? cb(new Error(t('validation.maxLength', { n }))) : cb()),
  trigger: 'blur',
})

export const loginRule = {
  validator: (_r, v, cb) =>
    LOGIN_PATTERN.test(String(v || '')) ? cb() : cb(new Error(t('validation.loginFormat', { at: '@' }))),
  trigger: 'blur',
}

/** At least 10 Unicode characters, at most 128 (same policy as the server). */
export const passwordRule = {
  validator: (_r, v, cb) => {
    const n = [...String(v || '')].length
    if (n < 10) cb(new Error(t('validation.passwordLength')))
    else if (n > 128) cb(new Error(t('validation.maxLength', { n: 128 })))
    else cb()
  },
  trigger: 'blur',
}

/** The confirmation must equal getPassword(). */
export const confirmRule = (getPassword) => ({
  validator: (_r, v, cb) => (v === getPassword() ? cb() : cb(new Error(t('validation.passwordMismatch')))),
  trigger: 'blur',
})

/**
 * A unified social credit code (GB 32100-2015, check character included); applies(),
 * when given, says whether the field is in use (an enterprise, not a college).
 */
export const creditCodeRule = (applies = () => true) => ({
  validator: (_r, v, cb) => {
    const problem = applies() ? creditCodeProblem(v) : null
    if (!problem) return cb()
    return cb(new Error(t({ length: 'validation.creditLength', alphabet: 'validation.creditAlphabet', check: 'validation.creditCheck' }[problem])))
  },
  trigger: 'blur',
})

/** A credit code as typed (blanks, lower case) in the form the rule and the server read. */
export const normaliseCreditCode = (v) => String(v || '').replace(/\s+/g, '').toUpperCase()

/** Rules for a new password at model[prop] and its confirmation at model[confirmProp]. */
export const newPasswordRules = (model, prop = 'password', confirmProp = 'confirm') => ({
  [prop]: [required(), passwordRule],
  [confirmProp]: [required(), confirmRule(() => model[prop])],
})
