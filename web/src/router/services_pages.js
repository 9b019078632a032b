// The pages of the zone services (政务服务), in the format of pages.js (which spreads
// these rows into its table): officers run the case queue, escalations, investment
// projects and policy rounds; the operator reads them and the indicators; enterprise HR
// apply for a service, follow their cases' clocks, rate them and apply for policy funds.
// The server decides what each may do on a case (its `actions`).
const STAFF = ['officer', 'operator']
const HR = ['enterprise']
const GROUP = { operator: 'services', enterprise: 'services' }

export const servicesPages = [
  { path: '/service-cases', name: 'serviceCases', roles: STAFF, group: GROUP, title: 'services.menu.queue', icon: 'Stamp',
    component: () => import('@/views/services/staff/CaseQueueView.vue') },
  { path: '/service-cases/:id(\\d+)', name: 'serviceCase', roles: STAFF, title: 'services.menu.case', icon: 'Stamp',
    menu: false, back: 'serviceCases', component: () => import('@/views/services/CaseView.vue') },
  { path: '/service-escalations', name: 'serviceEscalations', roles: STAFF, group: GROUP, title: 'services.menu.escalations',
    icon: 'Document', component: () => import('@/views/services/staff/EscalationsView.vue') },
  { path: '/service-followups', name: 'serviceFollowups', roles: STAFF, group: GROUP, title: 'services.menu.followups',
    icon: 'EditPen', component: () => import('@/views/services/staff/FollowupsView.vue') },
  { path: '/service-apply', name: 'serviceApply', roles: HR, group: GROUP, title: 'services.menu.apply', icon: 'Stamp',
    component: () => import('@/views/services/hr/ApplyView.vue') },
  { path: '/my-service-cases', name: 'myServiceCases', roles: HR, group: GROUP, title: 'services.menu.myCases', icon: 'Tickets',
    component: () => import('@/views/services/hr/MyCasesView.vue') },
  { path: '/my-service-cases/:id(\\d+)', name: 'myServiceCase', roles: HR, title: 'services.menu.case', icon: 'Tickets',
    menu: false, back: 'myServiceCases', component: () => import('@/views/services/CaseView.vue') },
  { path: '/service-projects', name: 'serviceProjects', roles: STAFF, group: GROUP, title: 'services.menu.projects', icon: 'Briefcase',
    component: () => import('@/views/services/staff/ProjectsView.vue') },
  { path: '/service-rounds', name: 'serviceRounds', roles: [...STAFF, ...HR], group: GROUP, title: 'services.menu.rounds', icon: 'Postcard',
    component: () => import('@/views/services/RoundsView.vue') },
  { path: '/service-indicators', name: 'serviceIndicators', roles: STAFF, group: GROUP, title: 'services.menu.indicators',
    icon: 'DataAnalysis', component: () => import('@/views/services/staff/IndicatorsView.vue') },
  { path: '/service-items', name: 'serviceItems', roles: STAFF, group: GROUP, title: 'services.menu.items',
    icon: 'Notebook', component: () => import('@/views/services/staff/ItemsView.vue') },
  { path: '/service-calendar', name: 'serviceCalendar', roles: STAFF, group: GROUP, title: 'services.menu.calendar',
    icon: 'Calendar', component: () => import('@/views/services/staff/CalendarView.vue') },
]
