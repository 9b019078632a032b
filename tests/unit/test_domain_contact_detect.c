#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/contact_detect.h"

/* Each text must be found, as the kind given. */
static void check_found(const char *const (*cases)[2])
{
	for (; (*cases)[0]; cases++) {
		const char *kind = contact_detect((*cases)[0]);
		if (!kind || strcmp(kind, (*cases)[1]))
			fail_msg("%s: expected %s, got %s", (*cases)[0], (*cases)[1],
			         kind ? kind : "nothing");
	}
}

static void mobiles_are_found(void **state)
{
	static const char *const cases[][2] = {
	    {"我的电话13800138000", "手机号"},
	    {"打 138 0013 8000 找我", "手机号"},
	    {"138-0013-8000", "手机号"},
	    {"+86 139 1234 5678", "手机号"},
	    {"0086-15912345678", "手机号"},
	    {"１３８００１３８０００", "手机号"},     /* full-width digits */
	    {"１３８　００１３　８０００", "手机号"}, /* with ideographic spaces */
	    {"1 8 6 1 2 3 4 5 6 7 8", "手机号"},
	    {"2027 13800138000", "手机号"},
	    {"tel:17712345678。", "手机号"},
	    {"+8613800138000", "手机号"}, /* the country code written solid */
	    {"8613800138000", "手机号"},
	    {"008613800138000", "手机号"},
	    {NULL, NULL}};
	check_found(cases);
}

static void landlines_are_found(void **state)
{
	static const char *const cases[][2] = {{"座机 0755-88886666", "固定电话"},
	                                       {"(0755) 8888-6666", "固定电话"},
	                                       {"010 8888 6666", "固定电话"},
	                                       {"０２０－３８８８６６６６", "固定电话"},
	                                       {"人事部电话：88886666", "固定电话"},
	                                       {"热线 8888-666", "固定电话"},
	                                       {NULL, NULL}};
	check_found(cases);
}

static void emails_and_ids_are_found(void **state)
{
	static const char *const cases[][2] = {{"简历发 hr.zhang@huimei-tech.com.cn", "电子邮箱"},
	                                       {"Li_Ming+jobs@QQ.COM", "电子邮箱"},
	                                       {"ｚｈａｎｇ＠１６３．ｃｏｍ", "电子邮箱"},
	                                       {"加我微信 zhang_san88", "微信号或QQ号"},
	                                       {"微信号：wxid_abc123", "微信号或QQ号"},
	                                       {"vx: lm-2027hr", "微信号或QQ号"},
	                                       {"V信是ZHANGSAN", "微信号或QQ号"},
	                                       {"WX:abcdef", "微信号或QQ号"},
	                                       {"QQ 12345678", "微信号或QQ号"},
	                                       {"qq12345678", "微信号或QQ号"},
	                                       {"qq号码为 987654", "微信号或QQ号"},
	                                       {"ＱＱ：１２３４５６７", "微信号或QQ号"},
	                                       {"扣扣 55667788", "微信号或QQ号"},
	                                       {"wechat id: liming_hr", "微信号或QQ号"},
	                                       {NULL, NULL}};
	check_found(cases);
}

/* Ordinary recruiting talk passes. */
static void ordinary_text_passes(void **state)
{
	static const char *const cases[] = {
	    "月薪8000-12000元，五险一金",
	    "薪资 13000-150000 元/年",
	    "8k-12k，年薪15万",
	    "面试时间 2027-06-15 14:30-16:00",
	    "2027年7月1日上午9:00到岗",
	    "2027.06.15 报到",
	    "岗位编号 JD-2027-0031，招 3 人",
	    "岗位代码 SW202700123",
	    "地址：深圳市南山区科技园1号楼302室",
	    "有微信吗？方便的话之后加一下",
	    "我们用企业微信和QQ邮箱办公",
	    "QQ 2024 版",
	    "熟悉wxWidgets吗，用过qqmail", /* wx, qq starting a word */
	    "vx是什么",
	    "xwxabcdef",
	    "邮件请到招聘系统@我",
	    "工号 1001，邮编 518000",
	    "第13期培训，共150000字",
	    "",
	    NULL};
	for (const char *const *c = cases; *c; c++) {
		const char *kind = contact_detect(*c);
		if (kind)
			fail_msg("%s: found %s", *c, kind);
	}
	assert_null(contact_detect(NULL));
}

/* A long text is read whole (past the stack buffer). */
static void long_text_is_read_whole(void **state)
{
	char text[6000];
	memset(text, 'a', sizeof(text));
	strcpy(text + sizeof(text) - 30, " 13800138000");
	assert_string_equal(contact_detect(text), "手机号");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(mobiles_are_found),        cmocka_unit_test(landlines_are_found),
	    cmocka_unit_test(emails_and_ids_are_found), cmocka_unit_test(ordinary_text_passes),
	    cmocka_unit_test(long_text_is_read_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
