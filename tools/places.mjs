// The kecamatan and kelurahan of every kabupaten and kota, written for the server from the npm
// package idn-area-data (Kemendagri's codes and names; its data under the ODbL), one regency
// after another: `R	province	regency`, then one `K	kecamatan	kelurahan|kelurahan|…` line per
// kecamatan, in the package's (code) order. The server embeds the file and answers a user's
// agency with its own regency (crates/server/src/places.rs).
//   node tools/places.mjs           writes crates/server/data/places.tsv
//   node tools/places.mjs --check   fails when the file is not what the package gives
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';

const require = createRequire(import.meta.url);
const pkg = dirname(require.resolve('idn-area-data/package.json'));
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
const out = new URL('../crates/server/data/places.tsv', import.meta.url);

/** The rows of one of the package's CSV files, by their header's names. */
function rows(name) {
  const parsed = Papa.parse(readFileSync(join(pkg, 'data', `${name}.csv`), 'utf8'), { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${name}.csv: ${parsed.errors[0].message}`);
  return parsed.data;
}

/** `list` grouped by `key`, each group in the list's order. */
function grouped(list, key) {
  const groups = new Map();
  for (const row of list) {
    if (!groups.has(row[key])) groups.set(row[key], []);
    groups.get(row[key]).push(row);
  }
  return groups;
}

const clean = (name) => {
  if (/[\t|\n]/.test(name)) throw new Error(`a place named ${JSON.stringify(name)} would break the file`);
  return name.trim();
};

const provinces = new Map(rows('provinces').map((p) => [p.code, p.name]));
const districts = grouped(rows('districts'), 'regency_code');
const villages = grouped(rows('villages'), 'district_code');
const lines = [`# tools/places.mjs from idn-area-data ${version} (Kemendagri's codes and names; ODbL): do not edit`];
for (const regency of rows('regencies')) {
  lines.push(`R\t${clean(provinces.get(regency.province_code))}\t${clean(regency.name)}`);
  for (const district of districts.get(regency.code) ?? []) {
    const names = (villages.get(district.code) ?? []).map((v) => clean(v.name));
    lines.push(`K\t${clean(district.name)}\t${names.join('|')}`);
  }
}
const text = lines.join('\n') + '\n';

if (process.argv.includes('--check')) {
  let held = '';
  try {
    held = readFileSync(out, 'utf8');
  } catch {}
  if (held !== text) {
    console.error(`crates/server/data/places.tsv is not what idn-area-data ${version} gives: run node tools/places.mjs`);
    process.exit(1);
  }
  console.log(`places.tsv is idn-area-data ${version}'s`);
} else {
  writeFileSync(out, text);
  console.log(`wrote crates/server/data/places.tsv: ${lines.length - 1} lines, ${(text.length / 1e6).toFixed(2)} MB`);
}
