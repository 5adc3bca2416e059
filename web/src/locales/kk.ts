import type { Messages } from './en.ts';

const kk: Messages = {
  app: {
    title: 'Baqylau',
    subtitle: 'Сайлауды бақылау штабы',
    skipToMap: 'Картаға өту',
  },
  language: { label: 'Тіл', kk: 'Қазақша', ru: 'Русский', en: 'English' },
  map: {
    label: 'Сайлау учаскелерінің картасы',
    election: 'Сайлау',
    stations_one: '{{count, number}} сайлау учаскесі',
    stations_other: '{{count, number}} сайлау учаскесі',
    loading: 'Учаскелер жүктелуде…',
    error: 'Учаскелерді жүктеу мүмкін болмады: {{message}}',
    retry: 'Қайталау',
    empty: 'Белсенді сайлауда әлі учаске жоқ.',
    noElection: 'Белсенді сайлау жоқ. Учаскелерді көру үшін сайлауды жүктеңіз.',
    offline: 'Офлайн карта: тек шекаралар',
    station: '№ {{number}} учаске',
    voters: '{{count, number}} сайлаушы',
  },
};
export default kk;
