// English strings; kk.ts and ru.ts must have the same keys (the type below checks it).
const en = {
  app: {
    title: 'Baqylau',
    subtitle: 'Election observation headquarters',
    skipToMap: 'Skip to the map',
  },
  language: { label: 'Language', kk: 'Қазақша', ru: 'Русский', en: 'English' },
  map: {
    label: 'Map of polling stations',
    election: 'Election',
    stations_one: '{{count, number}} polling station',
    stations_other: '{{count, number}} polling stations',
    loading: 'Loading polling stations…',
    error: 'Could not load the stations: {{message}}',
    retry: 'Try again',
    empty: 'The active election has no polling stations yet.',
    noElection: 'No election is active. Load an election to see its stations.',
    offline: 'Offline map: borders only',
    station: 'Station No. {{number}}',
    voters: '{{count, number}} voters',
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Messages = Shape<typeof en>;
export default en satisfies Messages;
