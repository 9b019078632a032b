// The peer's 为你推荐 (GET /api/v1/recommendations): a port of what Skyway does
// for it, so that bench/compare.mjs can compare the answers byte for byte and
// measure both doing the same work.
//
//   loadSnapshot   src/domain/recommend.c's build(): every position and every
//                  open student read once at start into memory, the
//                  dictionaries (skills, certificates: 1 + the place in the
//                  id-sorted list; majors and cities by code) with their labels
//   topkForStudent src/match/match_topk.c's scan of one student: the candidate
//                  lists by major category (design note 4 of match.c), the
//                  cheap components first and the bound on skills (note 5), a
//                  min-heap of (score, id) keys, best first, ties to the smaller id
//   explain        src/match/match_score.c: the reference scorer and the seven
//                  components with their Chinese reasons (cut to 255 bytes at a
//                  character boundary, as reason_add() does)
//   recommendMine  src/domain/recommend_view.c: the student's own view (applied
//                  positions left out unless ?applied=1, the interest component
//                  counted 0), re-sorted, k kept, the position summaries read by
//                  id as position_rows_by_ids() does
//
// The engine is integer arithmetic only (points, integer division), so
// Math.trunc where the C divides integers is the whole port's care.
//
// What differs from Skyway's snapshot: Skyway keeps it current edit by edit; the
// peer only at start.  The one thing the bench changes after start is the
// student's applications (it applies through Skyway), and those the student's
// interests are read from per request (the query recommend_view.c runs anyway),
// first 255 by position id as the snapshot keeps them.

const MAX_LIST = 255;
const REASON_MAX = 256;
// match_weights_default()
const W = {
	major_same: 1800, major_class: 1200, major_category: 600,
	skills_required: 4700, skills_preferred: 500, certificates: 800,
	city_first: 800, city_other: 400, city_no_preference: 400,
	salary: 700, interest_viewed: 250, interest_saved: 500, interest_applied: 700,
};
const COMPONENTS = [
	['major_fit', '专业匹配'], ['skills_required', '必备技能'], ['skills_preferred', '加分技能'],
	['certificates', '资格证书'], ['city', '工作城市'], ['salary', '薪资匹配'], ['interest', '求职意向'],
];
const MAXES = [
	Math.max(W.major_same, W.major_class, W.major_category), W.skills_required, W.skills_preferred,
	W.certificates, Math.max(W.city_first, W.city_other, W.city_no_preference), W.salary,
	Math.max(W.interest_applied, W.interest_saved, W.interest_viewed),
];
export const OWN_SCALE =
	W.major_same + W.skills_required + W.skills_preferred + W.certificates + W.city_first + W.salary;
const APPLIED = 3;
const div = (a, b) => Math.trunc(a / b);

// ---- major codes (match.c) ----
function majorCode(text) {
	if (typeof text !== 'string' || !/^\d{2}(\d{2}(\d{2})?)?$/.test(text)) return 0;
	const v = Number(text);
	return text.length === 2 ? ((v * 10000) << 2) | 1 : text.length === 4 ? ((v * 100) << 2) | 2 : (v << 2) | 3;
}
const norm6 = (c) => c >>> 2;
const level = (c) => c & 3;
function majorLevel(code) {
	const n6 = norm6(code), l = level(code);
	if (l === 0 || n6 > 999999 || (l === 1 && n6 % 10000) || (l === 2 && n6 % 100)) return 0;
	return l;
}
function majorFormat(code) {
	const l = majorLevel(code);
	if (!l) return '';
	const width = [0, 2, 4, 6][l];
	return String(div(norm6(code), [1, 10000, 100, 1][l])).padStart(width, '0');
}
const majorCategory = (c) => (majorLevel(c) ? ((div(norm6(c), 10000) * 10000) << 2) | 1 : 0);
const majorClass = (c) => (majorLevel(c) >= 2 ? ((div(norm6(c), 100) * 100) << 2) | 2 : 0);
function sharedLevel(major, code) {
	const m = norm6(major), c = norm6(code), l = level(code);
	if (div(m, 10000) !== div(c, 10000)) return 0;
	if (l === 1 || div(m, 100) !== div(c, 100)) return 1;
	if (l === 2 || m !== c) return 2;
	return 3;
}

// ---- components (match_internal.h) ----
const fitPoints = (l) => (l === 3 ? W.major_same : l === 2 ? W.major_class : l === 1 ? W.major_category : 0);
function cityRank(cities, city) {
	if (!cities.length || city === 0) return -2;
	return cities.indexOf(city);
}
const cityPoints = (r) => (r === -2 ? W.city_no_preference : r === 0 ? W.city_first : r > 0 ? W.city_other : 0);
function salaryPoints(expect, lo, hi) {
	if (hi === 0) hi = lo;
	if (lo === 0) lo = hi;
	if (expect === 0 || hi === 0) return div(W.salary, 2);
	if (expect <= lo) return W.salary;
	if (expect <= lo + div(hi - lo, 2)) return W.salary - div(W.salary, 4);
	if (expect <= hi) return div(W.salary, 2);
	return 0;
}
const interestPoints = (l) =>
	l === APPLIED ? W.interest_applied : l === 2 ? W.interest_saved : l === 1 ? W.interest_viewed : 0;
const shareUnit = (weight, of) => (of ? div(weight, of) : 0);
const sharePoints = (weight, have, of) => (of === 0 ? 0 : have >= of ? weight : have * shareUnit(weight, of));
const sortUnique = (a) => [...new Set(a)].sort((x, y) => x - y);
function countCommon(a, b) {
	let i = 0, j = 0, k = 0;
	while (i < a.length && j < b.length) {
		if (a[i] < b[j]) i++;
		else if (a[i] > b[j]) j++;
		else k++, i++, j++;
	}
	return k;
}

// ---- the snapshot (recommend.c's build) ----
const salaryOf = (v) => (v > 0 && v <= 10000000 ? v : 0);
const strtoul = (s) => {
	const m = /^\s*\+?(\d+)/.exec(typeof s === 'string' ? s : '0');
	return m ? Number(m[1]) : 0;
};
const jsonList = (text) => {
	try {
		const v = JSON.parse(text ?? '[]');
		return Array.isArray(v) ? v : [];
	} catch {
		return [];
	}
};

export function loadSnapshot(db) {
	const t0 = Date.now();
	const labels = [new Map(), new Map(), new Map(), new Map()]; // major, skill, certificate, city
	const setLabel = (d, key, text) => {
		if (text !== null && Buffer.byteLength(text) <= 120) labels[d].set(key, text);
	};
	const dict = (sql, d) => {
		const m = new Map();
		for (const [id, name] of db.prepare(sql).raw().iterate()) {
			m.set(id, m.size + 1);
			setLabel(d, m.size, name);
		}
		return m;
	};
	const skills = dict('SELECT id, name FROM dict_skills ORDER BY id', 1);
	const certs = dict('SELECT id, name FROM dict_certificates ORDER BY id', 2);
	for (const [code, name] of db.prepare('SELECT code, name FROM dict_majors').raw().iterate())
		setLabel(0, majorCode(code), name);
	for (const [code, name] of db.prepare('SELECT code, name FROM dict_cities').raw().iterate())
		setLabel(3, strtoul(code), name);

	// Positions: every one (closed ones are vetoed), with their lists.
	const majorsOf = new Map(), reqOf = new Map(), prefOf = new Map();
	const push = (m, id, v) => (m.get(id) ?? m.set(id, []).get(id)).push(v);
	for (const [pid, code] of db.prepare('SELECT position_id, major_code FROM position_majors').raw().iterate()) {
		const c = majorCode(code);
		if (c && (majorsOf.get(pid)?.length ?? 0) < MAX_LIST) push(majorsOf, pid, c);
	}
	for (const [pid, sk, required] of db.prepare('SELECT position_id, skill_id, required FROM position_skills').raw().iterate()) {
		const d = skills.get(sk) ?? 0;
		const m = required ? reqOf : prefOf;
		if (d && (m.get(pid)?.length ?? 0) < MAX_LIST) push(m, pid, d);
	}
	const now = Math.floor(Date.now() / 1000);
	const positions = [];
	const byCategory = Array.from({ length: 100 }, () => []);
	const unrestricted = [];
	const nSkills = skills.size + 1;
	const sql =
		'SELECT p.id, p.city_code, p.salary_min, p.salary_max, p.grad_year_min, p.grad_year_max,' +
		" p.min_degree, p.status, p.headcount, (SELECT COUNT(*) FROM applications a WHERE" +
		" a.position_id = p.id AND a.status = 'accepted'), p.deadline FROM positions p";
	for (const [id, city, smin, smax, ymin, ymax, minDegree, status, headcount, filled, deadline] of db.prepare(sql).raw().iterate()) {
		const codes = sortUnique(majorsOf.get(id) ?? []);
		const req = sortUnique(reqOf.get(id) ?? []);
		const reqSet = new Set(req);
		const pref = sortUnique(prefOf.get(id) ?? []).filter((x) => !reqSet.has(x));
		const salaryMin = salaryOf(smin ?? 0);
		let salaryMax = salaryOf(smax ?? 0);
		if (salaryMax && salaryMin > salaryMax) salaryMax = salaryMin;
		const closed = status !== 'open' || (deadline !== null && deadline !== 0 && deadline < now);
		const p = {
			id, city: city === null ? 0 : strtoul(city), salaryMin, salaryMax,
			yearMin: ymin ?? 0, yearMax: ymax ?? 0, minDegree: minDegree ?? 0, closed,
			headcount: headcount ?? 0, filled, codes, req, pref, certs: [],
			required: codes.length > 0, // a position that lists majors accepts only those
			index: positions.length,
		};
		p.open = !p.closed && p.filled < p.headcount;
		p.yearLo = p.yearMin ? p.yearMin : p.yearMax ? 1 : 0;
		p.yearHi = p.yearMax ? p.yearMax : 0xffff;
		p.cats = new Set(codes.map((c) => div(norm6(c), 10000)));
		p.unit = [shareUnit(W.skills_required, req.length), shareUnit(W.skills_preferred, pref.length), 0];
		p.rest = [req.length ? W.skills_required - req.length * p.unit[0] : 0, pref.length ? W.skills_preferred - pref.length * p.unit[1] : 0, 0];
		p.extraMax = (req.length ? W.skills_required : 0) + (pref.length ? W.skills_preferred : 0);
		p.salLo = p.salaryMin ? p.salaryMin : p.salaryMax;
		p.salHi = p.salaryMax ? p.salaryMax : p.salaryMin;
		p.salMid = p.salLo + div(p.salHi - p.salLo, 2);
		positions.push(p);
		for (const c of p.cats) byCategory[c].push(p);
		if (!p.required) unrestricted.push(p);
	}
	// 2 bits per (position, skill): 1 required, 2 preferred (the engine's bitmap rows).
	const skillBits = new Uint8Array(positions.length * nSkills);
	for (const p of positions) {
		for (const s of p.req) skillBits[p.index * nSkills + s] = 1;
		for (const s of p.pref) skillBits[p.index * nSkills + s] = 2;
	}

	// Students: the open ones, with skills and certificates.
	const skillsOf = new Map();
	for (const [sid, sk] of db.prepare('SELECT student_id, skill_id FROM student_skills ORDER BY student_id').raw().iterate())
		if ((skillsOf.get(sid)?.length ?? 0) < MAX_LIST) push(skillsOf, sid, skills.get(sk) ?? 0);
	const students = new Map();
	for (const [id, major, gradYear, degree, discoverable, cities, salary, certificates] of db
		.prepare('SELECT s.id, s.major_code, s.grad_year, s.degree, s.discoverable, s.cities, s.salary_min, s.certificates FROM students s WHERE s.closed_at IS NULL ORDER BY s.id')
		.raw()
		.iterate()) {
		const cs = [];
		for (const [i, v] of jsonList(cities).entries()) if (i < 3) cs.push(strtoul(typeof v === 'string' ? v : '0'));
		const n = cs.indexOf(0);
		const ct = [];
		for (const v of jsonList(certificates)) {
			const d = certs.get(v) ?? 0;
			if (d && ct.length < MAX_LIST) ct.push(d);
		}
		students.set(id, {
			id, major: major === null ? 0 : majorCode(major), gradYear: gradYear ?? 0, degree: degree ?? 0,
			discoverable: discoverable ? 1 : 0, cities: n < 0 ? cs : cs.slice(0, n),
			salary: salaryOf(salary ?? 0), skills: sortUnique(skillsOf.get(id) ?? []), certs: sortUnique(ct),
		});
	}
	console.error(`peer: recommendations: ${students.size} students, ${positions.length} positions loaded in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
	return { labels, positions, byId: new Map(positions.map((p) => [p.id, p])), byCategory, unrestricted, skillBits, nSkills, students };
}

// ---- one student's top k (match_topk.c) ----
// interests: Map position id -> level.
function topkForStudent(sn, s, interests, k) {
	const cat = s.major ? div(norm6(s.major), 10000) : -1;
	const m6 = norm6(s.major), mcls6 = div(m6, 100) * 100, mcat6 = div(m6, 10000) * 10000;
	// (score, id) as one number: larger is better, ties to the smaller id.
	const key = (score, id) => score * 4294967296 + (4294967295 - id);
	const heap = []; // a min-heap of keys
	const offer = (x) => {
		if (heap.length < k) {
			let i = heap.length;
			heap.push(x);
			while (i > 0) {
				const up = (i - 1) >> 1;
				if (heap[up] <= x) break;
				heap[i] = heap[up];
				i = up;
			}
			heap[i] = x;
		} else if (x > heap[0]) {
			let i = 0;
			for (;;) {
				let c = 2 * i + 1;
				if (c >= k) break;
				if (c + 1 < k && heap[c + 1] < heap[c]) c++;
				if (heap[c] >= x) break;
				heap[i] = heap[c];
				i = c;
			}
			heap[i] = x;
		}
	};
	const bits = sn.skillBits, nSkills = sn.nSkills;
	const one = (p) => {
		// pair_cheap
		if (!p.open || s.degree < p.minDegree || s.gradYear < p.yearLo || s.gradYear > p.yearHi) return;
		let lvl = 0, covered = false;
		if (cat >= 0 && p.cats.has(cat)) {
			for (const code of p.codes) {
				const c6 = norm6(code), cl = level(code);
				const l = cl === 3 ? (c6 === m6 ? 3 : c6 - mcls6 >= 0 && c6 - mcls6 < 100 ? 2 : c6 - mcat6 >= 0 && c6 - mcat6 < 10000 ? 1 : 0)
					: cl === 2 ? (c6 === mcls6 ? 2 : c6 - mcat6 >= 0 && c6 - mcat6 < 10000 ? 1 : 0)
					: c6 === mcat6 ? 1 : 0;
				if (l > lvl) lvl = l;
				if (l === cl) covered = true;
			}
		}
		if (p.required && !covered) return;
		let salary;
		if (s.salary === 0 || p.salHi === 0) salary = div(W.salary, 2);
		else if (s.salary <= p.salLo) salary = W.salary;
		else if (s.salary <= p.salMid) salary = W.salary - div(W.salary, 4);
		else if (s.salary <= p.salHi) salary = div(W.salary, 2);
		else salary = 0;
		const cheap = fitPoints(lvl) + cityPoints(cityRank(s.cities, p.city)) + salary + interestPoints(interests.get(p.id) ?? 0);
		const bar = heap.length === k ? heap[0] : 0;
		if (key(cheap + p.extraMax, 0) <= bar) return; // design note 5
		// pair_extra
		let req = 0, pref = 0;
		const row = p.index * nSkills;
		for (const sk of s.skills) {
			const b = bits[row + sk];
			if (b === 1) req++;
			else if (b === 2) pref++;
		}
		const extra = req * p.unit[0] + (req === p.req.length ? p.rest[0] : 0) + pref * p.unit[1] + (pref === p.pref.length ? p.rest[1] : 0) + p.rest[2];
		const x = key(cheap + extra, p.id);
		if (x > bar) offer(x);
	};
	if (k === 0) return [];
	if (cat >= 0) for (const p of sn.byCategory[cat]) one(p);
	for (const p of sn.unrestricted) if (cat < 0 || !p.cats.has(cat)) one(p);
	return heap
		.sort((a, b) => b - a)
		.map((x) => ({ id: 4294967295 - (x % 4294967296), score: Math.floor(x / 4294967296) }));
}

// ---- explanations (match_score.c) ----
// A reason of at most 255 bytes, cut at a character boundary with "…".
class Reason {
	constructor() {
		this.text = '';
		this.len = 0;
		this.full = false;
	}
	add(s) {
		if (this.full) return;
		const n = Buffer.byteLength(s), room = REASON_MAX - 1 - this.len;
		if (n > room) {
			const b = Buffer.from(s);
			let cut = room >= 3 ? room - 3 : 0;
			while (cut > 0 && (b[cut] & 0xc0) === 0x80) cut--;
			this.text += b.subarray(0, cut).toString();
			this.len += cut;
			if (room >= 3) (this.text += '…'), (this.len += 3);
			this.full = true;
		} else {
			this.text += s;
			this.len += n;
		}
	}
}
const dictName = (sn, d, key) => sn.labels[d].get(key) ?? `#${key}`;
const majorName = (sn, code) => sn.labels[0].get(code) ?? majorFormat(code);

function reasonItems(r, sn, d, a, b, want) {
	let j = 0, first = true;
	for (const x of a) {
		while (j < b.length && b[j] < x) j++;
		const inB = j < b.length && b[j] === x;
		if (inB !== want) continue;
		r.add(`${first ? '' : '、'}${dictName(sn, d, x)}`);
		first = false;
	}
}
function listReason(r, sn, d, what, unit, have, wanted, common) {
	if (wanted.length === 0) return r.add(`岗位未列出${what}`);
	r.add(`具备 ${common}/${wanted.length} 项${what}`);
	if (common < wanted.length) r.add(` (每项 ${unit} 分)`);
	if (common) {
		r.add(': ');
		reasonItems(r, sn, d, wanted, have, true);
	}
	if (common < wanted.length) {
		r.add('; 缺少: ');
		reasonItems(r, sn, d, wanted, have, false);
	}
}

// score_pair: the pair's vetoes (a bit each: closed, full, major, degree,
// graduation year) and its seven components' points (with all false, only
// the vetoes of a vetoed pair, as score_pair(all = 0) stops there).
function scorePair(s, p, interest, all = true) {
	let fit = 0, covered = false;
	if (s.major)
		for (const c of p.codes) {
			const l = sharedLevel(s.major, c);
			if (l > fit) fit = l;
			if (l === level(c)) covered = true;
		}
	const vetoes =
		(p.closed ? 1 : 0) | (p.filled >= p.headcount ? 2 : 0) | (p.required && !covered ? 4 : 0) |
		(s.degree < p.minDegree ? 8 : 0) |
		((p.yearMin && (s.gradYear === 0 || s.gradYear < p.yearMin)) || (p.yearMax && (s.gradYear === 0 || s.gradYear > p.yearMax)) ? 16 : 0);
	if (vetoes && !all) return { vetoes };
	const reqHave = countCommon(s.skills, p.req), prefHave = countCommon(s.skills, p.pref);
	const certsHave = countCommon(s.certs, p.certs);
	const rank = cityRank(s.cities, p.city);
	const points = [
		fitPoints(fit), sharePoints(W.skills_required, reqHave, p.req.length),
		sharePoints(W.skills_preferred, prefHave, p.pref.length), sharePoints(W.certificates, certsHave, p.certs.length),
		cityPoints(rank), salaryPoints(s.salary, p.salaryMin, p.salaryMax), interestPoints(interest),
	];
	return { vetoes, fit, reqHave, prefHave, certsHave, rank, points };
}

// score_pair(all = 1) and explain_components: the pair's explanation as the
// API prints it (hits are eligible: no vetoes).
function explain(sn, s, p, interest) {
	const { fit, reqHave, prefHave, certsHave, rank, points } = scorePair(s, p, interest);
	const components = [];
	for (let c = 0; c < 7; c++) {
		const r = new Reason();
		switch (c) {
			case 0:
				if (p.codes.length === 0) r.add('岗位未限定专业');
				else if (!s.major) r.add('学生未填写专业');
				else if (fit === 3) r.add(`专业完全对口 (${majorName(sn, s.major)})`);
				else if (fit === 2) r.add(`同属专业类 (${majorName(sn, majorClass(s.major))})`);
				else if (fit === 1) r.add(`同属专业大类 (${majorName(sn, majorCategory(s.major))})`);
				else r.add(`专业不相关 (${majorName(sn, s.major)})`);
				break;
			case 1:
				listReason(r, sn, 1, '必备技能', shareUnit(W.skills_required, p.req.length), s.skills, p.req, reqHave);
				break;
			case 2:
				listReason(r, sn, 1, '加分技能', shareUnit(W.skills_preferred, p.pref.length), s.skills, p.pref, prefHave);
				break;
			case 3:
				listReason(r, sn, 2, '所需证书', shareUnit(W.certificates, p.certs.length), s.certs, p.certs, certsHave);
				break;
			case 4:
				if (p.city === 0) r.add('岗位未标明工作城市');
				else if (rank === -2) r.add('学生未填写意向城市');
				else if (rank >= 0) r.add(`工作地点 ${dictName(sn, 3, p.city)} 是第 ${rank + 1} 意向城市`);
				else r.add(`工作地点 ${dictName(sn, 3, p.city)} 不在意向城市中`);
				break;
			case 5: {
				const lo = p.salaryMin ? p.salaryMin : p.salaryMax, hi = p.salaryMax ? p.salaryMax : p.salaryMin;
				if (hi === 0) r.add('岗位未标明薪资');
				else if (s.salary === 0) r.add('学生未填写期望薪资');
				else if (s.salary <= lo) r.add(`期望 ${s.salary} 元/月不高于岗位最低薪资 ${lo} 元/月`);
				else if (s.salary <= lo + div(hi - lo, 2)) r.add(`期望 ${s.salary} 元/月在岗位薪资 ${lo}–${hi} 元/月的下半段`);
				else if (s.salary <= hi) r.add(`期望 ${s.salary} 元/月在岗位薪资 ${lo}–${hi} 元/月的上半段`);
				else r.add(`期望 ${s.salary} 元/月高于岗位薪资 ${lo}–${hi} 元/月`);
				break;
			}
			case 6:
				r.add(interest === APPLIED ? '已投递该岗位' : interest === 2 ? '已收藏该岗位' : interest === 1 ? '浏览过该岗位' : '尚未浏览该岗位');
				break;
		}
		components.push({ key: COMPONENTS[c][0], label: COMPONENTS[c][1], points: points[c], max_points: MAXES[c], reason: r.text });
	}
	return { total: points.reduce((a, b) => a + b, 0), eligible: true, components, vetoes: [] };
}

// recommend_own_scores (recommend.c), for the search's sort=match: the
// scores of positions ids for the student as their own list counts them,
// having applied (appliedSet) no score; -1 for a vetoed or unknown pair.
export function ownScores(sn, studentId, ids, appliedSet) {
	const s = sn.students.get(studentId);
	const interests = new Set([...appliedSet].sort((a, b) => a - b).slice(0, MAX_LIST));
	return ids.map((id) => {
		const p = sn.byId.get(id);
		if (!s || !p) return -1;
		const r = scorePair(s, p, interests.has(id) ? APPLIED : 0, false);
		if (r.vetoes) return -1;
		const total = r.points.reduce((x, y) => x + y, 0);
		return appliedSet.has(id) && total >= W.interest_applied ? total - W.interest_applied : total;
	});
}

// ---- the student's own list (recommend_view.c) ----
const POSITION_SUMMARY =
	'SELECT p.id, p.title, p.kind, p.salary_min, p.salary_max, p.city_code, ci.name AS' +
	' city_name, o.name AS enterprise_name, o.in_zone FROM positions p JOIN organizations o' +
	' ON o.id = p.enterprise_id LEFT JOIN dict_cities ci ON ci.code = p.city_code';

// recommend_mine: {status, body}.  rowsByIds and stmt are the server's.
export function recommendMine(sn, stmt, rowsByIds, accountId, k, showApplied) {
	const own = stmt('SELECT id, personalised FROM students WHERE account_id = ? AND closed_at IS NULL').get(accountId);
	if (!own) return { status: 404, error: ['not_found', null, '尚未建立学生档案'] };
	const personalised = own.personalised === undefined || own.personalised === null ? 1 : own.personalised;
	let items;
	if (!personalised) {
		items = stmt(`${POSITION_SUMMARY} WHERE p.status = 'open' ORDER BY p.id DESC LIMIT ?`).all(k);
	} else {
		const applied = stmt("SELECT position_id FROM applications WHERE student_id = ? AND status <> 'withdrawn'").pluck().all(own.id);
		const appliedSet = new Set(applied);
		const interests = new Map(
			[...appliedSet].sort((a, b) => a - b).slice(0, MAX_LIST).map((id) => [id, APPLIED])
		);
		const s = sn.students.get(own.id);
		const hits = s ? topkForStudent(sn, s, interests, Math.min(200, k + applied.length)) : [];
		items = [];
		for (const h of hits) {
			const was = appliedSet.has(h.id);
			if (was && !showApplied) continue;
			const ex = explain(sn, s, sn.byId.get(h.id), interests.get(h.id) ?? 0);
			const it = { position_id: h.id, score: h.score, explanation: ex, applied: was };
			const c = ex.components[6];
			const pts = c.points;
			c.points = 0;
			c.reason = was ? '已投递：投递不计入你的推荐分' : '投递不计入推荐分';
			ex.total -= pts;
			it.score -= pts;
			items.push(it);
		}
		items.sort((a, b) => b.score - a.score || a.position_id - b.position_id);
		items.length = Math.min(items.length, k);
		if (items.length) {
			const rows = rowsByIds(`${POSITION_SUMMARY} WHERE p.id`, '', items.map((it) => it.position_id));
			const byId = new Map(rows.map((r) => [r.id, r]));
			for (const it of items) it.position = byId.get(it.position_id) ?? null;
		}
	}
	return { status: 200, body: { personalised: !!personalised, scale: OWN_SCALE, items } };
}
