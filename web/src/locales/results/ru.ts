import type { Messages } from '../en.ts';

const results = {
  title: 'Результаты',
  national: 'Вся страна',
  scope: 'Ваши регионы',
  back: 'Все регионы',
  basis: {
    label: 'Считать',
    verified: 'Только проверенные протоколы',
    received: 'Все полученные протоколы',
  },
  asOf: 'на {{time}} (UTC+5)',
  updated: 'обновлено {{time}}',
  loading: 'Загрузка результатов…',
  loadFailed: 'Не удалось загрузить результаты: {{message}}',
  retry: 'Повторить',
  downloadCsv: 'Скачать результаты (CSV)',
  empty: 'Пока не подсчитан ни один протокол. Цифры появятся здесь по мере поступления протоколов.',
  emptyVerified:
    'Проверенных протоколов пока нет. Выберите «Все полученные протоколы», чтобы увидеть поступившие копии.',
  summary: {
    label: 'Итоги',
    stations: 'Подсчитано участков',
    voters: 'Охвачено избирателей по спискам',
    turnout: 'Явка',
    invalid: 'Недействительные бюллетени',
    ofTotal: '{{counted}} из {{total}} ({{percent}})',
    ofBallots: '{{count}} ({{percent}} бюллетеней в ящиках)',
    turnoutValue: '{{percent}} ({{count}} избирателей)',
  },
  bars: {
    title: 'Голоса по позициям бюллетеня',
    caption: 'Доля от подсчитанных бюллетеней (голоса за все позиции и недействительные бюллетени).',
    value: '{{votes}} · {{percent}}',
  },
  regions: {
    title: 'По регионам',
    region: 'Регион',
    counted: 'Подсчитано',
    turnout: 'Явка',
    leading: 'Лидируют',
    open: 'Открыть: {{region}}',
    none: '—',
  },
  stations: {
    title: 'Участки региона',
    state: 'Протокол',
    any: 'Любое состояние',
    number: 'Участок',
    checks: 'Не пройдены проверки',
    updated: 'Обновлён',
    empty: 'Нет участков в этом состоянии.',
    loadFailed: 'Не удалось загрузить участки: {{message}}',
    more_one: 'Ещё {{count}} участок: выберите состояние, чтобы увидеть его.',
    more_few: 'Ещё {{count}} участка: выберите состояние, чтобы увидеть их.',
    more_many: 'Ещё {{count}} участков: выберите состояние, чтобы увидеть их.',
    more_other: 'Ещё {{count}} участка: выберите состояние, чтобы увидеть их.',
    station: '№ {{number}}',
  },
  map: {
    title: 'Карта охвата',
    label: 'Участки, окрашенные по состоянию протокола',
    layers: 'Показать на карте',
    offline: 'Карта без интернета: только границы',
    station: 'Участок № {{number}}',
    open: 'Открыть протокол',
    shown: 'Показано участков: {{count}}',
  },
  state: {
    none: 'протокола нет',
    received: 'получен',
    flagged: 'с ошибками (не сходится)',
    verified: 'проверен',
    differs: 'расходится с официальным',
  },
  marker: {
    legendTitle: 'После закрытия участка: протокол',
    protocol: 'Протокол: {{state}}',
  },
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['results'] = results;
export default checked;
