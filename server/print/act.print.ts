import type { ViolationPrint } from '../../db/queries/complaint.queries.ts';
import type { CoSigner, Involved, Signature } from '../../shared/violations.ts';
import {
  articleText,
  evidenceTable,
  formatDate,
  formatLocalTime,
  html,
  printPage,
  signatureRow,
  type PrintLang,
} from './page.print.ts';

const TEXT = {
  kk: {
    title: 'Заң бұзушылық туралы АКТ',
    subtitle: 'сайлау туралы заңнаманың бұзылуы жөнінде',
    election: 'Сайлау',
    votingDate: 'Дауыс беру күні',
    station: 'Сайлау учаскесі',
    address: 'Мекенжайы',
    observedAt: 'Бұзушылық уақыты',
    localTime: 'жергілікті уақыт, UTC+5',
    category: 'Бұзушылық түрі',
    article: 'Бұзылған заң нормасы',
    involved: 'Кім қатысты',
    chairTold: 'Төрағаға хабарланды ма',
    chairAnswer: 'Төрағаның жауабы',
    corrected: 'Бұзушылық жойылды',
    what: 'Не болды',
    actText: 'Акт мәтіні',
    copies: 'Даналары',
    copiesIntro: 'Акт үш данада жасалды:',
    signatures: 'Қолдар',
    observer: 'Бақылаушы',
    coSigners: 'Қосымша қол қойғандар',
    chair: 'УСК төрағасы',
    secretary: 'УСК хатшысы',
    refusalNote: 'Бас тарту туралы жазба',
    refusalLaw:
      'Төраға немесе хатшы актіге қол қоюдан бас тартқан жағдайда бұл актіде жазылады, актіге басқа бақылаушылар қол қояды.',
    date: 'Жасалған күні',
    yes: 'Иә',
    no: 'Жоқ',
    unknown: 'көрсетілмеген',
    none: '—',
    copyNames: {
      observer: 'бақылаушыға',
      commission: 'учаскелік сайлау комиссиясына',
      organisation: 'бақылаушы ұйымға',
    },
    signature: { signed: 'қол қойды', refused: 'ҚОЛ ҚОЮДАН БАС ТАРТТЫ', absent: 'болмады' } as Record<
      Signature,
      string
    >,
    roles: { observer: 'бақылаушы', proxy: 'сенім білдірілген адам', media: 'БАҚ өкілі', voter: 'сайлаушы' } as Record<
      CoSigner['role'],
      string
    >,
    involvedNames: {
      chair: 'төраға',
      secretary: 'хатшы',
      member: 'комиссия мүшесі',
      voter: 'сайлаушы',
      outsider: 'бөгде адам',
      police: 'полиция',
    } as Record<Involved, string>,
  },
  ru: {
    title: 'АКТ',
    subtitle: 'о нарушении законодательства о выборах',
    election: 'Выборы',
    votingDate: 'Дата голосования',
    station: 'Избирательный участок',
    address: 'Адрес',
    observedAt: 'Время нарушения',
    localTime: 'местное время, UTC+5',
    category: 'Вид нарушения',
    article: 'Нарушенная норма закона',
    involved: 'Кто участвовал',
    chairTold: 'Сообщено ли председателю',
    chairAnswer: 'Ответ председателя',
    corrected: 'Нарушение устранено',
    what: 'Что произошло',
    actText: 'Текст акта',
    copies: 'Экземпляры',
    copiesIntro: 'Акт составлен в трёх экземплярах:',
    signatures: 'Подписи',
    observer: 'Наблюдатель',
    coSigners: 'Акт также подписали',
    chair: 'Председатель УИК',
    secretary: 'Секретарь УИК',
    refusalNote: 'Запись об отказе',
    refusalLaw:
      'При отказе председателя или секретаря подписать акт отказ записывается в акте, акт подписывают другие наблюдатели.',
    date: 'Дата составления',
    yes: 'Да',
    no: 'Нет',
    unknown: 'не указано',
    none: '—',
    copyNames: {
      observer: 'наблюдателю',
      commission: 'участковой избирательной комиссии',
      organisation: 'организации-наблюдателю',
    },
    signature: { signed: 'подписал(а)', refused: 'ОТКАЗАЛСЯ(АСЬ) ПОДПИСАТЬ', absent: 'отсутствовал(а)' } as Record<
      Signature,
      string
    >,
    roles: {
      observer: 'наблюдатель',
      proxy: 'доверенное лицо',
      media: 'представитель СМИ',
      voter: 'избиратель',
    } as Record<CoSigner['role'], string>,
    involvedNames: {
      chair: 'председатель',
      secretary: 'секретарь',
      member: 'член комиссии',
      voter: 'избиратель',
      outsider: 'посторонний',
      police: 'полиция',
    } as Record<Involved, string>,
  },
};

const COPIES = ['observer', 'commission', 'organisation'] as const;

export const categoryTitle = (v: ViolationPrint, lang: PrintLang) =>
  `${lang === 'kk' ? v.category.titleKk : v.category.titleRu}${v.otherText ? `: ${v.otherText}` : ''}`;

/** The act as the law wants it on paper, pre-filled from what the observer reported. */
export function renderAct(v: ViolationPrint, lang: PrintLang): string {
  const t = TEXT[lang];
  const act = v.act;
  const told = v.chairNotified === null ? t.unknown : v.chairNotified ? t.yes : t.no;
  const involved = v.involved.length ? v.involved.map((i) => t.involvedNames[i]).join(', ') : t.none;
  const officer = (label: string, signature: Signature | undefined) =>
    html`${signatureRow(label, null, lang)}${
      signature
        ? html`<p class="${signature === 'refused' ? 'refused' : ''}">${label}: ${t.signature[signature]}</p>`
        : ''
    }`;
  const refusals = act
    ? [
        { label: t.chair, signature: act.chairSignature },
        { label: t.secretary, signature: act.secretarySignature },
      ].filter((o) => o.signature === 'refused')
    : [];
  // A paper act has room for co-signers even when none were recorded: they sign by hand.
  const coSigners = act?.coSigners.length
    ? act.coSigners.map((c) => signatureRow(`${t.roles[c.role]}`, c.name, lang))
    : [1, 2, 3].map(() => signatureRow(t.roles.observer, null, lang));

  const body = html`
    <h1>${t.title}</h1>
    <p class="subtitle">${t.subtitle}</p>
    <dl>
      <dt>${t.election}</dt>
      <dd>${lang === 'kk' ? v.election.nameKk : v.election.nameRu}</dd>
      <dt>${t.votingDate}</dt>
      <dd>${formatDate(v.election.votingDate)}</dd>
      <dt>${t.station}</dt>
      <dd>№ ${v.station.number}</dd>
      <dt>${t.address}</dt>
      <dd>${[v.station.locality, v.station.address].filter(Boolean).join(', ')}</dd>
      <dt>${t.observedAt}</dt>
      <dd>${formatLocalTime(v.observedAt)} (${t.localTime})</dd>
      <dt>${t.category}</dt>
      <dd>${categoryTitle(v, lang)}</dd>
      <dt>${t.article}</dt>
      <dd>${articleText(v.category.article, lang)}</dd>
      <dt>${t.involved}</dt>
      <dd>${involved}</dd>
      <dt>${t.chairTold}</dt>
      <dd>${told}</dd>
      <dt>${t.chairAnswer}</dt>
      <dd>${v.chairAnswer || t.none}</dd>
      ${
        v.correctedNote
          ? html`<dt>${t.corrected}</dt>
              <dd>${v.correctedNote}</dd>`
          : ''
      }
    </dl>
    <h2>${t.what}</h2>
    <div class="text">${v.description}</div>
    <h2>${t.actText}</h2>
    <div class="text">${act?.text ?? ''}</div>
    <h2>${t.copies}</h2>
    <p>${t.copiesIntro}</p>
    <ol>
      ${COPIES.map((c) => html`<li>${t.copyNames[c]}${act?.copies.includes(c) ? ' ✓' : ''}</li>`)}
    </ol>
    <h2>${t.signatures}</h2>
    ${signatureRow(t.observer, v.reporter.name, lang)}
    <p><strong>${t.coSigners}:</strong></p>
    ${coSigners} ${officer(t.chair, act?.chairSignature)} ${officer(t.secretary, act?.secretarySignature)}
    ${
      refusals.length
        ? html`<p>
              <strong>${t.refusalNote}:</strong> ${refusals.map(
                (o) => html`<span class="refused">${o.label}: ${t.signature.refused}.</span> `,
              )}${act?.refusalNote ? html`«${act.refusalNote}»` : ''}
            </p>
            <p class="small">${t.refusalLaw}</p>`
        : ''
    }
    <p>${t.date}: ____________</p>
    ${evidenceTable(v.evidence, lang)}
  `;
  return printPage(lang, `${t.title} — ${t.station} № ${v.station.number}`, body);
}
