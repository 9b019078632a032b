// The pages of school–enterprise cooperation (校企合作) and internships (岗位实习), in
// the format of pages.js (which spreads these rows into its table).  Staff (the operator,
// college staff, enterprise HR) share one menu group; each page shows what the caller's
// role may do and the server answers in the caller's scope (docs/cooperation.md, "Who
// sees what").  HR alone keeps the internship posts; the student has one page, their
// internship, on the phone's bottom bar.
const STAFF = ['operator', 'college', 'enterprise']
const COOP = { operator: 'coop', college: 'coop', enterprise: 'coop' }

export const coopMenuGroup = { coop: { title: 'coop.menu.group', icon: 'Connection' } }

export const coopPages = [
  { path: '/coop', name: 'coopFigures', roles: STAFF, group: COOP, title: 'coop.menu.figures', icon: 'DataAnalysis',
    component: () => import('@/views/coop/figures/CoopFiguresView.vue') },
  { path: '/coop/listings', name: 'coopListings', roles: STAFF, group: COOP, title: 'coop.menu.listings', icon: 'Connection',
    component: () => import('@/views/coop/listings/ListingsView.vue') },
  { path: '/coop/visits', name: 'coopVisits', roles: STAFF, group: COOP, title: 'coop.menu.visits', icon: 'Calendar',
    component: () => import('@/views/coop/visits/VisitsView.vue') },
  { path: '/coop/visits/:id(\\d+)', name: 'coopVisit', roles: [...STAFF, 'student'], title: 'coop.menu.visit', icon: 'Calendar',
    menu: false, back: 'coopVisits', component: () => import('@/views/coop/visits/VisitView.vue') },
  { path: '/coop/meetings', name: 'coopMeetings', roles: STAFF, group: COOP, title: 'coop.menu.meetings', icon: 'Tickets',
    component: () => import('@/views/coop/meetings/MeetingsView.vue') },
  { path: '/coop/meetings/:id(\\d+)', name: 'coopMeeting', roles: STAFF, title: 'coop.menu.meeting', icon: 'Tickets',
    menu: false, back: 'coopMeetings', component: () => import('@/views/coop/meetings/MeetingView.vue') },
  { path: '/coop/agreements', name: 'coopAgreements', roles: STAFF, group: COOP, title: 'coop.menu.agreements', icon: 'Document',
    component: () => import('@/views/coop/agreements/AgreementsView.vue') },
  { path: '/coop/agreements/:id(\\d+)', name: 'coopAgreement', roles: STAFF, title: 'coop.menu.agreement', icon: 'Document',
    menu: false, back: 'coopAgreements', component: () => import('@/views/coop/agreements/AgreementView.vue') },
  { path: '/coop/order-classes', name: 'coopClasses', roles: STAFF, group: COOP, title: 'coop.menu.classes', icon: 'Reading',
    component: () => import('@/views/coop/classes/OrderClassesView.vue') },
  { path: '/coop/order-classes/:id(\\d+)', name: 'coopClass', roles: STAFF, title: 'coop.menu.class', icon: 'Reading',
    menu: false, back: 'coopClasses', component: () => import('@/views/coop/classes/OrderClassView.vue') },
  { path: '/internships/posts', name: 'internPosts', roles: ['enterprise'], group: COOP, title: 'coop.menu.posts', icon: 'Briefcase',
    component: () => import('@/views/coop/hr/PostsView.vue') },
  { path: '/internships', name: 'internships', roles: STAFF, group: COOP, title: 'coop.menu.internships', icon: 'Avatar',
    component: () => import('@/views/coop/internships/InternshipsView.vue') },
  { path: '/internships/:id(\\d+)', name: 'internship', roles: STAFF, title: 'coop.menu.internship', icon: 'Avatar',
    menu: false, back: 'internships', component: () => import('@/views/coop/internships/InternshipView.vue') },
  { path: '/my-internship', name: 'myInternship', roles: ['student'], title: 'coop.menu.myInternship', icon: 'Notebook', tab: true,
    component: () => import('@/views/coop/student/MyInternshipView.vue') },
]
