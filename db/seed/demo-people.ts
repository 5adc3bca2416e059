// Demo accounts for every role, so a newcomer can try each view (listed in README). Every one
// has the password `baqylau-demo`; only the demo election brings them, never a real database.
import type { Role } from '../../shared/people.ts';

export const DEMO_PASSWORD = 'baqylau-demo';

export interface DemoPerson {
  username: string;
  name: string;
  role: Role;
  phone: string | null;
  regions: string[];
  /** Station number this person observes (primary or reserve). */
  station?: { number: number; kind: 'primary' | 'reserve' };
  /** Mobile group name. */
  group?: string;
}

/** The named accounts of the README. */
export const NAMED_DEMO_ACCOUNTS: readonly DemoPerson[] = [
  { username: 'hq', name: 'Әсел Нұрланқызы (HQ admin)', role: 'hq_admin', phone: null, regions: [] },
  { username: 'coordinator', name: 'Дәурен Сейітов', role: 'hq_coordinator', phone: null, regions: [] },
  {
    username: 'almaty-coordinator',
    name: 'Гүлнар Әбенова',
    role: 'regional_coordinator',
    phone: null,
    regions: ['almaty-city'],
  },
  {
    username: 'south-coordinator',
    name: 'Бауыржан Тастанов',
    role: 'regional_coordinator',
    phone: null,
    regions: ['shymkent', 'turkistan'],
  },
  {
    username: 'observer',
    name: 'Мадина Қалиева',
    role: 'station_observer',
    phone: '+77010000001',
    regions: [],
    station: { number: 1, kind: 'primary' },
  },
  {
    username: 'reserve',
    name: 'Арман Жұмабаев',
    role: 'station_observer',
    phone: '+77010000002',
    regions: [],
    station: { number: 1, kind: 'reserve' },
  },
  { username: 'lto', name: 'Ерлан Мұхамедов', role: 'long_term_observer', phone: null, regions: ['astana'] },
  { username: 'operator', name: 'Динара Әлиева', role: 'data_entry', phone: null, regions: [] },
  { username: 'correspondent', name: 'Алия Серікова', role: 'correspondent', phone: null, regions: [] },
  {
    username: 'mobile',
    name: 'Нұржан Ахметов',
    role: 'mobile_member',
    phone: null,
    regions: ['almaty-city'],
    group: 'Алматы-1',
  },
  {
    username: 'mobile2',
    name: 'Жанар Омарова',
    role: 'mobile_member',
    phone: null,
    regions: ['almaty-city'],
    group: 'Алматы-1',
  },
  { username: 'lawyer', name: 'Самат Бекенов', role: 'legal_consultant', phone: null, regions: [] },
];

const FIRST = [
  'Айбек',
  'Айгерім',
  'Асхат',
  'Дана',
  'Ержан',
  'Жансая',
  'Қайрат',
  'Ләззат',
  'Мұрат',
  'Нұрсұлу',
  'Ринат',
  'Сәуле',
  'Талғат',
  'Ұлжан',
  'Шынар',
  'Ербол',
];
const LAST = [
  'Абдуллаев',
  'Бекова',
  'Жақыпов',
  'Исаева',
  'Кенжебаев',
  'Мамырова',
  'Нұрпейісов',
  'Оспанова',
  'Сарсенбаев',
  'Тоқтарова',
  'Уәлиев',
  'Шәріпова',
];

/**
 * One primary observer for most stations (about 3 in 100 are left uncovered, as in real life),
 * a reserve for every tenth, and a mobile group of 2-3 per region.
 */
export function demoFieldPeople(
  stations: readonly { number: number; region_code: string }[],
  regions: readonly string[],
): DemoPerson[] {
  const people: DemoPerson[] = [];
  const name = (n: number) => `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
  for (const station of stations) {
    const n = station.number;
    if (n <= 1) continue; // station 1 has the named `observer` and `reserve`
    // A fixed hash of the number, so the uncovered stations are spread over all regions.
    const h = (n * 2654435761) % 1000;
    if (h >= 30) {
      people.push({
        username: `obs-${n}`,
        name: name(n),
        role: 'station_observer',
        phone: `+7702${String(10_000_000 + n).slice(1)}`,
        regions: [],
        station: { number: n, kind: 'primary' },
      });
    }
    if (n % 10 === 0) {
      people.push({
        username: `res-${n}`,
        name: name(n + 7),
        role: 'station_observer',
        phone: `+7703${String(10_000_000 + n).slice(1)}`,
        regions: [],
        station: { number: n, kind: 'reserve' },
      });
    }
  }
  regions.forEach((region, r) => {
    const size = 2 + (r % 2);
    for (let m = 1; m <= size; m++) {
      if (region === 'almaty-city' && m <= 2) continue; // the named `mobile` and `mobile2`
      people.push({
        username: `mobile-${region}-${m}`,
        name: name(r * 3 + m + 5000),
        role: 'mobile_member',
        phone: null,
        regions: [region],
        group: region === 'almaty-city' ? 'Алматы-1' : `${region}-1`,
      });
    }
  });
  return people;
}
