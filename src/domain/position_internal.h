/*
 * What position.c and position_search.c share: the columns of a position
 * as pages show it (without the description, which only the detail page
 * needs) and the joins they come from.
 */
#ifndef SKYWAY_DOMAIN_POSITION_INTERNAL_H
#define SKYWAY_DOMAIN_POSITION_INTERNAL_H

#define POSITION_COLUMNS                                                                           \
	"SELECT p.id, p.enterprise_id, o.name AS enterprise_name, o.in_zone AS in_zone,"           \
	" o.industry_code AS industry_code, p.title, p.kind, p.min_degree, p.headcount,"           \
	" p.salary_min, p.salary_max, p.city_code, c.name AS city_name, p.address,"                \
	" p.deadline, p.grad_year_min, p.grad_year_max, p.status, p.reject_reason,"                \
	" p.is_demo, p.created_at, p.updated_at"
#define POSITION_FROM                                                                              \
	" FROM positions p JOIN organizations o ON o.id = p.enterprise_id"                         \
	" LEFT JOIN dict_cities c ON c.code = p.city_code"

#endif
