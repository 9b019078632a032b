// The pages of the incubator (孵化器: 1 HQ + N campus bases) and its activities, in the
// format of pages.js (which spreads these rows into its table, under the 孵化器 menu
// group).  Rooms are booked by resident project members, mentors, college staff and the
// operator (the server checks each room's rules); projects are seen by those four
// (each its own scope); activities by everyone; the dashboard by the operator and officers;
// floor plans and occupancy by the operator and college staff (the operator assigns seats);
// mentoring and services by the four; the settings (room rules, criteria) by the operator.
const BOOKERS = ['operator', 'college', 'mentor', 'student']
const ALL = ['operator', 'college', 'enterprise', 'student', 'judge', 'mentor', 'officer']
const G = 'incubator'

/** The sidebar group the rows below sit in (menuGroups.incubator in pages.js). */
export const incubatorGroup = { title: 'incubator.menu.group', icon: 'OfficeBuilding' }

export const incubatorPages = [
  { path: '/incubator/rooms', name: 'incRooms', roles: BOOKERS, group: G, title: 'incubator.menu.rooms', icon: 'OfficeBuilding',
    component: () => import('@/views/incubator/RoomsView.vue') },
  { path: '/incubator/rooms/:id(\\d+)', name: 'incRoom', roles: BOOKERS, title: 'incubator.menu.room', icon: 'Calendar', menu: false,
    back: 'incRooms', component: () => import('@/views/incubator/RoomWeekView.vue') },
  { path: '/incubator/bookings', name: 'incBookings', roles: BOOKERS, group: G, title: 'incubator.menu.bookings', icon: 'Calendar',
    component: () => import('@/views/incubator/BookingsView.vue') },
  { path: '/incubator/projects', name: 'incProjects', roles: BOOKERS, group: G, title: 'incubator.menu.projects', icon: 'Briefcase',
    component: () => import('@/views/incubator/ProjectsView.vue') },
  { path: '/incubator/projects/:id(\\d+)', name: 'incProject', roles: BOOKERS, title: 'incubator.menu.project', icon: 'Briefcase',
    menu: false, back: 'incProjects', component: () => import('@/views/incubator/ProjectView.vue') },
  { path: '/incubator/activities', name: 'incActivities', roles: ALL, group: G, title: 'incubator.menu.activities', icon: 'Tickets',
    component: () => import('@/views/incubator/ActivitiesView.vue') },
  { path: '/incubator/dashboard', name: 'incDashboard', roles: ['operator', 'officer'], group: G, title: 'incubator.menu.dashboard',
    icon: 'DataAnalysis', component: () => import('@/views/incubator/operator/DashboardView.vue') },
  { path: '/incubator/plans', name: 'incPlans', roles: ['operator', 'college'], group: G, title: 'incubator.menu.plans',
    icon: 'Postcard', component: () => import('@/views/incubator/operator/PlansView.vue') },
  { path: '/incubator/mentoring', name: 'incMentoring', roles: BOOKERS, group: G, title: 'incubator.menu.mentoring',
    icon: 'Reading', component: () => import('@/views/incubator/MentoringView.vue') },
  { path: '/incubator/services', name: 'incServices', roles: BOOKERS, group: G, title: 'incubator.menu.services',
    icon: 'Connection', component: () => import('@/views/incubator/ServicesView.vue') },
  { path: '/incubator/settings', name: 'incSettings', roles: ['operator'], group: G, title: 'incubator.menu.settings',
    icon: 'Setting', component: () => import('@/views/incubator/operator/SettingsView.vue') },
]
