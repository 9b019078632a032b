/*
 * Graduates' destinations and the graduating class (destination.h).
 */
#include "domain/destination.h"

#include <string.h>

#include "base/date.h"
#include "base/util.h"
#include "domain/audit.h"

const char *const destination_keys[] = {
    "contract", "further_study", "flexible", "entrepreneurship", "conscription", "unplaced", NULL};
const char *const destination_names[] = {
    "协议和合同就业", "升学", "灵活就业", "自主创业", "应征义务兵", "待就业/暂不就业", NULL};

int destination_cohort(int64_t now)
{
	int y, m, d;
	date_to_ymd(date_today(now, DATE_BEIJING), &y, &m, &d);
	return m >= 9 ? y + 1 : y;
}

/* 1 when key is one of destination_keys. */
static int known(const char *key)
{
	for (size_t i = 0; destination_keys[i]; i++)
		if (!strcmp(destination_keys[i], key))
			return 1;
	return 0;
}

int destination_set(struct store *db, const struct actor *a, int64_t student_id,
                    const char *destination, json_t **out, struct derr *e)
{
	*out = NULL;
	if (destination && !known(destination))
		return derr_set(e, DERR_INVALID, "destination",
		                "毕业去向应为 contract、further_study、flexible、entrepreneurship、"
		                "conscription 或 unplaced");
	json_t *st = store_row(db,
	                       "SELECT college_id, account_id FROM students"
	                       " WHERE id = ? AND closed_at IS NULL",
	                       "i", student_id);
	if (!st)
		return derr_store(e, db, "student for destination");
	int64_t college = json_integer_value(json_object_get(st, "college_id"));
	int64_t account = json_integer_value(json_object_get(st, "account_id"));
	int found = json_is_object(st);
	json_decref(st);
	/* Another college's student is as absent as a missing one. */
	if (!found || (a->role == ROLE_COLLEGE && college != a->org_id) ||
	    (a->role == ROLE_STUDENT && account != a->id))
		return derr_set(e, DERR_NOT_FOUND, NULL, "没有这名学生");
	if (!(a->role & (ROLE_COLLEGE | ROLE_STUDENT | ROLE_OPERATOR)))
		return derr_set(e, DERR_FORBIDDEN, NULL, "没有权限登记毕业去向");
	int64_t now = destination ? now_seconds() : 0;
	if (store_begin(db) != STORE_OK ||
	    store_run(db,
	              "UPDATE students SET destination = ?, destination_at = ?, updated_at = ?"
	              " WHERE id = ?",
	              "tIii", destination, now, now_seconds(), student_id))
		return derr_store(e, db, "destination");
	if (audit_write(db, a, "student.destination", "student", student_id,
	                destination ? destination : "cleared", e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "destination commit");
	*out = json_pack("{s:I, s:s?, s:o}", "id", (json_int_t)student_id, "destination",
	                 destination, "destination_at", now ? json_integer(now) : json_null());
	return 0;
}
