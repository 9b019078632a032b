// Writes data/common_passwords.txt, the list of common passwords that the password
// policy refuses (src/domain/password_list.c embeds it at build time).
//
//   npm pack zxcvbn@4.4.2 && tar xzf zxcvbn-4.4.2.tgz
//   node scripts/gen-common-passwords.mjs package/lib/frequency_lists.js > data/common_passwords.txt
//
// Three parts, merged, lowercased, deduplicated and sorted bytewise (the C side
// binary-searches the list):
//   1. zxcvbn 4.4.2's "passwords" frequency list (npm package zxcvbn, MIT licence,
//      © 2012-2016 Dan Wheeler and Dropbox, Inc.): the 30,000 most frequent passwords
//      of Mark Burnett's 10-million-password corpus (Xato), which he released into
//      the public domain.  Taken as data only.
//   2. CHINESE_TOP below: the Chinese favourites as published in the top-N tables of
//      analyses of the 2011 CSDN, Tianya, 7k7k, Duowan and Renren leaks (Li, Han and
//      Xu, USENIX Security 2014; Wang et al., USENIX Security 2019 and IEEE TIFS
//      2017; program-think's 2011 CSDN/Renren analysis; the lists Rising and Qihoo
//      360 published in November 2011).  Typed for this project from those
//      publications' tables, not taken from any leaked file.
//   3. Patterns those analyses describe as the commonest Chinese constructions:
//      love phrases and lucky numbers (woaini, 5201314, 1314520, 7758521, 168, 888),
//      and the hundred commonest surnames' pinyin followed by a digit run or a lucky
//      number (wang123456, zhang1314).  Written for this project.
// Entries shorter than 4 characters are left out: the policy only ever looks up
// whole passwords (10 characters at least) and their stems of 4 or more.
import fs from 'node:fs';

const CHINESE_TOP = `
123456789 12345678 11111111 dearbook 00000000 123123123 1234567890 88888888 111111111
147258369 987654321 aaaaaaaa 1111111111 66666666 a123456789 11223344 1qaz2wsx xiazhili
789456123 password 87654321 qqqqqqqq 000000000 qwertyuiop qq123456 iloveyou 31415926
12344321 0000000000 asdfghjkl 1q2w3e4r 123456abc 0123456789 123654789 12121212
qazwsxedc abcd1234 12341234 110110110 asdasdasd 22222222 123321123 abc123456 a12345678
123456123 a1234567 1234qwer qwertyui 123456789a aa123456 asdfasdf 99999999 999999999
123456aa 123456123456 520520520 5201314520 1314520520 7758521 1234abcd 5201314
111222tianya 1314520 147258 5211314 159357 a123456 123qwe woaini woaini1314 woaini520
168168 zxcvbnm 112233 520520 121212 654321 123321 666666 888888 000000 111111 123123
xiaoming taobao admin root wang1234 wodemima woaiwojia abc123 q1w2e3r4 1qazxsw2
zxcvbnm123 qweasdzxc 1q2w3e4r5t qwe123456 qwe123 asd123456 zxc123456 woaini123
woaini521 woaini1314520 aini1314 iloveyou1314 5201314a 7758258 1314521 3344520 3344521
520131400 52013145201314 888888888 666666666 168888 518518 101010 584520 9958 5845201314
qq5201314 qq1314520 qq123456789 qq666666 qq888888 abcdefg123 abc123456789 a5201314
li123456 wang123456 zhang123456 liu123456 chen123456 baidu123 sina123 163163 126126
qqqqqq woshishui nishishui zhongguo chinese china123 zhongguo123 beijing beijing2008
shanghai guangzhou shenzhen tianya csdn123 csdn.net dodonew duowan 7k7k7k tianya123
kaixin001 renren qwer1234 asdf1234 zxcv1234 1qaz2wsx3edc 1qaz@wsx 1qaz!qaz !qaz2wsx
p@ssw0rd passw0rd password1 admin123 admin888 admin123456 root123 test123 123456qq
123456a 123456aa 123456abc 123456789abc 12345qwert 789789 456456 147147 258258 369369
159753 159951 147852 147258369a 19881988 19891989 19901990 19911991 19921992 19931993
`;

const LOVE = ['woaini', 'aini', 'woaiwojia', 'wodemima', 'iloveyou', 'qq', 'a', 'aa', 'abc', 'qwe', 'asd', 'zxc', 'wo', 'ni', 'baobao', 'laopo', 'laogong', 'xiaobao', 'beibei'];
const SURNAMES = `wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao
zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du
ye cheng wei su lu ding ren shen yao fang jin shi tan jia xia fu zou xiong bai meng qin qiu
hou xue yan lei long duan hao kong shao mao chang wan gu lai wen qian dai kang qi niu mo hong
gong shang zhan wei ou yin tao`.split(/\s+/);
const NUMBERS = ['1314', '520', '521', '5201314', '1314520', '7758521', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '888', '8888', '888888', '666', '6666', '666666', '168', '518', '111', '000', '110', '119', '007', '2008', '2012'];

function zxcvbnPasswords(file) {
	const src = fs.readFileSync(file, 'utf8');
	const m = /passwords:\s*"([^"]*)"/.exec(src);
	if (!m) throw new Error(`${file}: no "passwords" list`);
	return m[1].split(',');
}

if (process.argv.length !== 3) {
	console.error('usage: node scripts/gen-common-passwords.mjs PATH/zxcvbn/lib/frequency_lists.js');
	process.exit(2);
}
const all = new Set();
const add = (w) => {
	w = w.trim().toLowerCase();
	if (w.length >= 4 && !/[\s\x00-\x1f\x7f]/.test(w)) all.add(w);
};
zxcvbnPasswords(process.argv[2]).forEach(add);
CHINESE_TOP.split(/\s+/).forEach(add);
for (const w of [...LOVE, ...SURNAMES]) for (const n of NUMBERS) add(w + n);
for (const n of NUMBERS) for (const m of NUMBERS) if (n !== m && (n + m).length >= 6) add(n + m);

const list = [...all].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
process.stdout.write(`# Common passwords that Skyway refuses (src/domain/password_list.c).  ${list.length} entries,
# lowercase, one a line, sorted bytewise.  Made by scripts/gen-common-passwords.mjs from:
#  1. the "passwords" frequency list of the npm package zxcvbn 4.4.2 (MIT licence,
#     (c) 2012-2016 Dan Wheeler and Dropbox, Inc.): the 30,000 commonest passwords of
#     Mark Burnett's 10-million-password corpus, which he released into the public domain;
#  2. the Chinese top lists published in analyses of the 2011 CSDN, Tianya, 7k7k, Duowan and
#     Renren leaks (Li, Han and Xu, USENIX Security 2014; Wang et al., USENIX Security 2019;
#     program-think 2011; Rising and Qihoo 360, November 2011), typed from those tables;
#  3. the Chinese constructions those analyses describe (love phrases, lucky numbers,
#     common surnames' pinyin + digit runs), written for this project.
# Parts 2 and 3 may be used under the same terms as the rest of this repository.
# Lines starting with "#" are comments.
${list.join('\n')}
`);
