// Entry point: Vue app with pinia, vue-router, vue-i18n and Element Plus.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import '@/styles/main.css'

import App from './App.vue'
import { router } from '@/router'
import { i18n, applyDocumentLocale } from '@/i18n'
import { configureClient } from '@/api/request'
import { useSessionStore } from '@/stores/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
app.use(router)

const session = useSessionStore(pinia)
configureClient({
  getCsrfToken: () => session.csrfToken,
  // A 401 on an ordinary call: the session ended (idle timeout, disabled, logged out
  // elsewhere).  Forget it and go to the login page, coming back here afterwards.
  onUnauthorized: () => {
    const wasLoggedIn = session.loggedIn
    session.clear()
    const current = router.currentRoute.value
    if (current.meta.public) return
    if (wasLoggedIn) ElMessage.warning({ message: i18n.global.t('login.expired'), grouping: true })
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  },
})

applyDocumentLocale()
app.mount('#app')
