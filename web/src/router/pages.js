// The page table: one row per page of the logged-in app.  The router and the
// sidebar menu are both generated from it, so adding a page is adding one row.
//
//   path       URL under "/" (history mode; the server answers index.html for it)
//   name       route name (also the menu key)
//   roles      roles allowed to open the page; the sidebar shows it only to them
//   title      i18n key of the page and menu title
//   icon       name of an icon in ../components/icons.js
//   group      optional key in menuGroups: shown inside that sidebar sub-menu
//   menu       false to keep a page out of the sidebar (still routable)
//   component  lazily loaded view
//
// The server enforces the same roles on every API call; this table only decides
// what the UI offers.

export const ROLES = ['operator', 'college', 'enterprise', 'student', 'judge', 'mentor', 'officer']
const ALL = ROLES

export const menuGroups = {
  orgs: { title: 'menuGroup.orgs', icon: 'OfficeBuilding' },
  system: { title: 'menuGroup.system', icon: 'Setting' },
}

export const pages = [
  { path: '/home', name: 'home', roles: ALL, title: 'menu.home', icon: 'HomeFilled',
    component: () => import('../views/common/HomeView.vue') },
  { path: '/enterprise-review', name: 'enterpriseReview', roles: ['operator'], group: 'orgs',
    title: 'menu.enterpriseReview', icon: 'Stamp',
    component: () => import('../views/operator/EnterpriseReviewView.vue') },
  { path: '/organizations', name: 'organizations', roles: ['operator'], group: 'orgs',
    title: 'menu.organizations', icon: 'OfficeBuilding',
    component: () => import('../views/operator/OrganizationsView.vue') },
  { path: '/accounts', name: 'accounts', roles: ['operator'], group: 'system',
    title: 'menu.accounts', icon: 'User',
    component: () => import('../views/operator/AccountsView.vue') },
  { path: '/audit', name: 'audit', roles: ['operator'], group: 'system',
    title: 'menu.audit', icon: 'Document',
    component: () => import('../views/operator/AuditView.vue') },
  { path: '/org-accounts', name: 'orgAccounts', roles: ['college', 'enterprise'],
    title: 'menu.orgAccounts', icon: 'UserFilled',
    component: () => import('../views/org/OrgAccountsView.vue') },
  { path: '/password', name: 'password', roles: ALL, title: 'menu.password', icon: 'Lock',
    component: () => import('../views/common/PasswordView.vue') },
]

/**
 * The sidebar for one role: a list of items, each either a page row or
 * { group, title, icon, children: [page rows] }, in table order.
 */
export function menuFor(role) {
  const items = []
  const groupsSeen = new Map()
  for (const page of pages) {
    if (page.menu === false || !page.roles.includes(role)) continue
    if (!page.group) {
      items.push(page)
      continue
    }
    let group = groupsSeen.get(page.group)
    if (!group) {
      group = { group: page.group, ...menuGroups[page.group], children: [] }
      groupsSeen.set(page.group, group)
      items.push(group)
    }
    group.children.push(page)
  }
  return items
}
