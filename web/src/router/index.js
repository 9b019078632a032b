// vue-router (history mode).  Public pages: login and the two registrations; the
// activation-code slips print outside the app frame.
// Everything else lives inside AppLayout and is generated from pages.js; the guard
// sends visitors without a session to /login and keeps each role to its own pages
// (another role's page shows /forbidden, which leads back home).
// An operator or officer without two-step verification sees only /mfa/setup until
// they enrol (the server refuses everything else to that session anyway).
import { createRouter, createWebHistory } from 'vue-router'
import { pages } from './pages'
import { verifyRoute } from './competition_pages'
import { useSessionStore } from '@/stores/session'
import { loadMessageArea, setPageTitle } from '@/i18n'
import { prefetchStudentPage } from '@/api/prefetch'
import LoginView from '@/views/auth/LoginView.vue'

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, guestOnly: true, title: 'login.title' } },
  { path: '/register/student', name: 'registerStudent', meta: { public: true, guestOnly: true, title: 'login.registerStudent' },
    component: () => import('@/views/auth/RegisterStudentView.vue') },
  { path: '/register/enterprise', name: 'registerEnterprise', meta: { public: true, guestOnly: true, title: 'login.registerEnterprise' },
    component: () => import('@/views/auth/RegisterEnterpriseView.vue') },
  { path: '/mfa/setup', name: 'mfaSetup', meta: { mfaSetup: true, title: 'mfa.title' },
    component: () => import('@/views/auth/MfaSetupView.vue') },
  // Activation code slips to print: a page of its own, without the app's frame.
  { path: '/claims/print', name: 'claimsPrint', meta: { roles: ['operator', 'college'], title: 'claims.print.title' },
    component: () => import('@/views/claim/ClaimsPrintView.vue') },
  // A competition certificate's public check (the QR code on the printed certificate).
  verifyRoute,
  {
    path: '/',
    // Lazy like the pages: the login page does not download the menu, the drawer and the
    // top bar's dropdown (the router fetches the frame and the page side by side).
    component: () => import('@/layout/AppLayout.vue'),
    redirect: '/home',
    children: [
      ...pages.map((p) => ({
        path: p.path,
        name: p.name,
        component: p.component,
        meta: { roles: p.roles, title: p.title, back: p.back || null, messages: p.messages || null },
      })),
      // Where the guard sends a URL the role may not open (the URL asked for in ?from).
      { path: '/forbidden', name: 'forbidden', meta: { title: 'forbidden.title' },
        component: () => import('@/views/home/ForbiddenView.vue') },
      { path: '/:rest(.*)*', name: 'notFound', meta: { title: 'notFound.title' },
        component: () => import('@/views/home/NotFoundView.vue') },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  // Back to a list (e.g. the job search, kept alive): where the reader was.
  scrollBehavior: (_to, _from, saved) => saved || { top: 0 },
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  session.navigationStarted()
  if (!session.loaded) {
    try {
      await session.load()
    } catch {
      session.clear() // server unreachable: treat as logged out; login shows the error
    }
  }
  if (to.meta.public) {
    if (to.meta.guestOnly && session.loggedIn) return { name: session.mfaEnrolmentRequired ? 'mfaSetup' : 'home' }
    await startLoading(to)
    return true
  }
  if (!session.loggedIn) {
    return { name: 'login', query: to.fullPath !== '/home' && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (session.mfaEnrolmentRequired !== !!to.meta.mfaSetup) {
    if (!session.mfaEnrolmentRequired) return { name: 'home' }
    return { name: 'mfaSetup', query: to.fullPath !== '/home' && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (to.meta.roles && !to.meta.roles.includes(session.role)) {
    return { name: 'forbidden', query: { from: to.fullPath }, replace: true }
  }
  // A student page's data (the job search, a position, the fair, the entry pass) is asked
  // for while its code downloads (api/prefetch.js), and before it: a phone's six
  // connections then go to the code's many files, and a request made after them waits
  // its turn.
  if (session.role === 'student') prefetchStudentPage(to)
  await startLoading(to)
  return true
})

// The page's code (and the frame's) starts downloading now: the router would only ask
// for it after every guard (import() fetches a module once, so nothing is fetched twice).
// /me, which the guard waits for, is preloaded by index.html and seldom holds this up.
// Resolves once the messages of the page's area (its title's first part, e.g. coop, or
// the section its table names as `messages`) are there, fetched beside the code; an area
// that cannot be fetched does not stop the page.
function startLoading(to) {
  for (const record of to.matched) {
    const c = record.components && record.components.default
    if (typeof c === 'function') c().catch(() => {})
  }
  const sections = [to.meta.title && to.meta.title.split('.')[0], to.meta.messages].filter(Boolean)
  return Promise.all(sections.map((s) => loadMessageArea(s).catch(() => {})))
}

// Every page names itself in the browser's tab (and to screen readers, which read the
// title after a navigation).
router.afterEach((to, _from, failure) => {
  if (!failure) setPageTitle(to.meta.title)
})

export default router
