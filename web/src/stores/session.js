// Session store: who is logged in (the account from /me or /auth/login) and the
// CSRF token every write must carry.  `load()` asks the server once per page load;
// the router waits for it before deciding where a visitor may go.  `mfa` is the
// account's two-step verification status: an operator or officer who has not enrolled
// (mfaEnrolmentRequired) may only reach the enrolment page until they do.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as auth from '@/api/auth'
import { forgetPasses } from '@/utils/offlinePass'

export const useSessionStore = defineStore('session', () => {
  const account = ref(null)
  const csrfToken = ref(null)
  const mfa = ref(null)
  const loaded = ref(false)
  // Which navigation last set the account: a page shown by that same navigation
  // (isFresh) need not ask /me again.
  let navigation = 0
  let setIn = -1

  const role = computed(() => (account.value ? account.value.role : null))
  const org = computed(() => (account.value ? account.value.org : null))
  const loggedIn = computed(() => account.value !== null)
  const mfaEnrolmentRequired = computed(() => !!(mfa.value && mfa.value.enrolment_required))

  function set(answer) {
    account.value = (answer && answer.account) || null
    csrfToken.value = (answer && answer.csrf_token) || null
    mfa.value = (answer && answer.mfa) || null
    loaded.value = true
    setIn = navigation
  }

  function clear() {
    account.value = null
    csrfToken.value = null
    mfa.value = null
    loaded.value = true
    setIn = navigation
  }

  /** Called by the router as each navigation starts. */
  function navigationStarted() {
    navigation += 1
  }

  /** True when the account was read during the current navigation. */
  function isFresh() {
    return loaded.value && setIn === navigation
  }

  /** Asks /me once; a 401 simply means nobody is logged in. */
  async function load(force = false) {
    if (loaded.value && !force) return
    try {
      set(await auth.me())
    } catch (e) {
      if (e.status === 401) clear()
      else throw e
    }
  }

  /**
   * First login step.  Returns {mfaToken} when the account asks for its second factor
   * (no session yet: finish with loginMfa), else null (logged in).
   */
  async function login(loginName, password) {
    const answer = await auth.login(loginName, password)
    if (answer && answer.mfa_required) return { mfaToken: answer.mfa_token }
    set(answer)
    return null
  }

  async function loginMfa(mfaToken, code) {
    set(await auth.loginMfa(mfaToken, code))
  }

  async function logout() {
    try {
      await auth.logout()
    } finally {
      forgetPasses()
      clear()
    }
  }

  return {
    account, csrfToken, mfa, loaded, role, org, loggedIn, mfaEnrolmentRequired,
    set, clear, load, login, loginMfa, logout, navigationStarted, isFresh,
  }
})
