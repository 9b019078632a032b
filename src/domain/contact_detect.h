/*
 * contact_detect: finds contact data written into a message (issue 14: no
 * message carries the other side's contact data before the student
 * consented to be contacted).
 *
 * What counts as contact data, after full-width characters are read as
 * their ASCII twins (１３８ is 138, ＠ is @):
 *   - a mainland mobile number: 11 digits 1[3-9]..., optionally after
 *     +86 / 86, the digits possibly split by blanks, dashes or dots;
 *   - a landline: 0 + area code + number, 10 to 12 digits, split the same
 *     way ((0755) 8888-6666), or 7 to 8 digits after a word such as 电话,
 *     座机, 热线, tel;
 *   - an e-mail address: name@domain.tld;
 *   - a WeChat or QQ id: 微信 / 威信 / 薇信 / vx / wx / weixin / wechat /
 *     QQ / 扣扣 / 企鹅, then at most a few filler characters (: 号 是 为 …),
 *     then an id of 5 or more letters, digits, _ or -.
 * What must pass: salaries (8000-12000 元, 13000-150000), dates and times
 * (2027-06-15 14:30), position codes (JD-2027-0031), addresses, and the
 * words 微信 / QQ without an id after them.
 */
#ifndef SKYWAY_DOMAIN_CONTACT_DETECT_H
#define SKYWAY_DOMAIN_CONTACT_DETECT_H

/* What contact data text (UTF-8) carries: NULL when none, else the kind
 * in Chinese ("手机号", "固定电话", "电子邮箱", "微信号或QQ号"), static.
 * Pure: no allocation beyond the stack, thread-safe. */
const char *contact_detect(const char *text);

#endif
