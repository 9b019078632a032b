// The page table: one row per page of the logged-in app.  The router and the
// sidebar menu are both generated from it, so adding a page is adding one row.
//
//   path       URL under "/" (history mode; the server answers index.html for it)
//   name       route name (also the menu key)
//   roles      roles allowed to open the page; the sidebar shows it only to them
//   title      i18n key of the page and menu title
//   icon       name of an icon in ../components/icons.js
//   group      optional key in menuGroups: shown inside that sidebar sub-menu
//              (or { role: key } to group it for some roles only)
//   menu       false to keep a page out of the sidebar (still routable)
//   tab        true: also a tab of the phone's bottom bar (student pages)
//   back       route name the top bar's back arrow leads to (detail pages)
//   badge      true: the menu item and tab show the unread-message count (站内消息)
//   component  lazily loaded view
//   preload    API paths the page asks for first, always the same (api/prefetch.js's):
//              the server names them in the index.html it answers the page's URL with,
//              so they download beside the app's code (web/vite/routePreload.js)
//
// The server enforces the same roles on every API call; this table only decides
// what the UI offers.

import { fairPages } from './fair_pages'
import { competitionPages } from './competition_pages'
import { servicesPages } from './services_pages'
import { coopMenuGroup, coopPages } from './coop_pages'
import { incubatorGroup, incubatorPages } from './incubator_pages'

export const ROLES = ['operator', 'college', 'enterprise', 'student', 'judge', 'mentor', 'officer']
const ALL = ROLES

export const menuGroups = {
  recruit: { title: 'menuGroup.recruit', icon: 'Briefcase' },
  orgs: { title: 'menuGroup.orgs', icon: 'OfficeBuilding' },
  system: { title: 'menuGroup.system', icon: 'Setting' },
  services: { title: 'services.menu.group', icon: 'Stamp' },
  ...coopMenuGroup,
  incubator: incubatorGroup,
}

const OP = ['operator']
const STUDENT = ['student']
const HR = ['enterprise']
const COLLEGE = ['college']

export const pages = [
  { path: '/home', name: 'home', roles: ALL, title: 'menu.home', icon: 'HomeFilled',
    component: () => import('@/views/home/HomeView.vue') },
  // Job fairs and recruitment sessions (招聘会): the list in the menu, the rest by link.
  ...fairPages,
  // The entrepreneurship competition (清远高新杯): one entry per role, the rest by link.
  ...competitionPages,
  // The incubator: rooms and bookings, resident projects, activities, the dashboard.
  ...incubatorPages,

  // Student (phone first)
  { path: '/recommendations', name: 'recommend', roles: STUDENT, title: 'menu.recommend', icon: 'MagicStick', tab: true,
    component: () => import('@/views/recruit/student/RecommendView.vue') },
  { path: '/jobs', name: 'jobs', roles: STUDENT, title: 'menu.jobs', icon: 'Search', tab: true,
    preload: ['/students/me', '/applications?page_size=200'],
    component: () => import('@/views/recruit/student/JobSearchView.vue') },
  { path: '/jobs/:id(\\d+)', name: 'jobDetail', roles: ALL, title: 'menu.jobDetail', icon: 'Briefcase', menu: false,
    back: 'jobs', component: () => import('@/views/recruit/JobDetailView.vue') },
  { path: '/my-applications', name: 'myApplications', roles: STUDENT, title: 'menu.myApplications', icon: 'Tickets', tab: true, badge: true,
    component: () => import('@/views/recruit/student/MyApplicationsView.vue') },
  { path: '/my-applications/:id(\\d+)', name: 'myApplication', roles: STUDENT, title: 'menu.myApplication', icon: 'Tickets',
    menu: false, back: 'myApplications', component: () => import('@/views/recruit/student/MyApplicationView.vue') },
  { path: '/profile', name: 'profile', roles: STUDENT, title: 'menu.profile', icon: 'Postcard', tab: true,
    component: () => import('@/views/recruit/student/ProfileView.vue') },

  // Enterprise HR
  { path: '/my-positions', name: 'myPositions', roles: HR, title: 'menu.myPositions', icon: 'Briefcase',
    component: () => import('@/views/recruit/hr/MyPositionsView.vue') },
  { path: '/pipeline', name: 'pipeline', roles: HR, title: 'menu.pipeline', icon: 'Tickets', badge: true,
    component: () => import('@/views/recruit/hr/PipelineView.vue') },
  { path: '/talent', name: 'talent', roles: HR, title: 'menu.talent', icon: 'Avatar',
    component: () => import('@/views/recruit/StudentsView.vue') },
  { path: '/candidates', name: 'candidates', roles: HR, title: 'menu.candidates', icon: 'MagicStick',
    component: () => import('@/views/recruit/hr/CandidatesView.vue') },

  // Operator and college staff: recruitment
  { path: '/position-review', name: 'positionReview', roles: OP, group: 'recruit', title: 'menu.positionReview', icon: 'Stamp',
    component: () => import('@/views/recruit/operator/PositionReviewView.vue') },
  { path: '/positions', name: 'positions', roles: OP, group: 'recruit', title: 'menu.positions', icon: 'Briefcase',
    component: () => import('@/views/recruit/operator/PositionsView.vue') },
  // Centralised match rounds (集中匹配): one list and one page per round for the
  // operator (console), students (志愿) and HR (rankings).
  { path: '/match-rounds', name: 'matchRounds', roles: ['operator', 'student', 'enterprise'], group: { operator: 'recruit' },
    title: 'menu.matchRounds', icon: 'Connection', component: () => import('@/views/match/RoundsView.vue') },
  { path: '/match-rounds/:id(\\d+)', name: 'matchRound', roles: ['operator', 'student', 'enterprise'], title: 'menu.matchRound',
    icon: 'Connection', menu: false, back: 'matchRounds', component: () => import('@/views/match/RoundView.vue') },
  { path: '/students', name: 'students', roles: ['operator', 'college'], group: { operator: 'recruit' },
    title: 'menu.students', icon: 'Reading', component: () => import('@/views/recruit/StudentsView.vue') },
  // 学籍认领: activation codes, claim attempts, unlocks and resets (printing: router/index.js).
  { path: '/claims', name: 'claims', roles: ['operator', 'college'], group: { operator: 'recruit' },
    title: 'menu.claims', icon: 'Key', messages: 'claims', component: () => import('@/views/claim/ClaimsView.vue') },
  { path: '/applications', name: 'applications', roles: ['operator', 'college'], group: { operator: 'recruit' },
    title: 'menu.applications', icon: 'Tickets', component: () => import('@/views/recruit/staff/ApplicationsView.vue') },
  // Reported message threads (站内消息举报): the operator reads them (audited) and closes reports.
  { path: '/message-reports', name: 'messageReports', roles: OP, group: 'recruit', title: 'messages.reports.menu', icon: 'ChatDotRound',
    component: () => import('@/views/recruit/operator/MessageReportsView.vue') },
  { path: '/employment', name: 'employment', roles: ['operator', 'college'], group: { operator: 'recruit' },
    title: 'menu.employment', icon: 'DataAnalysis', component: () => import('@/views/recruit/staff/EmploymentView.vue') },

  // Zone services (政务服务): cases and their clocks, projects, policy rounds, indicators.
  ...servicesPages,
  // School–enterprise cooperation and internships (校企合作, 岗位实习): one menu group for staff,
  // 我的实习 for students.
  ...coopPages,

  // Own organisation profile
  { path: '/enterprise-profile', name: 'enterpriseProfile', roles: HR, title: 'menu.enterpriseProfile', icon: 'OfficeBuilding',
    component: () => import('@/views/org/OrgProfileView.vue') },
  { path: '/college-profile', name: 'collegeProfile', roles: COLLEGE, title: 'menu.collegeProfile', icon: 'School',
    component: () => import('@/views/org/OrgProfileView.vue') },

  { path: '/enterprise-review', name: 'enterpriseReview', roles: OP, group: 'orgs',
    title: 'menu.enterpriseReview', icon: 'Stamp',
    component: () => import('@/views/admin/EnterpriseReviewView.vue') },
  { path: '/organizations', name: 'organizations', roles: OP, group: 'orgs',
    title: 'menu.organizations', icon: 'OfficeBuilding',
    component: () => import('@/views/admin/OrganizationsView.vue') },
  { path: '/enterprise-import', name: 'enterpriseImport', roles: OP, group: 'orgs',
    title: 'menu.enterpriseImport', icon: 'Upload',
    component: () => import('@/views/admin/EnterpriseImportView.vue') },
  { path: '/majors', name: 'majors', roles: OP, group: 'orgs',
    title: 'menu.majors', icon: 'Reading',
    component: () => import('@/views/admin/MajorsView.vue') },
  { path: '/accounts', name: 'accounts', roles: OP, group: 'system',
    title: 'menu.accounts', icon: 'User',
    component: () => import('@/views/admin/AccountsView.vue') },
  { path: '/audit', name: 'audit', roles: OP, group: 'system',
    title: 'menu.audit', icon: 'Document', messages: 'audit',
    component: () => import('@/views/admin/AuditView.vue') },
  { path: '/org-accounts', name: 'orgAccounts', roles: ['college', 'enterprise'],
    title: 'menu.orgAccounts', icon: 'UserFilled',
    component: () => import('@/views/org/OrgAccountsView.vue') },
  { path: '/org-tokens', name: 'orgTokens', roles: ['college', 'enterprise'],
    title: 'menu.orgTokens', icon: 'Connection', messages: 'orgTokens',
    component: () => import('@/views/org/OrgTokensView.vue') },
  { path: '/password', name: 'password', roles: ALL, title: 'menu.password', icon: 'Lock',
    component: () => import('@/views/account/PasswordView.vue') },
]

/** The menu group of a page for one role (a page may be grouped for one role only). */
function groupOf(page, role) {
  if (!page.group) return null
  return typeof page.group === 'string' ? page.group : page.group[role] || null
}

/** The pages shown in the phone's bottom tab bar for a role (rows with tab: true). */
export function tabsFor(role) {
  return pages.filter((p) => p.tab && p.roles.includes(role))
}

/**
 * The sidebar for one role: a list of items, each either a page row or
 * { group, title, icon, children: [page rows] }, in table order.
 */
export function menuFor(role) {
  const items = []
  const groupsSeen = new Map()
  for (const page of pages) {
    if (page.menu === false || !page.roles.includes(role)) continue
    const key = groupOf(page, role)
    if (!key) {
      items.push(page)
      continue
    }
    let group = groupsSeen.get(key)
    if (!group) {
      group = { group: key, ...menuGroups[key], children: [] }
      groupsSeen.set(key, group)
      items.push(group)
    }
    group.children.push(page)
  }
  return items
}
