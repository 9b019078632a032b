// Position search: Chinese free text (3+ characters through the trigram index, 1–2
// characters through a scan, several terms ANDed, ASCII case-insensitive), the filters
// (major with class/category acceptance, city, kind, salary, industry, enterprise, in-zone),
// the three sorts with keyset pagination through next_cursor, and that drafts and closed
// positions never show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { creditCode, expectError, listAll, makeAccount, makeCollege, makeEnterprise } from './harness.mjs';
import {
	CITY,
	MAJOR,
	SKILL,
	createPosition,
	csvBom,
	makeHr,
	openPosition,
	registerStudent,
	searchAll,
	searchIds,
	startRecruitServer,
	upload,
} from './recruit_lib.mjs';

let srv;
let admin;
let stu; // a student client (the default viewer)
const P = {}; // named positions
const open = new Map(); // id -> position, every open position in this database
let zoneEnt;

const ids = (...names) => names.map((n) => P[n].id).sort((a, b) => a - b);
const sorted = (arr) => [...arr].sort((a, b) => a - b);
const find = async (params, client = stu.client) => sorted(await searchIds(client, params));

before(async () => {
	srv = await startRecruitServer();
	admin = await srv.admin();
	const college = await makeCollege(admin, { name: '清远职业技术学院', code: 'QYPT' });
	// Fixed names: no accidental Latin letters or 机 in enterprise names (they are searched).
	const entA = await makeEnterprise(admin, { name: '清远格力电器有限公司' });
	const entB = await makeEnterprise(admin, { name: '广东佳纳能源科技有限公司' });
	// An in-zone enterprise with an industry: only the enterprise import sets these.
	const zoneCsv = `企业名称,统一社会信用代码,所属行业,是否高新区企业,企业规模,联系人\n清远高新区智能装备有限公司,${creditCode()},38,是,300-999人,赵工\n`;
	const imp = await upload(admin, 'enterprises', 'commit', csvBom(zoneCsv));
	assert.equal(imp.status, 200, `${imp}`);
	assert.equal(imp.json.created, 1, `${imp}`);
	zoneEnt = (await listAll(admin, 'organizations', { kind: 'enterprise' })).find((o) => o.name === '清远高新区智能装备有限公司');
	assert.ok(zoneEnt, 'imported enterprise not found');
	const hrA = (await makeHr(srv, admin, entA)).client;
	const hrB = (await makeHr(srv, admin, entB)).client;
	const hrZ = (await makeHr(srv, admin, zoneEnt)).client;
	stu = await registerStudent(srv, college, { name: '王小明' });

	P.mech = await openPosition(hrA, {
		title: '机电一体化技术员',
		kind: '全职',
		salary_min: 4500,
		salary_max: 6500,
		city_code: CITY.qingyuan,
		description: '负责自动化生产线设备调试与日常维护',
		majors: [MAJOR.automationClass],
		required_skills: [SKILL.plc],
	});
	P.tester = await openPosition(hrB, {
		title: '软件测试实习生',
		kind: '实习',
		salary_min: 3000,
		salary_max: 4000,
		city_code: CITY.guangzhou,
		description: '编写测试用例，执行功能测试并记录缺陷',
		majors: [MAJOR.electronics],
		required_skills: [SKILL.testing],
	});
	P.account = await openPosition(hrA, {
		title: '会计助理',
		kind: '见习',
		salary_min: 3500,
		salary_max: 4500,
		city_code: CITY.qingyuan,
		description: '协助财务完成日常账务处理',
		required_skills: [SKILL.bookkeeping],
	});
	P.zone = await openPosition(hrZ, {
		title: '设备装配工',
		kind: '全职',
		salary_min: 5000,
		salary_max: 7000,
		city_code: CITY.qingyuan,
		description: '负责机电设备的装配与检验',
	});
	P.draft = await createPosition(hrA, { title: '机电一体化草稿岗位', description: '会计 一体化 PLC' });
	P.closed = await openPosition(hrA, { title: '机电一体化已关闭岗位', description: '会计 一体化 PLC' });
	assert.equal((await hrA.post(`positions/${P.closed.id}/close`)).status, 200);
	// A batch for pagination: salaries with ties and positions without any salary.
	const salaries = [9000, 6500, 6500, 6500, null, 4000, 12000, 6500, null, 3000, 4000, 8000, 7000, 5000, 6500, null, 2500, 9000, 4200, 3800, 6500, 7000];
	for (let i = 0; i < salaries.length; i++) {
		const s = salaries[i];
		const body = { title: `批量岗位${i + 1}`, kind: '全职', city_code: CITY.shenzhen, description: '批量' };
		if (s !== null) Object.assign(body, { salary_min: s - 500, salary_max: s });
		P[`b${i}`] = await openPosition(hrB, body);
	}
	for (const [k, p] of Object.entries(P)) if (k !== 'draft' && k !== 'closed') open.set(p.id, p);
});
after(() => srv?.stop());

describe('free text in Chinese', () => {
	it('3+ characters (一体化) finds the position whose title holds it', async () => {
		assert.deepEqual(await find({ q: '一体化' }), ids('mech'));
		assert.deepEqual(await find({ q: '机电一体化技术员' }), ids('mech'));
		assert.deepEqual(await find({ q: '测试用例' }), ids('tester'), 'description is searched');
	});

	it('2 characters (会计) and 1 character (机) are found by the scan', async () => {
		assert.deepEqual(await find({ q: '会计' }), ids('account'));
		assert.deepEqual(await find({ q: '机' }), ids('mech', 'zone'));
		assert.deepEqual(await find({ q: '装配' }), ids('zone'));
	});

	it('enterprise, city, skill and major names are searched too', async () => {
		assert.deepEqual(await find({ q: '佳纳能源' }), sorted([...open.values()].filter((p) => p.enterprise_name.includes('佳纳能源')).map((p) => p.id)));
		assert.deepEqual(await find({ q: '广州市' }), ids('tester'));
		assert.deepEqual(await find({ q: '会计核算' }), ids('account'), 'a skill name');
		assert.deepEqual(await find({ q: '自动化类' }), ids('mech'), 'an accepted major (class) name');
		assert.deepEqual(await find({ q: '智能装备' }), ids('zone'));
	});

	it('blank-separated terms must all match (机电 技术员; 2-char and 3-char terms mixed)', async () => {
		assert.deepEqual(await find({ q: '机电 技术员' }), ids('mech'));
		assert.deepEqual(await find({ q: '机电 装配' }), ids('zone'));
		assert.deepEqual(await find({ q: '设备 清远市' }), ids('mech', 'zone'));
		assert.deepEqual(await find({ q: '一体化 会计' }), []);
	});

	it('no match: empty list, total 0, next_cursor null', async () => {
		const r = await stu.client.get(`positions?${new URLSearchParams({ q: '区块链' })}`);
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json.items, []);
		assert.equal(r.json.total, 0);
		assert.equal(r.json.next_cursor, null);
		assert.deepEqual(await find({ q: '鲸' }), []);
	});

	it('ASCII is case-insensitive: the skill PLC编程 is found as plc, Plc, pl', async () => {
		for (const q of ['PLC', 'plc', 'Plc', 'plc编程', 'pl', 'PL']) assert.deepEqual(await find({ q }), ids('mech'), `q=${q}`);
	});

	it('LIKE and FTS5 special characters are taken literally', async () => {
		for (const q of ['%', '_', '\\', '%%%', '"', '机"电', '"一体化"', 'a*b', 'NEAR(', '一体化 OR 会计', '*']) {
			const r = await stu.client.get(`positions?${new URLSearchParams({ q })}`);
			assert.equal(r.status, 200, `q=${q}: ${r}`);
			assert.deepEqual(r.json.items, [], `q=${q} matched something`);
		}
	});

	it('drafts and closed positions never appear for students', async () => {
		for (const q of ['一体化', '机电', '机', 'PLC', '草稿', '已关闭']) {
			const got = await find({ q });
			assert.ok(!got.includes(P.draft.id) && !got.includes(P.closed.id), `q=${q} shows a draft or closed position: ${got}`);
		}
		const all = await find({});
		assert.ok(!all.includes(P.draft.id) && !all.includes(P.closed.id));
	});

	it('a position closed after publishing disappears from search, and comes back when reopened', async () => {
		const hr = await srv.login(...(await hrOf(P.account)));
		assert.equal((await hr.post(`positions/${P.account.id}/close`)).status, 200);
		assert.deepEqual(await find({ q: '会计' }), []);
		assert.equal((await hr.post(`positions/${P.account.id}/reopen`)).status, 200);
		assert.deepEqual(await find({ q: '会计' }), ids('account'));
	});
});

// Credentials of an HR account of the enterprise of position p (a fresh account each time).
async function hrOf(p) {
	const a = await makeAccount(admin, { role: 'enterprise', org_id: p.enterprise_id });
	return [a.login, a.password];
}

describe('filters', () => {
	const unrestricted = () => [...open.values()].filter((p) => p.majors.length === 0).map((p) => p.id);

	it('major: a position accepting class 4603 is found for major 460301 but not for 510101; unrestricted ones for any major', async () => {
		assert.deepEqual(await find({ major: MAJOR.mechatronics }), sorted([P.mech.id, ...unrestricted()]));
		assert.deepEqual(await find({ major: MAJOR.electronics }), sorted([P.tester.id, ...unrestricted()]));
		assert.deepEqual(await find({ major: MAJOR.accounting }), sorted(unrestricted()));
		assert.deepEqual(await find({ major: MAJOR.automationClass }), sorted([P.mech.id, ...unrestricted()]));
		assert.deepEqual(await find({ major: MAJOR.mechatronics, q: '技术员' }), ids('mech'));
		assert.deepEqual(await find({ major: MAJOR.electronics, q: '技术员' }), []);
	});

	it('city, kind', async () => {
		assert.deepEqual(await find({ city: CITY.guangzhou }), ids('tester'));
		assert.deepEqual(await find({ city: CITY.qingyuan }), ids('mech', 'account', 'zone'));
		assert.deepEqual(await find({ kind: '实习' }), ids('tester'));
		assert.deepEqual(await find({ kind: '见习' }), ids('account'));
		expectError(await stu.client.get(`positions?${new URLSearchParams({ kind: '兼职' })}`), 400, 'invalid', 'kind');
	});

	it('salary_min: positions whose salary_max is at least it', async () => {
		for (const s of [6000, 6500, 9000, 12001]) {
			const want = sorted([...open.values()].filter((p) => p.salary_max !== null && p.salary_max >= s).map((p) => p.id));
			assert.deepEqual(await find({ salary_min: String(s) }), want, `salary_min=${s}`);
		}
	});

	it('in_zone=1, industry (section or division), enterprise_id', async () => {
		assert.deepEqual(await find({ in_zone: '1' }), ids('zone'));
		assert.equal(P.zone.in_zone, 1);
		assert.deepEqual(await find({ industry: '38' }), ids('zone'));
		assert.deepEqual(await find({ industry: 'C' }), ids('zone'));
		assert.deepEqual(await find({ industry: 'I' }), []);
		assert.deepEqual(await find({ enterprise_id: String(P.tester.enterprise_id) }), sorted([...open.values()].filter((p) => p.enterprise_id === P.tester.enterprise_id).map((p) => p.id)));
		assert.deepEqual(await find({ enterprise_id: String(P.zone.enterprise_id), q: '装配' }), ids('zone'));
	});
});

describe('sorting and keyset pagination', () => {
	const expectNewest = () => sorted([...open.keys()]).reverse();
	const expectSalary = () =>
		[...open.values()]
			.sort((a, b) => (b.salary_max ?? 0) - (a.salary_max ?? 0) || b.id - a.id)
			.map((p) => p.id);

	for (const limit of [1, 4, 7, 100]) {
		it(`sort=newest, limit ${limit}: all pages, no duplicates, no gaps, id descending`, async () => {
			const { items, pages, total } = await searchAll(stu.client, { sort: 'newest' }, { limit });
			const got = items.map((p) => p.id);
			assert.deepEqual(got, expectNewest());
			assert.equal(total, open.size);
			for (const pg of pages) {
				assert.equal(pg.total, open.size, 'total is the whole result, on every page');
				assert.ok(pg.items.length <= limit);
			}
			assert.equal(pages.length, Math.ceil(open.size / limit));
		});

		it(`sort=salary, limit ${limit}: all pages, ties and missing salaries kept in order`, async () => {
			const { items } = await searchAll(stu.client, { sort: 'salary' }, { limit });
			assert.deepEqual(items.map((p) => p.id), expectSalary());
		});
	}

	it('newest is the default without q', async () => {
		const { items } = await searchAll(stu.client, {}, { limit: 5 });
		assert.deepEqual(items.map((p) => p.id), expectNewest());
	});

	it('pagination with a filter: salary sort over salary_min=4000 and city', async () => {
		const { items } = await searchAll(stu.client, { sort: 'salary', salary_min: '4000', city: CITY.shenzhen }, { limit: 3 });
		const want = [...open.values()]
			.filter((p) => p.salary_max !== null && p.salary_max >= 4000 && p.city_code === CITY.shenzhen)
			.sort((a, b) => b.salary_max - a.salary_max || b.id - a.id)
			.map((p) => p.id);
		assert.ok(want.length > 6);
		assert.deepEqual(items.map((p) => p.id), want);
	});

	it('relevance (default with q): title hits first, every page followed', async () => {
		const { items } = await searchAll(stu.client, { q: '机电' }, { limit: 1 });
		assert.deepEqual(items.map((p) => p.id), [P.mech.id, P.zone.id], 'a title hit (机电一体化技术员) before a description hit (设备装配工)');
		const { items: all } = await searchAll(stu.client, { q: '批量' }, { limit: 5 });
		const gotIds = all.map((p) => p.id);
		assert.equal(new Set(gotIds).size, gotIds.length, 'duplicates across relevance pages');
		assert.deepEqual(sorted(gotIds), sorted([...open.values()].filter((p) => p.title.startsWith('批量')).map((p) => p.id)));
	});

	it('a bad cursor or sort is 400 naming it', async () => {
		const bad = [
			[{ sort: 'newest', cursor: 'abc' }, 'cursor'],
			[{ sort: 'newest', cursor: '-5' }, 'cursor'],
			[{ sort: 'newest', cursor: '0' }, 'cursor'],
			[{ sort: 'salary', cursor: 'xyz' }, 'cursor'],
			[{ sort: 'salary', cursor: '5000' }, 'cursor'],
			[{ q: '机电', cursor: 'x' }, 'cursor'],
			[{ sort: 'cheapest' }, 'sort'],
			[{ limit: '0' }, 'limit'],
			[{ limit: '101' }, 'limit'],
			[{ salary_min: 'lots' }, 'salary_min'],
		];
		for (const [params, field] of bad) {
			expectError(await stu.client.get(`positions?${new URLSearchParams(params)}`), 400, 'invalid', field);
		}
	});

	it('search needs a session (401)', async () => {
		expectError(await srv.client().get('positions'), 401, 'unauthenticated');
	});
});

// Issue 14: ranking under 相关度, synonyms, why a result matched, the empty result's way out,
// suggestions, and an enterprise rename reaching its positions' search text.  Last in the
// file: its positions would change the exact lists above.
describe('ranking, synonyms, why it matched (issue 14)', () => {
	const R = {};
	let hrH; // HR of 清远鸿运实业有限公司
	let hongyun;
	const order = async (q, params = {}) => (await searchAll(stu.client, { q, ...params }, { limit: 7 })).items;
	const rankOf = (items, p) => items.findIndex((i) => i.id === p.id);

	before(async () => {
		hongyun = await makeEnterprise(admin, { name: '清远鸿运实业有限公司' });
		hrH = (await makeHr(srv, admin, hongyun)).client;
		const hrB = (await makeHr(srv, admin, { id: P.tester.enterprise_id })).client;
		const pos = (title, description, extra = {}) => openPosition(hrB, { title, kind: '全职', city_code: CITY.shenzhen, description, ...extra });
		R.wind = await pos('风力发电工程操作员', '负责风场日常巡检');
		R.elecTitle = await pos('维修电工', '负责厂区配电维护');
		R.elecSkill = await pos('设备巡检员', '负责厂区设备点检', { required_skills: ['low-voltage-electrician'] });
		R.elecSyn = await pos('电气设备安装员', '负责设备安装');
		R.plane = await pos('飞机电子设备维修助理', '负责航电设备维修');
		R.mechAssist = await pos('机电一体化助理', '负责产线设备维护');
		R.title = await pos('鸿运车间主管', '负责车间管理');
		R.ent = await openPosition(hrH, { title: '仓库管理员', kind: '全职', city_code: CITY.shenzhen, description: '负责仓库收发' });
		R.desc = await pos('项目专员', '协助鸿运项目推进');
		R.skill = await pos('成本专员', '负责成本核算', { required_skills: ['financial-analysis'] });
		R.skillDesc = await pos('数据专员', '负责财务分析报表');
		R.welder = await pos('焊工学徒', '负责钢构件拼装');
		R.welding = await pos('焊接技术员', '负责钢构件拼装');
	});

	it('电工: a whole-word title first, the title inside 风力发电工程 after it, a skill hit next, the synonym 电气 last', async () => {
		const items = await order('电工');
		const got = items.map((i) => i.id);
		assert.deepEqual(got, [R.elecTitle.id, R.wind.id, R.elecSkill.id, R.elecSyn.id], items.map((i) => i.title).join(' '));
		assert.deepEqual(items[0].match, { fields: ['title'], words: ['电工', '维修电工'], synonym: false }, 'the synonym 维修电工 is there too');
		assert.deepEqual(items[3].match, { fields: ['title'], words: ['电气'], synonym: true });
		assert.deepEqual(items[2].match.fields, ['skills']);
	});

	it('机电 助理: 机电一体化助理 before 飞机电子设备维修助理 (机电 inside 飞机电子 is not a word)', async () => {
		const got = (await order('机电 助理')).map((i) => i.id);
		assert.ok(rankOf(got.map((id) => ({ id })), R.mechAssist) === 0, `${got}`);
		assert.ok(got.includes(R.plane.id), 'still found');
	});

	it('the field decides among whole or inside hits alike: title > enterprise > description; skill > description', async () => {
		const items = await order('鸿运');
		assert.deepEqual(items.map((i) => i.id), [R.title.id, R.ent.id, R.desc.id]);
		assert.deepEqual(items.map((i) => i.match.fields), [['title'], ['enterprise'], ['description']]);
		const fin = await order('财务分析');
		assert.deepEqual(fin.map((i) => i.id), [R.skill.id, R.skillDesc.id]);
	});

	it('synonyms shipped as data: 焊工 finds 焊接 below the literal; welding / Welding find both', async () => {
		assert.deepEqual((await order('焊工')).map((i) => i.id), [R.welder.id, R.welding.id]);
		for (const q of ['welding', 'Welding', 'WELDER']) assert.deepEqual(sorted((await order(q)).map((i) => i.id)), sorted([R.welder.id, R.welding.id]), q);
		assert.deepEqual(await find({ q: '焊接' }), sorted([R.welder.id, R.welding.id]), '焊接 ↔ 焊工 both ways');
	});

	it('match says why on every sort; none without q', async () => {
		const [mech] = (await stu.client.get(`positions?${new URLSearchParams({ q: 'plc', sort: 'newest' })}`)).json.items;
		assert.equal(mech.id, P.mech.id);
		assert.deepEqual(mech.match, { fields: ['skills'], words: ['plc'], synonym: false });
		assert.equal(mech.search_text, undefined, 'the raw text is not sent');
		const plain = (await stu.client.get('positions?limit=3')).json.items;
		assert.ok(plain.every((p) => p.match === undefined));
	});

	it('an empty result lists, for each filter given, what the search finds without it', async () => {
		const r = await stu.client.get(`positions?${new URLSearchParams({ q: '电工', city: CITY.guangzhou, kind: '全职' })}`);
		assert.equal(r.json.total, 0);
		assert.deepEqual(r.json.relax, [
			{ filter: 'city', total: 4 },
			{ filter: 'kind', total: 0 },
		]);
		assert.equal((await stu.client.get(`positions?q=${encodeURIComponent('电工')}`)).json.relax, undefined, 'only when empty');
	});

	it('suggestions after 1 character: titles, enterprises, skills; bad q is 400', async () => {
		const s = (await stu.client.get(`positions/suggest?q=${encodeURIComponent('鸿')}`)).json;
		assert.deepEqual(s.positions, [{ title: '鸿运车间主管', positions: 1 }]);
		assert.deepEqual(s.enterprises, [{ id: hongyun.id, name: '清远鸿运实业有限公司', positions: 1 }]);
		const p = (await stu.client.get('positions/suggest?q=p')).json;
		assert.ok(p.skills.some((k) => k.name === 'PLC编程'), JSON.stringify(p.skills));
		assert.ok(p.skills.length === 5 && p.skills.every((k) => /^p/i.test(k.name)), 'names starting with it first, ASCII case ignored');
		for (const q of ['', 'x'.repeat(31)]) expectError(await stu.client.get(`positions/suggest?q=${q}`), 400, 'invalid', 'q');
	});

	it('an enterprise rename reaches its positions: the new name finds them, the old one no longer', async () => {
		const r = await admin.post(`organizations/${hongyun.id}`, { name: '清远瑞丰实业有限公司' });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(await find({ q: '瑞丰' }), [R.ent.id]);
		assert.deepEqual(await find({ q: '鸿运' }), sorted([R.title.id, R.desc.id]));
	});
});
