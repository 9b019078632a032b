// Helpers for the matching API tests (match_*.test.mjs): an independent reference scorer
// written from docs/matching.md (not from the C code), shape checks for explanations, and
// small wrappers around GET /recommendations, /positions/{id}/candidates, /match/explain.
//
// The reference model works from what the API itself shows: the student's profile
// (GET /students/{id} as the operator), each position (GET /positions/{id}), the student's
// applications (interest: any status but withdrawn) and the accepted applications of each
// position (seats filled). Positions cannot list certificates through the API, so the
// certificates component is always 0 of 800.
import assert from 'node:assert/strict';
import { listAll } from './harness.mjs';
import { searchAll } from './recruit_lib.mjs';

/** The seven components of docs/matching.md, in the documented order, with label and maximum. */
export const COMPONENTS = [
	{ key: 'major_fit', label: '专业匹配', max: 1800 },
	{ key: 'skills_required', label: '必备技能', max: 4700 },
	{ key: 'skills_preferred', label: '加分技能', max: 500 },
	{ key: 'certificates', label: '资格证书', max: 800 },
	{ key: 'city', label: '工作城市', max: 800 },
	{ key: 'salary', label: '薪资匹配', max: 700 },
	{ key: 'interest', label: '求职意向', max: 700 },
];
export const COMPONENT_KEYS = COMPONENTS.map((c) => c.key);

/** The vetoes of docs/matching.md, in the documented order. */
export const VETOES = [
	{ key: 'position_closed', label: '岗位已关闭' },
	{ key: 'position_full', label: '岗位已招满' },
	{ key: 'major_not_accepted', label: '专业不符' },
	{ key: 'degree_below_minimum', label: '学历不符' },
	{ key: 'graduation_year_outside_window', label: '毕业年份不符' },
];

const HAN = /\p{Script=Han}/u;

/** Points of component KEY in an explanation. */
export function points(expl, key) {
	const c = expl.components.find((x) => x.key === key);
	assert.ok(c, `component ${key} missing: ${JSON.stringify(expl)}`);
	return c.points;
}

/** Reason text of component KEY. */
export function reason(expl, key) {
	return expl.components.find((x) => x.key === key).reason;
}

/**
 * Checks one explanation against docs/matching.md: exactly the seven keys in order, each
 * with its zh-CN label and maximum, integer points in 0..max, a Chinese reason of at most
 * 255 bytes; total = sum of the points; eligible exactly when there is no veto; vetoes have
 * documented keys and labels and Chinese reasons. ctx names the pair in messages.
 */
export function checkExplanation(expl, ctx = '') {
	const where = `${ctx}: ${JSON.stringify(expl)}`;
	assert.ok(expl && typeof expl === 'object', `explanation is an object ${where}`);
	assert.ok(Array.isArray(expl.components), `components is an array ${where}`);
	assert.deepEqual(expl.components.map((c) => c.key), COMPONENT_KEYS, `the seven component keys in order ${where}`);
	let sum = 0;
	for (const [i, c] of expl.components.entries()) {
		const doc = COMPONENTS[i];
		assert.deepEqual(Object.keys(c).sort(), ['key', 'label', 'max_points', 'points', 'reason'], `component fields ${where}`);
		assert.equal(c.label, doc.label, `label of ${c.key} ${where}`);
		assert.equal(c.max_points, doc.max, `max_points of ${c.key} ${where}`);
		assert.ok(Number.isInteger(c.points) && c.points >= 0 && c.points <= c.max_points, `points of ${c.key} in 0..max ${where}`);
		assert.equal(typeof c.reason, 'string', `reason of ${c.key} ${where}`);
		assert.match(c.reason, HAN, `reason of ${c.key} is Chinese text ${where}`);
		assert.ok(Buffer.byteLength(c.reason) <= 255, `reason of ${c.key} at most 255 bytes ${where}`);
		sum += c.points;
	}
	assert.equal(expl.total, sum, `total is the sum of the components ${where}`);
	assert.ok(Array.isArray(expl.vetoes), `vetoes is an array ${where}`);
	for (const v of expl.vetoes) {
		const doc = VETOES.find((d) => d.key === v.key);
		assert.ok(doc, `documented veto key ${v.key} ${where}`);
		assert.equal(v.label, doc.label, `veto label ${where}`);
		assert.match(v.reason, HAN, `veto reason is Chinese ${where}`);
	}
	assert.equal(expl.eligible, expl.vetoes.length === 0, `eligible exactly when there is no veto ${where}`);
	return sum;
}

// ---------------------------------------------------------------------------------------
// The reference scorer (docs/matching.md, "Hard filters" and "The score")

function sharedLevel(major, code) {
	if (!major) return 0;
	const lvl = code.length / 2; // 1 category, 2 class, 3 major
	for (let l = lvl; l >= 1; l--) if (code.slice(0, 2 * l) === major.slice(0, 2 * l)) return l;
	return 0;
}
const covers = (code, major) => !!major && major.startsWith(code);

function share(weight, have, of) {
	if (of === 0) return 0;
	return have >= of ? weight : have * Math.floor(weight / of);
}

function salaryPoints(expect, lo, hi) {
	expect = expect || 0;
	lo = lo || 0;
	hi = hi || 0;
	if (hi && lo > hi) hi = lo;
	if (hi === 0) hi = lo;
	if (lo === 0) lo = hi;
	if (expect === 0 || hi === 0) return 350;
	if (expect <= lo) return 700;
	if (expect <= lo + Math.floor((hi - lo) / 2)) return 525;
	if (expect <= hi) return 350;
	return 0;
}

/**
 * Scores a pair the documented way. student: a student object of the API; position: a
 * position object of the API (plus .filled, the accepted applications); applied: whether
 * the student has a non-withdrawn application to it. → {total, eligible, vetoes:[keys],
 * points:{key: n}}.
 */
export function referenceScore(student, position, applied) {
	const vetoes = [];
	const majors = (position.majors || []).map((m) => m.code);
	const ymin = position.grad_year_min || 0;
	const ymax = position.grad_year_max || 0;
	const gy = student.grad_year || 0;
	if (position.status !== 'open') vetoes.push('position_closed');
	if ((position.filled || 0) >= position.headcount) vetoes.push('position_full');
	if (majors.length && !majors.some((c) => covers(c, student.major_code))) vetoes.push('major_not_accepted');
	if ((student.degree || 0) < (position.min_degree || 0)) vetoes.push('degree_below_minimum');
	if ((ymin && (!gy || gy < ymin)) || (ymax && (!gy || gy > ymax))) vetoes.push('graduation_year_outside_window');

	const skills = new Set(student.skills || []);
	const req = (position.required_skills || []).map((s) => s.id);
	const pref = (position.preferred_skills || []).map((s) => s.id).filter((s) => !req.includes(s));
	const cities = student.cities || [];
	let city;
	if (cities.length === 0 || !position.city_code) city = 400;
	else {
		const i = cities.indexOf(position.city_code);
		city = i === 0 ? 800 : i > 0 ? 400 : 0;
	}
	const p = {
		major_fit: [0, 600, 1200, 1800][Math.max(0, ...majors.map((c) => sharedLevel(student.major_code, c)))],
		skills_required: share(4700, req.filter((s) => skills.has(s)).length, req.length),
		skills_preferred: share(500, pref.filter((s) => skills.has(s)).length, pref.length),
		certificates: 0,
		city,
		salary: salaryPoints(student.salary_min, position.salary_min, position.salary_max),
		interest: applied ? 700 : 0,
	};
	const total = Object.values(p).reduce((a, b) => a + b, 0);
	return { total, eligible: vetoes.length === 0, vetoes, points: p };
}

/** The explanation's points by key. */
export function pointsOf(expl) {
	return Object.fromEntries(expl.components.map((c) => [c.key, c.points]));
}

/**
 * What GET /recommendations?k=K must answer for the student (id sid), computed with the
 * reference scorer over every open position: [{position_id, score, ref}] best first,
 * ties by the smaller id.
 */
export async function expectedRecommendations(admin, sid, k = 20, { showApplied = false } = {}) {
	const r = await admin.get(`students/${sid}`);
	assert.equal(r.status, 200, `student ${sid}: ${r}`);
	const student = r.json.student;
	const apps = await listAll(admin, 'applications');
	const applied = new Set(apps.filter((a) => a.student_id === sid && a.status !== 'withdrawn').map((a) => a.position_id));
	const filled = new Map();
	for (const a of apps) if (a.status === 'accepted') filled.set(a.position_id, (filled.get(a.position_id) || 0) + 1);
	const { items } = await searchAll(admin, {});
	const out = [];
	for (const it of items) {
		const pr = await admin.get(`positions/${it.id}`);
		assert.equal(pr.status, 200, `position ${it.id}: ${pr}`);
		const pos = { ...pr.json.position, filled: filled.get(it.id) || 0 };
		// The student's own list: applied positions only when asked, and applying is no score there.
		if (applied.has(it.id) && !showApplied) continue;
		const ref = referenceScore(student, pos, false);
		if (ref.eligible) out.push({ position_id: it.id, score: ref.total, ref, applied: applied.has(it.id) });
	}
	out.sort((a, b) => b.score - a.score || a.position_id - b.position_id);
	return out.slice(0, k);
}

// ---------------------------------------------------------------------------------------
// Requests

/** GET /recommendations (k optional); asserts 200 and the personalised shape; returns items. */
export async function recommendations(client, k, { applied = false } = {}) {
	const qs = new URLSearchParams();
	if (k !== undefined) qs.set('k', String(k));
	if (applied) qs.set('applied', '1');
	const r = await client.get(`recommendations${qs.size ? `?${qs}` : ''}`);
	assert.equal(r.status, 200, `${r}`);
	assert.equal(r.json.personalised, true, `personalised: ${r}`);
	assert.equal(r.json.scale, 9300, 'the best score on a student\'s own list: every maximum but interest');
	assert.ok(Array.isArray(r.json.items), `items: ${r}`);
	for (const it of r.json.items) {
		checkExplanation(it.explanation, `position ${it.position_id}`);
		assert.equal(it.score, it.explanation.total, `score = explanation.total for position ${it.position_id}`);
		assert.equal(it.explanation.eligible, true, `a recommended pair is eligible: position ${it.position_id}`);
		assert.deepEqual(it.explanation.vetoes, [], `a recommended pair has no veto: position ${it.position_id}`);
		assert.equal(it.position.id, it.position_id, `position summary id: ${JSON.stringify(it)}`);
		assert.equal(typeof it.applied, 'boolean', `applied badge: ${JSON.stringify(it)}`);
		if (!applied) assert.equal(it.applied, false, `an applied position left the list: ${it.position_id}`);
		assert.equal(it.explanation.components.find((c) => c.key === 'interest').points, 0, 'applying is no score on the own list');
	}
	for (let i = 1; i < r.json.items.length; i++) {
		const a = r.json.items[i - 1];
		const b = r.json.items[i];
		assert.ok(a.score > b.score || (a.score === b.score && a.position_id < b.position_id), `best first, ties by smaller id: ${a.position_id}(${a.score}) before ${b.position_id}(${b.score})`);
	}
	return r.json.items;
}

/** Position ids of GET /recommendations. */
export async function recIds(client, k) {
	return (await recommendations(client, k)).map((x) => x.position_id);
}

/** GET /positions/{id}/candidates; asserts 200 and the shape; returns items. */
export async function candidates(client, positionId, k) {
	return checkCandidates(await client.get(`positions/${positionId}/candidates${k === undefined ? '' : `?k=${k}`}`), positionId);
}

/** Checks a GET /positions/{id}/candidates answer (200, shape, order); returns its items. */
export function checkCandidates(r, positionId) {
	assert.equal(r.status, 200, `${r}`);
	assert.ok(Array.isArray(r.json.items), `items: ${r}`);
	for (const it of r.json.items) {
		checkExplanation(it.explanation, `student ${it.student_id} for position ${positionId}`);
		assert.equal(it.score, it.explanation.total, `score = explanation.total for student ${it.student_id}`);
		assert.equal(it.explanation.eligible, true, `a candidate is eligible: student ${it.student_id}`);
		assert.equal(it.student.id, it.student_id, `student summary id: ${JSON.stringify(it)}`);
	}
	for (let i = 1; i < r.json.items.length; i++) {
		const a = r.json.items[i - 1];
		const b = r.json.items[i];
		assert.ok(a.score > b.score || (a.score === b.score && a.student_id < b.student_id), `best first, ties by smaller id: ${a.student_id}(${a.score}) before ${b.student_id}(${b.score})`);
	}
	return r.json.items;
}

/** GET /match/explain with the given query (an object); returns the Res. */
export function explainRes(client, q) {
	const qs = new URLSearchParams();
	for (const [k, v] of Object.entries(q)) if (v !== undefined) qs.set(k, String(v));
	return client.get(`match/explain?${qs}`);
}

/** GET /match/explain expecting 200; checks the explanation; returns it. */
export async function explain(client, q) {
	const r = await explainRes(client, q);
	assert.equal(r.status, 200, `${r}`);
	assert.equal(r.json.position_id, Number(q.position_id), `position_id echoed: ${r}`);
	if (q.student_id !== undefined) assert.equal(r.json.student_id, Number(q.student_id), `student_id echoed: ${r}`);
	checkExplanation(r.json.explanation, r.desc);
	return r.json.explanation;
}

/** Veto keys of an explanation. */
export const vetoKeys = (expl) => expl.vetoes.map((v) => v.key);

/**
 * What GET /positions/{pid}/candidates?k=K must answer, computed with the reference scorer
 * over every student the operator can list: eligible students who are discoverable or have
 * a non-withdrawn application to the position; [{student_id, score, ref}] best first, ties
 * by the smaller id.
 */
export async function expectedCandidates(admin, pid, k = 20) {
	const pr = await admin.get(`positions/${pid}`);
	assert.equal(pr.status, 200, `position ${pid}: ${pr}`);
	const apps = await listAll(admin, 'applications');
	const filled = apps.filter((a) => a.position_id === pid && a.status === 'accepted').length;
	const pos = { ...pr.json.position, filled };
	const out = [];
	for (const row of await listAll(admin, 'students')) {
		const sr = await admin.get(`students/${row.id}`);
		assert.equal(sr.status, 200, `student ${row.id}: ${sr}`);
		const st = sr.json.student;
		const applied = apps.some((a) => a.student_id === st.id && a.position_id === pid && a.status !== 'withdrawn');
		const discoverable = st.discoverable === true || st.discoverable === 1;
		if (!discoverable && !applied) continue;
		const ref = referenceScore(st, pos, applied);
		if (ref.eligible) out.push({ student_id: st.id, score: ref.total, ref });
	}
	out.sort((a, b) => b.score - a.score || a.student_id - b.student_id);
	return out.slice(0, k);
}
