import type { Messages } from './en.ts';

const ru: Messages = {
  app: {
    title: 'Baqylau',
    subtitle: 'Штаб наблюдения за выборами',
    skipToMap: 'Перейти к карте',
  },
  language: { label: 'Язык', kk: 'Қазақша', ru: 'Русский', en: 'English' },
  map: {
    label: 'Карта избирательных участков',
    election: 'Выборы',
    stations_one: '{{count, number}} избирательный участок',
    stations_few: '{{count, number}} избирательных участка',
    stations_many: '{{count, number}} избирательных участков',
    stations_other: '{{count, number}} избирательного участка',
    loading: 'Загрузка участков…',
    error: 'Не удалось загрузить участки: {{message}}',
    retry: 'Повторить',
    empty: 'В активных выборах пока нет участков.',
    noElection: 'Нет активных выборов. Загрузите выборы, чтобы увидеть участки.',
    offline: 'Офлайн-карта: только границы',
    station: 'Участок № {{number}}',
    voters: '{{count, number}} избирателей',
  },
} as Messages;
export default ru;
