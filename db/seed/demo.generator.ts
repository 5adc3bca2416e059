// Deterministic demo election: the same seed gives the same 10,248 stations, byte for byte, on
// every machine. Stations cluster around real towns of each region; every point lies inside
// Kazakhstan's outline and outside its big lakes. The six candidates are fictional.
import type { AccessibilityFeature, BuildingKind } from '../../shared/stations.ts';
import { ACCESSIBILITY_FEATURES, MAX_REGISTERED_VOTERS } from '../../shared/stations.ts';
import type { NewBallotOptionRow, NewElectionRow, NewStationRow } from '../schema.ts';
import { isOnLand } from './kazakhstan-outline.ts';
import { REGIONS } from './regions.data.ts';

export const DEMO_SEED = 20261122;

/** A town: `[name, lat, lng]`; the first of each region is its centre. */
type Town = readonly [string, number, number];

/** City districts for the three cities of republican significance. */
const CITY_DISTRICTS: Record<string, readonly string[]> = {
  'almaty-city': ['Алмалы', 'Әуезов', 'Бостандық', 'Жетісу', 'Медеу', 'Наурызбай', 'Түрксіб', 'Алатау'],
  astana: ['Алматы', 'Байқоңыр', 'Есіл', 'Сарыарқа', 'Нұра'],
  shymkent: ['Абай', 'Әл-Фараби', 'Еңбекші', 'Қаратау', 'Тұран'],
};

/** City centres are nudged inland where the 1:50m coastline runs close. */
const TOWNS: Record<string, readonly Town[]> = {
  'almaty-city': [['Алматы', 43.24, 76.89]],
  astana: [['Астана', 51.15, 71.43]],
  shymkent: [['Шымкент', 42.32, 69.59]],
  turkistan: [
    ['Түркістан', 43.3, 68.27],
    ['Кентау', 43.52, 68.51],
    ['Арыс', 42.43, 68.8],
    ['Сарыағаш', 41.45, 69.17],
    ['Жетісай', 40.78, 68.33],
    ['Шардара', 41.25, 67.97],
    ['Леңгір', 42.18, 69.88],
    ['Сайрам', 42.3, 69.77],
    ['Шәуілдір', 42.78, 68.36],
    ['Қазығұрт', 41.76, 69.38],
    ['Шолаққорған', 43.77, 69.17],
    ['Мақтаарал', 40.9, 68.45],
  ],
  'almaty-region': [
    ['Қонаев', 43.86, 77.05],
    ['Талғар', 43.3, 77.24],
    ['Есік', 43.36, 77.45],
    ['Қаскелең', 43.2, 76.62],
    ['Ұзынағаш', 43.22, 76.31],
    ['Шелек', 43.6, 78.25],
    ['Кеген', 43.02, 79.22],
    ['Нарынқол', 42.72, 80.17],
    ['Шонжы', 43.53, 79.47],
    ['Бақанас', 44.8, 76.27],
    ['Өтеген батыр', 43.42, 77.01],
  ],
  zhambyl: [
    ['Тараз', 42.9, 71.37],
    ['Шу', 43.6, 73.76],
    ['Қаратау', 43.18, 70.46],
    ['Жаңатас', 43.57, 69.75],
    ['Қордай', 43.04, 74.71],
    ['Мерке', 42.87, 73.18],
    ['Сарыкемер', 42.99, 71.49],
    ['Құлан', 42.92, 72.73],
    ['Мойынқұм', 44.29, 72.94],
    ['Бауыржан Момышұлы', 42.62, 70.76],
  ],
  karaganda: [
    ['Қарағанды', 49.8, 73.1],
    ['Теміртау', 50.05, 72.96],
    ['Балқаш', 46.86, 74.98],
    ['Шахтинск', 49.71, 72.59],
    ['Саран', 49.79, 72.85],
    ['Абай', 49.63, 72.86],
    ['Қарқаралы', 49.41, 75.47],
    ['Осакаровка', 50.56, 72.57],
    ['Ботақара', 50.05, 73.72],
    ['Ақтоғай', 48.17, 75.3],
  ],
  aktobe: [
    ['Ақтөбе', 50.28, 57.17],
    ['Хромтау', 50.25, 58.45],
    ['Қандыағаш', 49.47, 57.42],
    ['Шалқар', 47.83, 59.62],
    ['Алға', 49.9, 57.33],
    ['Ембі', 48.83, 58.14],
    ['Темір', 49.14, 57.12],
    ['Мәртөк', 50.75, 56.52],
    ['Ырғыз', 48.62, 61.26],
    ['Қарауылкелді', 48.69, 55.87],
  ],
  kostanay: [
    ['Қостанай', 53.21, 63.63],
    ['Рудный', 52.96, 63.12],
    ['Лисаковск', 52.54, 62.49],
    ['Арқалық', 50.25, 66.91],
    ['Жітіқара', 52.19, 61.2],
    ['Тобыл', 52.7, 62.58],
    ['Федоровка', 53.63, 62.7],
    ['Амангелді', 50.18, 65.19],
    ['Меңдіқара', 53.79, 64.17],
    ['Әулиекөл', 52.37, 64.1],
  ],
  kyzylorda: [
    ['Қызылорда', 44.85, 65.51],
    ['Арал', 46.8, 61.67],
    ['Қазалы', 45.76, 62.1],
    ['Жалағаш', 45.08, 64.67],
    ['Шиелі', 44.17, 66.75],
    ['Жаңақорған', 43.91, 67.25],
    ['Тереңөзек', 45.05, 64.99],
    ['Әйтеке би', 45.85, 62.15],
  ],
  akmola: [
    ['Көкшетау', 53.28, 69.39],
    ['Степногорск', 52.35, 71.89],
    ['Щучинск', 52.93, 70.2],
    ['Атбасар', 51.81, 68.36],
    ['Макинск', 52.63, 70.42],
    ['Есіл', 51.96, 66.4],
    ['Державинск', 51.1, 66.32],
    ['Ерейментау', 51.62, 73.1],
    ['Ақкөл', 52.0, 70.94],
    ['Қосшы', 51.05, 71.48],
  ],
  mangystau: [
    ['Ақтау', 43.67, 51.22],
    ['Жаңаөзен', 43.34, 52.86],
    ['Бейнеу', 45.32, 55.2],
    ['Шетпе', 44.16, 52.12],
    ['Құрық', 43.2, 51.7],
    ['Маңғыстау', 43.62, 51.3],
    ['Таушық', 44.34, 51.4],
    ['Жетібай', 43.59, 52.08],
  ],
  pavlodar: [
    ['Павлодар', 52.29, 76.97],
    ['Екібастұз', 51.72, 75.32],
    ['Ақсу', 52.04, 76.93],
    ['Баянауыл', 50.79, 75.7],
    ['Ертіс', 53.33, 75.46],
    ['Шарбақты', 52.49, 78.15],
    ['Железинка', 53.54, 75.31],
    ['Теренкөл', 53.07, 76.1],
    ['Успенка', 52.91, 77.43],
  ],
  'east-kazakhstan': [
    ['Өскемен', 49.95, 82.61],
    ['Риддер', 50.34, 83.51],
    ['Алтай', 49.73, 84.27],
    ['Шемонаиха', 50.63, 81.91],
    ['Глубокое', 50.14, 82.31],
    ['Зайсан', 47.47, 84.87],
    ['Үлкен Нарын', 49.21, 84.51],
    ['Күршім', 48.57, 83.65],
  ],
  zhetysu: [
    ['Талдықорған', 45.02, 78.37],
    ['Текелі', 44.83, 78.82],
    ['Жаркент', 44.17, 80.0],
    ['Үштөбе', 45.25, 77.98],
    ['Сарқан', 45.41, 79.92],
    ['Үшарал', 46.17, 80.94],
    ['Қарабұлақ', 44.91, 78.49],
    ['Көктал', 44.09, 79.75],
    ['Жансүгіров', 45.39, 79.48],
    ['Достық', 45.25, 82.48],
  ],
  atyrau: [
    ['Атырау', 47.11, 51.92],
    ['Құлсары', 46.95, 54.01],
    ['Махамбет', 47.67, 51.58],
    ['Доссор', 47.53, 52.98],
    ['Индер', 48.55, 51.78],
    ['Мақат', 47.65, 53.32],
    ['Миялы', 48.86, 53.86],
  ],
  'west-kazakhstan': [
    ['Орал', 51.23, 51.37],
    ['Ақсай', 51.17, 52.99],
    ['Ақжайық', 50.19, 51.18],
    ['Жәнібек', 49.42, 46.85],
    ['Жымпиты', 50.26, 52.58],
    ['Переметное', 51.2, 50.85],
    ['Казталовка', 49.76, 48.69],
    ['Жалпақтал', 49.67, 49.48],
    ['Тасқала', 51.11, 50.3],
    ['Шыңғырлау', 51.1, 53.9],
  ],
  abai: [
    ['Семей', 50.41, 80.25],
    ['Курчатов', 50.76, 78.54],
    ['Аягөз', 47.96, 80.44],
    ['Үржар', 47.09, 81.63],
    ['Мақаншы', 46.8, 82.0],
    ['Қарауыл', 48.94, 79.25],
    ['Көкпекті', 48.75, 82.37],
    ['Баршатас', 48.17, 78.67],
    ['Жаңгызтөбе', 49.21, 81.21],
  ],
  'north-kazakhstan': [
    ['Петропавл', 54.87, 69.14],
    ['Булаево', 54.91, 70.44],
    ['Мамлют', 54.94, 68.54],
    ['Тайынша', 53.85, 69.76],
    ['Сергеевка', 53.88, 67.41],
    ['Тимирязев', 53.75, 66.49],
    ['Смирново', 54.51, 69.42],
    ['Саумалкөл', 53.3, 68.1],
    ['Явленка', 54.35, 68.46],
    ['Новоишимский', 53.2, 66.77],
  ],
  ulytau: [
    ['Жезқазған', 47.79, 67.71],
    ['Сәтбаев', 47.9, 67.53],
    ['Қаражал', 48.0, 70.79],
    ['Ұлытау', 48.65, 67.01],
    ['Жезді', 48.06, 67.06],
    ['Атасу', 48.68, 71.64],
  ],
};

const STREETS = [
  'Абай',
  'Әл-Фараби',
  'Төле би',
  'Қабанбай батыр',
  'Бейбітшілік',
  'Достық',
  'Тәуелсіздік',
  'Жамбыл',
  'Сейфуллин',
  'Әуезов',
  'Республика',
  'Наурыз',
  'Мектеп',
  'Орталық',
  'Жастар',
  'Абылай хан',
];

const BUILDINGS: readonly { kind: BuildingKind; weight: number; name: (n: number) => string }[] = [
  { kind: 'school', weight: 70, name: (n) => `№ ${n} жалпы білім беретін мектеп` },
  { kind: 'culture_house', weight: 12, name: () => 'Мәдениет үйі' },
  { kind: 'college', weight: 7, name: (n) => `№ ${n} колледж` },
  { kind: 'university', weight: 3, name: () => 'Университет ғимараты' },
  { kind: 'akimat', weight: 5, name: () => 'Ауылдық округ әкімдігі' },
  { kind: 'other', weight: 3, name: () => 'Спорт кешені' },
];

export interface DemoCandidate {
  kk: string;
  ru: string;
  en: string;
  affiliation: string;
}

/** Fictional people: any likeness to a real candidate is not intended. */
export const DEMO_CANDIDATES: readonly DemoCandidate[] = [
  { kk: 'Айгүл Бекмұратова', ru: 'Айгуль Бекмуратова', en: 'Aigul Bekmuratova', affiliation: 'Жасыл Дала' },
  { kk: 'Ербол Жақсылықов', ru: 'Ербол Жаксылыков', en: 'Yerbol Zhaksylykov', affiliation: 'Өзін-өзі ұсыну' },
  { kk: 'Мәди Қасымбеков', ru: 'Мади Касымбеков', en: 'Madi Kassymbekov', affiliation: 'Ұлы Бірлік' },
  { kk: 'Нұрлан Оспанов', ru: 'Нурлан Оспанов', en: 'Nurlan Ospanov', affiliation: 'Еңбек пен Әділет' },
  { kk: 'Сәуле Төлегенова', ru: 'Сауле Тулегенова', en: 'Saule Tolegenova', affiliation: 'Жаңа Өріс' },
  { kk: 'Тимур Юсупов', ru: 'Тимур Юсупов', en: 'Timur Yussupov', affiliation: 'Азаматтық Форум' },
];

export interface DemoElection {
  election: NewElectionRow;
  ballotOptions: Omit<NewBallotOptionRow, 'election_id'>[];
  stations: Omit<NewStationRow, 'election_id'>[];
}

/** mulberry32: small, fast and good enough for demo data; fully determined by the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

export function generateDemoElection(seed = DEMO_SEED): DemoElection {
  const random = prng(seed);
  const gauss = () => {
    // Box-Muller; 1 - random() keeps the logarithm finite.
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (min: number, max: number) => Math.round(min + random() * (max - min));

  const stations: DemoElection['stations'] = [];
  let number = 0;
  for (const region of REGIONS) {
    const towns = TOWNS[region.code];
    if (!towns || towns.length === 0) throw new Error(`demo generator: no towns for region ${region.code}`);
    const isCity = region.kind === 'city';
    for (let i = 0; i < region.approxStations; i++) {
      number += 1;
      // Oblys: a third of the stations in the centre, the rest around the other towns and villages.
      const town = isCity || random() < 0.33 ? towns[0]! : pick(towns.slice(1).length ? towns.slice(1) : towns);
      const [townName, townLat, townLng] = town;
      const rural = !isCity && random() < 0.45;
      const spread = isCity ? 0.055 : rural ? 0.35 : 0.03;
      let lat = townLat;
      let lng = townLng;
      for (let attempt = 0; attempt < 40; attempt++) {
        const candidateLat = townLat + gauss() * spread;
        // A degree of longitude is shorter than a degree of latitude at these latitudes.
        const candidateLng = townLng + (gauss() * spread) / Math.cos((townLat * Math.PI) / 180);
        if (isOnLand(candidateLat, candidateLng)) {
          lat = candidateLat;
          lng = candidateLng;
          break;
        }
      }
      const voters = isCity
        ? between(1300, 3000)
        : rural
          ? Math.min(MAX_REGISTERED_VOTERS, Math.max(50, Math.round(60 + Math.abs(gauss()) * 500)))
          : between(700, 2600);
      const commissionSize = voters > 2000 ? between(7, 11) : between(5, 7);
      const roll = random() * 100;
      let acc = 0;
      const building = BUILDINGS.find((b) => (acc += b.weight) > roll) ?? BUILDINGS[0]!;
      const accessibility: AccessibilityFeature[] = ACCESSIBILITY_FEATURES.filter(
        (_feature, index) => random() < (index < 2 ? 0.7 : 0.25),
      );
      const district = isCity ? pick(CITY_DISTRICTS[region.code] ?? [townName]) : `${townName} ауданы`;
      const locality = rural ? `${pick(STREETS)} ауылы` : townName;
      stations.push({
        number,
        region_code: region.code,
        district,
        locality,
        address: `${locality}, ${pick(STREETS)} көшесі, ${between(1, 180)}`,
        building: building.name(between(1, 120)),
        building_kind: building.kind,
        floor: random() < 0.85 ? 1 : 2,
        lat: round5(lat),
        lng: round5(lng),
        registered_voters: voters,
        commission_size: commissionSize,
        accessibility,
      });
    }
  }

  return {
    election: {
      kind: 'presidential',
      name_kk: 'Қазақстан Республикасы Президентінің сайлауы (демо)',
      name_ru: 'Выборы Президента Республики Казахстан (демо)',
      name_en: 'Presidential election of the Republic of Kazakhstan (demo)',
      voting_date: '2026-12-20',
      status: 'campaign',
      is_active: true,
      is_demo: true,
    },
    // Candidates stand on the ballot in alphabetical order of surname (Kazakh).
    ballotOptions: [...DEMO_CANDIDATES]
      .sort((a, b) => a.kk.split(' ')[1]!.localeCompare(b.kk.split(' ')[1]!, 'kk'))
      .map((c, index) => ({
        position: index + 1,
        kind: 'candidate' as const,
        name_kk: c.kk,
        name_ru: c.ru,
        name_en: c.en,
        affiliation: c.affiliation,
      })),
    stations,
  };
}

/** The town points themselves, for tests: a station that found no land falls back to its town. */
export function demoTowns(): { region: string; name: string; lat: number; lng: number }[] {
  return Object.entries(TOWNS).flatMap(([region, towns]) =>
    towns.map(([name, lat, lng]) => ({ region, name, lat, lng })),
  );
}
