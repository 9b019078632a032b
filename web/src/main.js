// Entry point: Vue app with pinia, vue-router and vue-i18n.  Element Plus components are
// imported by the templates that use them (unplugin-vue-components, web/vite.config.js);
// the message and confirm boxes, called from scripts, bring their CSS here.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import '@/styles/main.css'

import App from './App.vue'
import { router } from '@/router'
import { i18n, startLocale } from '@/i18n'
import { configureClient } from '@/api/request'
import { useSessionStore } from '@/stores/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
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

// English, when chosen, is a chunk of its own: mount once the saved language is there.
startLocale().finally(() => app.mount('#app'))
