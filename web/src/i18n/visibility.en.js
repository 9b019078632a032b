// Enterprise approval and student visibility (docs/security.md): see visibility.zh-CN.js.
export default {
  visibility: {
    notApprovedTitle: 'Students are not visible yet',
    notApproved: 'The talent pool opens once the platform has approved your enterprise',
    seeStatus: 'See your enterprise profile and its review status',
    blocksTitle: 'Blocked enterprises',
    blocksText: 'A blocked enterprise never finds you in its talent pool, recommended candidates or exports. An enterprise you apply to still sees that application until you withdraw it.',
    searchPlaceholder: 'Search an enterprise by name',
    noMatch: 'No such enterprise',
    block: 'Block',
    unblock: 'Unblock',
    blocked: 'Enterprise blocked',
    unblocked: 'Enterprise unblocked',
    none: 'No enterprise blocked',
  },
}
