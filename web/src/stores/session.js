// Session store: who is logged in (the account from /me or /auth/login) and the
// CSRF token every write must carry.  `load()` asks the server once per page load;
// the router waits for it before deciding where a visitor may go.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import api from '../api/client'

export const useSessionStore = defineStore('session', () => {
  const account = ref(null)
  const csrfToken = ref(null)
  const loaded = ref(false)

  const role = computed(() => (account.value ? account.value.role : null))
  const org = computed(() => (account.value ? account.value.org : null))
  const loggedIn = computed(() => account.value !== null)

  function set(answer) {
    account.value = (answer && answer.account) || null
    csrfToken.value = (answer && answer.csrf_token) || null
    loaded.value = true
  }

  function clear() {
    account.value = null
    csrfToken.value = null
    loaded.value = true
  }

  /** Asks /me once; a 401 simply means nobody is logged in. */
  async function load(force = false) {
    if (loaded.value && !force) return
    try {
      set(await api.me())
    } catch (e) {
      if (e.status === 401) clear()
      else throw e
    }
  }

  async function login(loginName, password) {
    set(await api.login(loginName, password))
  }

  async function logout() {
    try {
      await api.logout()
    } finally {
      clear()
    }
  }

  return { account, csrfToken, loaded, role, org, loggedIn, set, clear, load, login, logout }
})
