// 企业资质审核与学生可见性 (docs/security.md): the message an enterprise awaiting approval
// sees instead of students, and the student's 屏蔽企业 setting.
export default {
  visibility: {
    notApprovedTitle: '暂不能查看学生',
    notApproved: '企业资质审核通过后可查看人才库',
    seeStatus: '查看企业资料与审核状态',
    blocksTitle: '屏蔽企业',
    blocksText: '被屏蔽的企业在人才库、推荐人选和导出中都看不到您。您主动投递的企业仍可查看该投递的简历，撤回投递后即不可见。',
    searchPlaceholder: '输入企业名称搜索',
    noMatch: '没有找到该企业',
    block: '屏蔽',
    unblock: '取消屏蔽',
    blocked: '已屏蔽该企业',
    unblocked: '已取消屏蔽',
    none: '尚未屏蔽任何企业',
  },
}
