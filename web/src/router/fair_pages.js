// The pages of job fairs and recruitment sessions (招聘会 / 专场宣讲), in the format of
// pages.js (which spreads these rows into its table).  The list is for every role; a
// fair's page shows tabs by role; the gate, statistics and wall view are for the
// organisers (the operator and staff of the host college — the server checks which
// college); the booth console and the entry pass are HR's and students' own pages.
const ORGANISERS = ['operator', 'college']
const ALL = ['operator', 'college', 'enterprise', 'student', 'judge', 'mentor', 'officer']

export const fairPages = [
  { path: '/fairs', name: 'fairs', roles: ALL, title: 'fair.menu.list', icon: 'Calendar',
    component: () => import('@/views/fair/FairListView.vue') },
  { path: '/fairs/:id(\\d+)', name: 'fair', roles: ALL, title: 'fair.menu.fair', icon: 'Calendar', menu: false,
    back: 'fairs', component: () => import('@/views/fair/FairView.vue') },
  { path: '/fairs/:id(\\d+)/gate', name: 'fairGate', roles: ORGANISERS, title: 'fair.menu.gate', icon: 'Calendar',
    menu: false, back: 'fair', component: () => import('@/views/fair/staff/GateView.vue') },
  { path: '/fairs/:id(\\d+)/stats', name: 'fairStats', roles: ORGANISERS, title: 'fair.menu.stats', icon: 'DataAnalysis',
    menu: false, back: 'fair', component: () => import('@/views/fair/staff/StatsView.vue') },
  { path: '/fairs/:id(\\d+)/wall', name: 'fairWall', roles: ORGANISERS, title: 'fair.menu.wall', icon: 'DataAnalysis',
    menu: false, back: 'fair', component: () => import('@/views/fair/staff/WallView.vue') },
  { path: '/fairs/:id(\\d+)/booths/:booth(\\d+)/sign', name: 'fairBoothSign', roles: ['operator'], title: 'fair.menu.sign',
    icon: 'Calendar', menu: false, back: 'fair', component: () => import('@/views/fair/operator/BoothSignView.vue') },
  // Written by the engineer of the HR and student fair pages.
  { path: '/fairs/:id(\\d+)/booth', name: 'fairBooth', roles: ['enterprise', 'operator'], title: 'fair.menu.booth',
    icon: 'Calendar', menu: false, back: 'fair', component: () => import('@/views/fair/hr/BoothConsoleView.vue') },
  { path: '/fairs/:id(\\d+)/pass', name: 'fairPass', roles: ['student'], title: 'fair.menu.pass',
    icon: 'Calendar', menu: false, back: 'fair', component: () => import('@/views/fair/student/PassView.vue') },
]
