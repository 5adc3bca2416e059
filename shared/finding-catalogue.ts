import type { LocalizedText } from './i18n.ts';

/**
 * The categories of campaign findings (domain brief, "The campaign"). This is the built-in list the
 * server loads into `finding_categories` at start; HQ's edits of a loaded row are kept.
 */
export interface BuiltinFindingCategory {
  code: string;
  title: LocalizedText;
}

export const BUILTIN_FINDING_CATEGORIES: readonly BuiltinFindingCategory[] = [
  {
    code: 'employer_pressure',
    title: {
      kk: 'Жұмыс берушінің дауыс беруге немесе бермеуге мәжбүрлеуі',
      ru: 'Давление работодателя: голосовать или не голосовать',
      en: 'Employer pressure to vote or not to vote',
    },
  },
  {
    code: 'admin_resources',
    title: {
      kk: 'Партия пайдасына әкімшілік ресурсты пайдалану',
      ru: 'Использование административного ресурса в пользу партии',
      en: 'Administrative resources used for a party',
    },
  },
  {
    code: 'vote_buying',
    title: { kk: 'Сайлаушыларды сатып алу', ru: 'Подкуп избирателей', en: 'Vote buying' },
  },
  {
    code: 'pressure_on_observers',
    title: {
      kk: 'Байқаушыларға немесе журналистерге қысым көрсету',
      ru: 'Давление на наблюдателей или журналистов',
      en: 'Pressure on observers or journalists',
    },
  },
  {
    code: 'campaign_rules',
    title: {
      kk: 'Үгіт жүргізу ережелерін бұзу',
      ru: 'Нарушение правил предвыборной агитации',
      en: 'Campaign rules broken',
    },
  },
  {
    code: 'commission_composition',
    title: {
      kk: 'Сайлау комиссияларын құру және олардың құрамы',
      ru: 'Формирование и состав избирательных комиссий',
      en: 'Commission formation and composition',
    },
  },
  {
    code: 'lists_not_published',
    title: {
      kk: 'Учаскелер мен комиссиялар тізімі уақтылы жарияланбаған',
      ru: 'Списки участков и комиссий не опубликованы вовремя',
      en: 'Station and commission lists not published on time',
    },
  },
  {
    code: 'voter_lists',
    title: {
      kk: 'Сайлаушылар тізіміндегі кемшіліктер',
      ru: 'Проблемы со списками избирателей',
      en: 'Voter-list problems',
    },
  },
  {
    code: 'accessibility',
    title: {
      kk: 'Сайлау учаскелерінің қолжетімділігі',
      ru: 'Доступность избирательных участков',
      en: 'Station accessibility',
    },
  },
  {
    code: 'media_coverage',
    title: { kk: 'БАҚ-та жариялау', ru: 'Освещение в СМИ', en: 'Media coverage' },
  },
  { code: 'other', title: { kk: 'Басқа', ru: 'Другое', en: 'Other' } },
];
