// The peer's port of src/domain/search_rank.c (issue 9's comparison): what a
// position search query means (terms, synonyms from data/search_synonyms.tsv)
// and how well a position's search text answers it.  The rules are the C
// file's, step by step, so that the peer ranks and explains exactly as
// Skyway does; see search_rank.h for what they mean.
import { readFileSync } from 'node:fs';

const MAX_TERMS = 6;
const MAX_ALTS = 8;
const TITLE = 1, ENTERPRISE = 2, CITY = 4, NAMES = 8, DESCRIPTION = 16;

// The data files' bodies (header line skipped), as the C code reads them.
function body(dataDir, name) {
	const text = readFileSync(`${dataDir}/${name}`, 'utf8');
	return text.slice(text.indexOf('\n') + 1).split('\n').filter((l) => l.length);
}

export function loadWords(dataDir) {
	const words = []; // [word, group]
	body(dataDir, 'search_synonyms.tsv').forEach((line, group) => {
		for (const w of line.split('\t')[0].split('|')) if (w) words.push([w, group]);
	});
	return { words, jobs: body(dataDir, 'job_words.tsv') };
}

// ASCII-only case folding (strcasecmp, find_ci): other characters stay.
const lowerAscii = (s) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

// search_query_parse: terms split on blanks and tabs, each with its synonyms.
export function parseQuery(W, q) {
	const terms = [];
	for (const t of q.split(/[ \t]+/)) {
		if (!t) continue;
		if (terms.length >= MAX_TERMS) break;
		const alt = [t];
		const i = W.words.findIndex(([w]) => lowerAscii(w) === lowerAscii(t));
		if (i >= 0)
			for (let j = 0; j < W.words.length && alt.length < MAX_ALTS; j++)
				if (W.words[j][1] === W.words[i][1] && j !== i) alt.push(W.words[j][0]);
		terms.push(alt);
	}
	return terms;
}

function isSep(c) {
	if (c < 0x80) return !((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90));
	return c === 0xb7 || (c >= 0x2010 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) ||
		(c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
		(c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65);
}

// A field is [s, e) of the text (UTF-16 offsets: a match of UTF-8 bytes at
// a character boundary is a match of the characters, so offsets agree).
const sepBefore = (t, f, p) => p <= f.s || isSep(t.charCodeAt(p - 1));
const sepAt = (t, f, p) => p >= f.e || isSep(t.charCodeAt(p));

function jobAt(W, t, f, p) {
	if (f.bit !== TITLE) return false;
	for (const j of W.jobs)
		if (f.e - p >= j.length && t.startsWith(j, p) && (sepAt(t, f, p + j.length) || jobAt(W, t, f, p + j.length)))
			return true;
	return false;
}

function fieldScore(W, t, low, f, needle) {
	let best = 0;
	const n = needle.length;
	for (let at = low.indexOf(needle, f.s); at >= 0 && at + n <= f.e; at = low.indexOf(needle, at + 1)) {
		const end = at + n;
		const whole = sepBefore(t, f, at) || sepAt(t, f, end) || jobAt(W, t, f, at) || jobAt(W, t, f, end);
		const s = (whole ? 100 : 0) + f.weight * 10;
		if (s > best) best = s;
	}
	return best;
}

const BITS = [TITLE, ENTERPRISE, CITY, NAMES, DESCRIPTION];
const WEIGHT = [4, 3, 2, 2, 1];

// search_rank: {score, fields, synonymOnly, words} when every term is found, else null.
export function searchRank(W, text, terms) {
	const f = [];
	let p = 0;
	for (let i = 0; i < 5; i++) {
		const nl = i < 4 ? text.indexOf('\n', p) : -1;
		f.push({ s: p, e: nl >= 0 ? nl : text.length, bit: BITS[i], weight: WEIGHT[i] });
		p = nl >= 0 ? nl + 1 : text.length;
	}
	const low = lowerAscii(text);
	const hit = { score: 0, fields: 0, synonymOnly: false, words: [] };
	for (const alts of terms) {
		let best = 0, literal = false;
		alts.forEach((alt, a) => {
			const needle = lowerAscii(alt);
			let found = false;
			for (const field of f) {
				let s = fieldScore(W, text, low, field, needle);
				if (!s) continue;
				found = true;
				hit.fields |= field.bit;
				s += a === 0 ? 1000 : 0;
				if (s > best) best = s;
			}
			if (found) {
				if (!hit.words.includes(alt) && hit.words.length < MAX_TERMS * 2) hit.words.push(alt);
				literal ||= a === 0;
			}
		});
		if (!best) return null;
		hit.synonymOnly ||= !literal;
		hit.score += best;
	}
	for (let b = hit.fields; b; b &= b - 1) hit.score++;
	return hit;
}

export const FIELD_NAMES = ['title', 'enterprise', 'city', 'skills', 'description'];
