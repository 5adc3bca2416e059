import type { Messages } from '../en.ts';

const results = {
  title: 'Нәтижелер',
  national: 'Бүкіл ел',
  scope: 'Сіздің өңірлеріңіз',
  back: 'Барлық өңірлер',
  basis: {
    label: 'Есептеу',
    verified: 'Тек тексерілген хаттамалар',
    received: 'Барлық алынған хаттамалар',
  },
  asOf: '{{time}} жағдай бойынша (UTC+5)',
  updated: '{{time}} жаңартылды',
  loading: 'Нәтижелер жүктелуде…',
  loadFailed: 'Нәтижелерді жүктеу мүмкін болмады: {{message}}',
  retry: 'Қайталау',
  downloadCsv: 'Нәтижелерді жүктеп алу (CSV)',
  empty: 'Әзірге бірде-бір хаттама есептелмеген. Хаттамалар келген сайын сандар осында пайда болады.',
  emptyVerified:
    'Тексерілген хаттама әлі жоқ. Келген көшірмелерді көру үшін «Барлық алынған хаттамалар» дегенді таңдаңыз.',
  summary: {
    label: 'Қорытынды',
    stations: 'Есептелген учаскелер',
    voters: 'Қамтылған тізімдегі сайлаушылар',
    turnout: 'Келу',
    invalid: 'Жарамсыз бюллетеньдер',
    ofTotal: '{{total}} ішінен {{counted}} ({{percent}})',
    ofBallots: '{{count}} (жәшіктердегі бюллетеньдердің {{percent}})',
    turnoutValue: '{{percent}} ({{count}} сайлаушы)',
  },
  bars: {
    title: 'Бюллетень нұсқалары бойынша дауыстар',
    caption: 'Есептелген бюллетеньдердегі үлесі (барлық нұсқаның дауыстары мен жарамсыз бюллетеньдер).',
    value: '{{votes}} · {{percent}}',
  },
  regions: {
    title: 'Өңірлер бойынша',
    region: 'Өңір',
    counted: 'Есептелді',
    turnout: 'Келу',
    leading: 'Алда',
    open: 'Ашу: {{region}}',
    none: '—',
  },
  stations: {
    title: 'Өңірдің учаскелері',
    state: 'Хаттама',
    any: 'Кез келген күй',
    number: 'Учаске',
    checks: 'Өтпеген тексерулер',
    updated: 'Жаңартылды',
    empty: 'Бұл күйде учаске жоқ.',
    loadFailed: 'Учаскелерді жүктеу мүмкін болмады: {{message}}',
    more_one: 'Тағы {{count}} учаске: көру үшін күйді таңдаңыз.',
    more_other: 'Тағы {{count}} учаске: көру үшін күйді таңдаңыз.',
    station: '№ {{number}}',
  },
  map: {
    title: 'Қамту картасы',
    label: 'Хаттаманың күйіне қарай боялған учаскелер',
    layers: 'Картада көрсету',
    offline: 'Интернетсіз карта: тек шекаралар',
    station: '№ {{number}} учаске',
    open: 'Хаттаманы ашу',
    shown: 'Көрсетілген учаскелер: {{count}}',
  },
  state: {
    none: 'хаттама жоқ',
    received: 'алынды',
    flagged: 'қателері бар (сәйкес келмейді)',
    verified: 'тексерілді',
    differs: 'ресми нәтижеден өзгеше',
  },
  marker: {
    legendTitle: 'Учаске жабылғаннан кейін: хаттама',
    protocol: 'Хаттама: {{state}}',
  },
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['results'] = results;
export default checked;
