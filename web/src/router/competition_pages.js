// The pages of the entrepreneurship competition (清远高新杯, issue #10), in the format of
// pages.js (which spreads these rows into its table).  One menu entry per role: the
// editions for the operator and college staff, 我的参赛 for students, 我的评审 for judges
// and mentors; everything else opens by link.  /competition sends each role to its entry
// (the back arrow of pages reached from several places).  The public certificate check
// (/verify/CODE) is in index.js, outside the app's frame.
const STAFF = ['operator', 'college']
const JUDGES = ['judge', 'mentor']
const COMP = ['operator', 'college', 'student', 'judge', 'mentor']

export const competitionPages = [
  { path: '/competition', name: 'compHome', roles: COMP, title: 'competition.menu.home', icon: 'Trophy', menu: false,
    component: () => import('@/views/competition/CompetitionHome.vue') },
  { path: '/competition/editions', name: 'compEditions', roles: STAFF, title: 'competition.menu.editions', icon: 'Trophy',
    component: () => import('@/views/competition/staff/EditionsView.vue') },
  { path: '/competition/mine', name: 'compMine', roles: ['student'], title: 'competition.menu.mine', icon: 'Trophy',
    component: () => import('@/views/competition/student/MyCompetitionView.vue') },
  { path: '/competition/judging', name: 'compJudging', roles: JUDGES, title: 'competition.menu.judging', icon: 'EditPen',
    component: () => import('@/views/competition/judge/JudgingView.vue') },
  { path: '/competition/editions/:id(\\d+)', name: 'compEdition', roles: STAFF, title: 'competition.menu.edition', icon: 'Trophy',
    menu: false, back: 'compEditions', component: () => import('@/views/competition/staff/EditionView.vue') },
  { path: '/competition/editions/:id(\\d+)/results', name: 'compResults', roles: COMP, title: 'competition.menu.results', icon: 'Trophy',
    menu: false, back: 'compHome', component: () => import('@/views/competition/PublishedResultsView.vue') },
  { path: '/competition/rounds/:id(\\d+)', name: 'compRound', roles: ['operator'], title: 'competition.menu.round', icon: 'Trophy',
    menu: false, back: 'compEditions', component: () => import('@/views/competition/operator/RoundView.vue') },
  { path: '/competition/rounds/:id(\\d+)/screen', name: 'compScreen', roles: COMP, title: 'competition.menu.screen', icon: 'Trophy',
    menu: false, component: () => import('@/views/competition/StageScreenView.vue') },
  { path: '/competition/rounds/:id(\\d+)/review', name: 'compReview', roles: JUDGES, title: 'competition.menu.review', icon: 'EditPen',
    menu: false, back: 'compJudging', component: () => import('@/views/competition/judge/ReviewView.vue') },
  { path: '/competition/rounds/:id(\\d+)/review/:team(\\d+)', name: 'compScore', roles: JUDGES, title: 'competition.menu.score', icon: 'EditPen',
    menu: false, back: 'compReview', component: () => import('@/views/competition/judge/ScoreView.vue') },
  { path: '/competition/teams/:id(\\d+)', name: 'compTeam', roles: ['operator', 'college', 'student'], title: 'competition.menu.team', icon: 'Trophy',
    menu: false, back: 'compHome', component: () => import('@/views/competition/TeamView.vue') },
  { path: '/competition/awards/:id(\\d+)/certificate', name: 'compCertificate', roles: ['operator', 'college', 'student'],
    title: 'competition.menu.certificate', icon: 'Trophy', menu: false, back: 'compHome', component: () => import('@/views/competition/CertificateView.vue') },
]

/** The public certificate check (no login), for router/index.js. */
export const verifyRoute = {
  path: '/verify/:code?', name: 'verify', meta: { public: true, title: 'competition.verify.title' }, component: () => import('@/views/competition/VerifyView.vue'),
}
